-- Each application's path through the stages, as Sankey edges: applied, then every stage that
-- beat the furthest one reached so far (in date order, so backdated history lands where it
-- belongs), then its terminal state. mart_stage_flow counts them per candidate.
-- Grain: one row per application and source stage (each stage is left at most once).
-- Incremental (macros/incremental_scope.sql): a build retraces the applications in scope only.
-- The windows sort and carry integers only (stage orders, a flag, dates): sorting text through
-- them is what made the stage flow slow on large searches.
with

applications as (
    select
        application_key,
        candidate_id,
        terminal_state
    from {{ ref('int_applications_measured') }}
    where {{ in_scope('application_key') }}
),

events as (
    select
        application_key,
        event_type != 'applied' as is_after_applying,
        event_on,
        event_at,
        reached_stage_order
    from {{ ref('int_application_events_unioned') }}
    where reached_stage_order is not null and {{ in_scope('application_key') }}
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
        reached_stage_order,
        max(reached_stage_order) over (
            partition by application_key
            -- Applying always comes first, whatever a mistyped date says.
            order by
                is_after_applying,
                event_on nulls first,
                event_at nulls first,
                reached_stage_order
            rows between unbounded preceding and 1 preceding
        ) as previous_furthest_order
    from events
),

-- A stage event is a node when it beats everything before it; two events of one stage
-- can never both do so, so each (application, stage) is a node at most once.
stage_nodes as (
    select
        application_key,
        reached_stage_order as node_order
    from ordered_events
    where previous_furthest_order is null or reached_stage_order > previous_furthest_order
),

-- Every application has a node (applying); its last one is the furthest stage reached.
stage_edges as (
    select
        application_key,
        node_order as source_stage_order,
        lead(node_order) over (partition by application_key order by node_order)
            as next_stage_order
    from stage_nodes
),

-- The terminal state (order 1000: after every stage) closes the path unless it is a stage
-- the path already reached (an offer still pending, or accepted).
edges as (
    select
        stage_edges.application_key,
        stage_edges.source_stage_order,
        case
            when stage_edges.next_stage_order is not null then stage_edges.next_stage_order
            when
                terminal_stages.stage_order is null
                or terminal_stages.stage_order > stage_edges.source_stage_order
                then 1000
        end as target_stage_order,
        applications.candidate_id,
        applications.terminal_state
    from stage_edges
    inner join applications
        on stage_edges.application_key = applications.application_key
    left join stages as terminal_stages
        on applications.terminal_state = terminal_stages.stage
),

final as (
    select
        application_key,
        candidate_id,
        terminal_state,
        source_stage_order,
        target_stage_order
    from edges
    where target_stage_order is not null
)

select * from final
