-- Applications matching a search text (company or title) for a pick list: open ones first.
-- One row per application.
select
    processes.id,
    companies.name as company_name,
    positions.title as job_title,
    processes.status_code,
    processes.applied_on
from hirewire.interview_processes as processes
inner join hirewire.job_positions as positions
    on processes.position_id = positions.id
inner join hirewire.companies as companies
    on positions.company_id = companies.id
inner join hirewire.process_statuses as statuses
    on processes.status_code = statuses.code
where
    processes.candidate_id = :candidate_id
    and (companies.name ilike :pattern escape '\' or positions.title ilike :pattern escape '\')
order by statuses.category = 'open' desc, processes.applied_on desc, processes.id desc
limit :limit
