-- What deleting an application takes with it, for the confirmation: one row.
select
    (
        select count(*) from hirewire.interviews
        where process_id = :application_id
    ) as interview_count,
    (
        select count(*) from hirewire.process_status_history
        where process_id = :application_id
    ) as status_change_count,
    (
        select outcome_code from hirewire.interview_outcomes
        where process_id = :application_id
    ) as outcome_code,
    -- The position and company stay: whether another application still uses the position.
    (
        select count(*) from hirewire.interview_processes as sharing
        where
            sharing.position_id = (
                select processes.position_id from hirewire.interview_processes as processes
                where processes.id = :application_id
            )
            and sharing.id <> :application_id
    ) as other_applications_on_position
