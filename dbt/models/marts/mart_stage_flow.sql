-- Sankey edges of where applications go, per candidate: how many applications took each edge
-- of their path (int_stage_edges_traced), with the stages named.
-- Grain: one row per candidate, source_stage and target_stage.
with

edges as (
    select
        candidate_id,
        terminal_state,
        source_stage_order,
        target_stage_order
    from {{ ref('int_stage_edges_traced') }}
    where {{ in_scope('candidate_id', 'candidate') }}
),

stages as (
    select
        status_code as stage,
        stage_order
    from {{ ref('stg_warehouse__statuses') }}
    where stage_order is not null and status_key > 0
),

-- Counted by the stage orders first (integers; the terminal state only on terminal edges):
-- grouping every edge by the stages' names cost several times the counting. The names join the
-- few rows left, and the second grouping is the one the grain names.
per_order as (
    select
        candidate_id,
        source_stage_order,
        target_stage_order,
        case when target_stage_order = 1000 then terminal_state end as terminal_state,
        count(*) as applications
    from edges
    group by 1, 2, 3, 4
),

final as (
    select
        per_order.candidate_id,
        source_stages.stage as source_stage,
        case
            when per_order.target_stage_order = 1000 then per_order.terminal_state
            else target_stages.stage
        end as target_stage,
        min(per_order.source_stage_order) as source_stage_order,
        min(per_order.target_stage_order) as target_stage_order,
        per_order.target_stage_order = 1000 as is_terminal_target,
        cast(sum(per_order.applications) as bigint) as applications
    from per_order
    left join stages as source_stages
        on per_order.source_stage_order = source_stages.stage_order
    left join stages as target_stages
        on per_order.target_stage_order = target_stages.stage_order
    group by 1, 2, 3, 6
)

select * from final
