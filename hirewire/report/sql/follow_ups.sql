-- Open applications that need a follow-up, by the glossary's one rule
-- (mart_applications.needs_follow_up, the rows `make follow-ups` lists), quietest first, with
-- whom to write to and the offer's link so the reader can act from the report.
-- One row per application.
select
    candidate_id,
    application_id,
    company_name,
    job_title,
    source_label,
    current_status,
    follow_up_next_step,
    contact_name,
    contact_email,
    job_url,
    applied_on,
    last_activity_on,
    days_since_last_activity
from mart_applications
where needs_follow_up
order by candidate_id asc, days_since_last_activity desc, applied_on asc, application_id asc
