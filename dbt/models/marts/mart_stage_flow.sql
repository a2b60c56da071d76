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

final as (
    select
        edges.candidate_id,
        source_stages.stage as source_stage,
        case
            when edges.target_stage_order = 1000 then edges.terminal_state
            else target_stages.stage
        end as target_stage,
        min(edges.source_stage_order) as source_stage_order,
        min(edges.target_stage_order) as target_stage_order,
        edges.target_stage_order = 1000 as is_terminal_target,
        count(*) as applications
    from edges
    left join stages as source_stages
        on edges.source_stage_order = source_stages.stage_order
    left join stages as target_stages
        on edges.target_stage_order = target_stages.stage_order
    group by 1, 2, 3, 6
)

select * from final
