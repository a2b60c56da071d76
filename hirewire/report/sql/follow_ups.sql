-- Open applications that need a follow-up (mart_applications.needs_follow_up: open, not
-- ghosted, no news for a week or more), quietest first.
-- One row per application.
select
    candidate_id,
    application_id,
    company_name,
    job_title,
    source_label,
    current_status,
    applied_on,
    last_activity_on,
    days_since_last_activity
from mart_applications
where needs_follow_up
order by candidate_id asc, days_since_last_activity desc, applied_on asc, application_id asc
