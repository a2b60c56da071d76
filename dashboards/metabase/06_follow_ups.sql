-- title: Applications to follow up
-- display: table
-- dimensions: company_name, job_title
-- metrics: days_since_last_activity
-- size: 24x7
-- Open applications with no news for a week or more and not yet ghosted (the candidate shown):
-- time to write to the company. One row per application, quietest first.
-- The candidate shown: the default one, or while it has no application yet (a fresh install
-- with only the sample, filed under its own candidate) the first candidate that has some.
with candidates as (
    -- From the marts only, never a star dimension.
    select candidate_id
    from mart_candidates
    where applications > 0
    order by is_default desc, candidate_id asc
    limit 1
),

applications as (
    select
        candidate_id,
        company_name,
        job_title,
        source_label,
        current_status_label,
        days_since_last_activity,
        applied_on,
        last_activity_on,
        needs_follow_up
    from mart_applications
),

final as (
    select
        applications.company_name,
        applications.job_title,
        applications.current_status_label as current_status,
        applications.source_label as source,
        applications.applied_on,
        applications.last_activity_on,
        applications.days_since_last_activity
    from applications
    inner join candidates
        on applications.candidate_id = candidates.candidate_id
    where applications.needs_follow_up
)

select * from final
order by days_since_last_activity desc, applied_on asc
