-- One interview with its application's date and status, for edits, deletions and checks.
select
    interviews.id,
    interviews.process_id as application_id,
    interviews.interview_type_code,
    interviews.status_code,
    interviews.duration_minutes,
    interviews.interviewer_name,
    interviews.feedback,
    interviews.rating,
    processes.candidate_id,
    processes.applied_on,
    interviews.scheduled_at
from hirewire.interviews as interviews
inner join hirewire.interview_processes as processes
    on interviews.process_id = processes.id
where interviews.id = :interview_id
