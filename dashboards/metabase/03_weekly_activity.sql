-- title: Weekly activity
-- display: line
-- dimensions: week_start
-- metrics: applications_sent, interviews_held, offers, rejections
-- size: 24x6
-- Applications sent, interviews held, offers and rejections per ISO week (the candidate shown).
-- One row per week, empty weeks included.
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
