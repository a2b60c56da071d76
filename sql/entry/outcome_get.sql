-- One outcome with its application's date and status, for edits, deletions and checks.
select
    outcomes.id,
    outcomes.process_id as application_id,
    outcomes.outcome_code,
    outcomes.currency,
    outcomes.notes,
    processes.candidate_id,
    processes.status_code as application_status_code,
    outcomes.salary_offered,
    processes.applied_on,
    outcomes.decided_on
from hirewire.interview_outcomes as outcomes
inner join hirewire.interview_processes as processes
    on outcomes.process_id = processes.id
where outcomes.id = :outcome_id
