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

candidates as (
    select distinct candidate_id
    from applications
),

reached as (
    select
        candidates.candidate_id,
        stages.stage,
        stages.stage_label,
        stages.stage_order,
        count(applications.candidate_id) as applications
    from candidates
    cross join stages
    left join applications
        on
            candidates.candidate_id = applications.candidate_id
            and stages.stage_order <= applications.furthest_stage_order
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
