-- Sankey edges of where applications go. Each application contributes its real path once:
-- applied, then every stage that beat the furthest one reached so far (in date order, so
-- backdated history lands where it belongs), then its terminal state.
-- Grain: one row per candidate, source_stage and target_stage.
with

applications as (
    select
        application_key,
        candidate_id,
        terminal_state
    from {{ ref('int_applications_measured') }}
),

events as (
    select
        application_key,
        event_type,
        reached_stage,
        reached_stage_order,
        event_on,
        event_at
    from {{ ref('int_application_events_unioned') }}
    where reached_stage_order is not null
),

stages as (
    select
        status_code as stage,
        stage_order
    from {{ ref('stg_warehouse__statuses') }}
    where stage_order is not null and status_key > 0
),

ordered_events as (
    select
        application_key,
        reached_stage,
        reached_stage_order,
        max(reached_stage_order) over (
            partition by application_key
            -- Applying always comes first, whatever a mistyped date says.
            order by
                event_type != 'applied',
                event_on nulls first,
                event_at nulls first,
                reached_stage_order
            rows between unbounded preceding and 1 preceding
        ) as previous_furthest_order
    from events
),

stage_nodes as (
    select distinct
        application_key,
        reached_stage as node,
        reached_stage_order as node_order
    from ordered_events
    where previous_furthest_order is null or reached_stage_order > previous_furthest_order
),

path_ends as (
    select
        application_key,
        max(node_order) as furthest_order
    from stage_nodes
    group by 1
),

-- The terminal state closes the path unless it is a stage the path already reached
-- (an offer still pending, or accepted).
terminal_nodes as (
    select
        applications.application_key,
        applications.terminal_state as node,
        1000 as node_order
    from applications
    left join stages
        on applications.terminal_state = stages.stage
    left join path_ends
        on applications.application_key = path_ends.application_key
    where stages.stage_order is null or stages.stage_order > coalesce(path_ends.furthest_order, 0)
),

nodes as (
    select * from stage_nodes
    union all
    select * from terminal_nodes
),

edges as (
    select
        application_key,
        node as source_stage,
        lead(node) over (partition by application_key order by node_order) as target_stage,
        node_order as source_stage_order,
        lead(node_order) over (partition by application_key order by node_order)
            as target_stage_order
    from nodes
),

final as (
    select
        applications.candidate_id,
        edges.source_stage,
        edges.target_stage,
        min(edges.source_stage_order) as source_stage_order,
        min(edges.target_stage_order) as target_stage_order,
        edges.target_stage_order = 1000 as is_terminal_target,
        count(*) as applications
    from edges
    inner join applications
        on edges.application_key = applications.application_key
    where edges.target_stage is not null
    group by 1, 2, 3, 6
)

select * from final
