-- Every application of one candidate (or all when :candidate_id is null), in the columns of
-- docs/import-template.csv, so an export can be imported again. One row per application.
with last_status_changes as (
    select distinct on (process_id)
        process_id,
        effective_at::date as status_date
    from hirewire.process_status_history
    where from_status_code is not null
    order by process_id asc, effective_at desc, id desc
)

select
    processes.id,
    candidates.name as candidate,
    companies.name as company,
    positions.title,
    processes.source_code as source,
    processes.status_code as status,
    outcomes.outcome_code as outcome,
    outcomes.currency,
    positions.url,
    positions.location,
    processes.contact_name as contact,
    processes.contact_email,
    processes.notes,
    outcomes.salary_offered as offer_salary,
    processes.applied_on,
    last_status_changes.status_date,
    outcomes.decided_on as outcome_date,
    concat_ws('-', positions.salary_min, nullif(positions.salary_max, positions.salary_min))
        as salary
from hirewire.interview_processes as processes
inner join hirewire.candidates as candidates
    on processes.candidate_id = candidates.id
inner join hirewire.job_positions as positions
    on processes.position_id = positions.id
inner join hirewire.companies as companies
    on positions.company_id = companies.id
left join hirewire.interview_outcomes as outcomes
    on processes.id = outcomes.process_id
left join last_status_changes
    on processes.id = last_status_changes.process_id
where :candidate_id::bigint is null or processes.candidate_id = :candidate_id::bigint
order by processes.applied_on asc, processes.id asc
