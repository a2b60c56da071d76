-- DuckDB, on the published warehouse: the open applications the marts count as ghosted, with
-- the day each became ghosted (mart_applications.ghosted_on). Applications already closed
-- (an outcome or a closed status) are not proposed: there is nothing to record for them.
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
    ghosted_on,
    days_since_last_activity
from main.mart_applications
where is_ghosted and is_open
order by days_since_last_activity desc, application_id asc
