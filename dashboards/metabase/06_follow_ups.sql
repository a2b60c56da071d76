-- title: Applications to follow up
-- display: table
-- dimensions: company_name, job_title
-- metrics: days_since_last_activity
-- size: 24x7
-- Open applications with no news for a week or more and not yet ghosted (top candidate):
-- time to write to the company. One row per application, quietest first.
with candidates as (
    -- From the marts only, never a star dimension; for a person following their own search,
    -- the one candidate is themselves.
    select candidate_key as candidate_id
    from mart_candidates
    where attention_rank = 1
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
