-- title: Weekly activity
-- display: line
-- dimensions: week_start
-- metrics: applications_sent, interviews_held, offers, rejections
-- size: 24x6
-- Applications sent, interviews held, offers and rejections per ISO week (top candidate).
-- One row per week, empty weeks included.
with candidates as (
    -- From the marts only, never a star dimension; for a person following their own search,
    -- the one candidate is themselves.
    select candidate_key as candidate_id
    from mart_candidates
    where attention_rank = 1
),

weeks as (
    select
        candidate_id,
        week_start,
        applications_sent,
        interviews_held,
        offers,
        rejections
    from mart_weekly_activity
),

final as (
    select
        weeks.week_start,
        weeks.applications_sent,
        weeks.interviews_held,
        weeks.offers,
        weeks.rejections
    from weeks
    inner join candidates
        on weeks.candidate_id = candidates.candidate_id
)

select * from final
order by week_start
