-- The hiring funnel: how many applications reached at least each stage, whatever their
-- current status (glossary: funnel, furthest stage).
-- Grain: one row per candidate and stage.
with

applications as (
    select
        candidate_id,
        furthest_stage_order
    from {{ ref('int_applications_measured') }}
    where {{ in_scope('candidate_id', 'candidate') }}
),

stages as (
    select
        status_code as stage,
        status_label as stage_label,
        stage_order
    from {{ ref('stg_warehouse__statuses') }}
    where stage_order is not null and status_key > 0
),

-- Applications per furthest stage first: a few rows per candidate to pair with the stages,
-- instead of every application with every stage it reached.
furthest_counts as (
    select
        candidate_id,
        furthest_stage_order,
        count(*) as applications
    from applications
    group by 1, 2
),

candidates as (
    select distinct candidate_id
    from furthest_counts
),

reached as (
    select
        candidates.candidate_id,
        stages.stage,
        stages.stage_label,
        stages.stage_order,
        cast(coalesce(sum(furthest_counts.applications), 0) as bigint) as applications
    from candidates
    cross join stages
    left join furthest_counts
        on
            candidates.candidate_id = furthest_counts.candidate_id
            and stages.stage_order <= furthest_counts.furthest_stage_order
    group by 1, 2, 3, 4
),

final as (
    select
        candidate_id,
        stage,
        stage_label,
        stage_order,
        applications,
        100 * {{ safe_ratio(
            'applications',
            'first_value(applications) over (partition by candidate_id order by stage_order)'
        ) }} as pct_of_applied,
        -- The first stage has no previous one: 100, as funnel charts show it.
        100 * {{ safe_ratio(
            'applications',
            'coalesce(lag(applications) over (partition by candidate_id order by stage_order),'
            ~ ' applications)'
        ) }} as pct_of_previous
    from reached
)

select * from final
