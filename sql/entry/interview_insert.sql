-- Log one interview of an application.
insert into hirewire.interviews (
    process_id, interview_type_code, status_code, scheduled_at, duration_minutes,
    interviewer_name, feedback, rating
)
values (
    :application_id,
    :interview_type_code,
    :status_code,
    :scheduled_at,
    :duration_minutes,
    :interviewer_name,
    :feedback,
    :rating
)
returning id
