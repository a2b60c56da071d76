-- Weekly rhythm of the search: applications sent, interviews held, offers and rejections,
-- with every week from the first to the last activity present, even an empty one.
-- Grain: one row per candidate and ISO week (week_start is its Monday).
with

applications as (
    select
        candidate_id,
        applied_on,
        offer_on,
        rejected_on
    from {{ ref('int_applications_measured') }}
    where {{ in_scope('candidate_id', 'candidate') }}
),

-- Interviews held, with their candidate already attached (int_interviews_measured); one of no
-- known application belongs to no candidate's week.
interviews as (
    select
        candidate_id,
        interview_on
    from {{ ref('int_interviews_measured') }}
    where is_completed and {{ in_scope('candidate_id', 'candidate') }}
),

activities as (
    select
        candidate_id,
        'application' as activity,
        applied_on as activity_on
    from applications
    union all
    select
        candidate_id,
        'interview' as activity,
        interview_on as activity_on
    from interviews
    union all
    select
        candidate_id,
        'offer' as activity,
        offer_on as activity_on
    from applications
    union all
    select
        candidate_id,
        'rejection' as activity,
        rejected_on as activity_on
    from applications
),

weekly_counts as (
    select
        candidate_id,
        cast(date_trunc('week', activity_on) as date) as week_start,
        count(case when activity = 'application' then 1 end) as applications_sent,
        count(case when activity = 'interview' then 1 end) as interviews_held,
        count(case when activity = 'offer' then 1 end) as offers,
        count(case when activity = 'rejection' then 1 end) as rejections
    from activities
    where activity_on is not null
    group by 1, 2
),

week_ranges as (
    select
        candidate_id,
        min(week_start) as first_week_start,
        max(week_start) as last_week_start
    from weekly_counts
    group by 1
),

weeks as (
    select
        candidate_id,
        cast(
            unnest(
                generate_series(
                    cast(first_week_start as timestamp),
                    cast(last_week_start as timestamp),
                    interval 7 day
                )
            ) as date
        ) as week_start
    from week_ranges
),

final as (
    select
        weeks.candidate_id,
        weeks.week_start,
        cast(weeks.week_start + interval 6 day as date) as week_end,
        cast(strftime(weeks.week_start, '%G-W%V') as varchar) as iso_week,
        coalesce(weekly_counts.applications_sent, 0) as applications_sent,
        coalesce(weekly_counts.interviews_held, 0) as interviews_held,
        coalesce(weekly_counts.offers, 0) as offers,
        coalesce(weekly_counts.rejections, 0) as rejections
    from weeks
    left join weekly_counts
        on
            weeks.candidate_id = weekly_counts.candidate_id
            and weeks.week_start = weekly_counts.week_start
)

select * from final
