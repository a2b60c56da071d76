-- One application with its company, position and labels, for prompts and checks.
select
    processes.id,
    processes.candidate_id,
    processes.position_id,
    positions.company_id,
    outcomes.id as outcome_id,
    companies.name as company_name,
    positions.title as job_title,
    processes.source_code,
    processes.status_code,
    statuses.category as status_category,
    processes.applied_on,
    processes.contact_name,
    processes.contact_email,
    processes.notes,
    outcomes.outcome_code,
    positions.location,
    positions.remote_policy,
    positions.currency,
    positions.url,
    positions.salary_min,
    positions.salary_max,
    outcomes.decided_on
from hirewire.interview_processes as processes
inner join hirewire.job_positions as positions
    on processes.position_id = positions.id
inner join hirewire.companies as companies
    on positions.company_id = companies.id
inner join hirewire.process_statuses as statuses
    on processes.status_code = statuses.code
left join hirewire.interview_outcomes as outcomes
    on processes.id = outcomes.process_id
where processes.id = :application_id
