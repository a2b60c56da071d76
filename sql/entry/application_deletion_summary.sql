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
    ) as outcome_code
