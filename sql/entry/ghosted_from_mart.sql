-- DuckDB, on the published warehouse: the applications the marts count as ghosted.
-- One row per application, the longest silent first.
select
    application_id,
    candidate_id,
    company_name,
    job_title,
    source,
    current_status,
    applied_on,
    last_activity_on,
    days_since_last_activity
from main.mart_applications
where is_ghosted
order by days_since_last_activity desc, application_id asc
