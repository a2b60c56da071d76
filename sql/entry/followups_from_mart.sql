-- DuckDB, on the published warehouse: the applications to follow up, by the one rule of the
-- glossary (mart_applications.needs_follow_up), with whom to write to and the offer's link.
-- One row per application to follow up, the longest silent first.
select
    application_id,
    candidate_id,
    company_name,
    job_title,
    current_status as status,
    days_since_last_activity as silent_days,
    last_activity_on,
    follow_up_next_step as next_step,
    contact_name,
    contact_email,
    job_url,
    as_of_date
from main.mart_applications
where needs_follow_up
order by days_since_last_activity desc, application_id asc
