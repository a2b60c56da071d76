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

-- Each application's stage orders in the order it reached them. Applying always comes first,
-- whatever a mistyped date says; a missing date or time sorts first (-infinity). One list per
-- application, sorted in place: a window or an ordered aggregate over millions of events costs
-- several times more.
reached_orders as (
    select
        application_key,
        list_transform(
            list_sort(
                list({
                    'is_not_applied': event_type != 'applied',
                    'event_on': coalesce(event_on, cast('-infinity' as date)),
                    'event_at': coalesce(event_at, cast('-infinity' as timestamptz)),
                    'stage_order': reached_stage_order
                })
            ),
            reached -> reached.stage_order
        ) as stage_orders
    from events
    group by 1
),

-- The path: every stage that beats the furthest one reached before it.
stage_paths as (
    select
        application_key,
        list_filter(
            stage_orders,
            (stage_order, position) -> position = 1
            or stage_order > list_max(stage_orders[:position - 1])
        ) as node_orders
    from reached_orders
),

-- The terminal state (node order 1000) closes the path unless it is a stage the path already
-- reached (an offer still pending, or accepted).
paths as (
    select
        applications.candidate_id,
        applications.terminal_state,
        case
            when
                terminal_stages.stage_order is null
                or terminal_stages.stage_order > coalesce(list_max(stage_paths.node_orders), 0)
                then list_append(stage_paths.node_orders, 1000)
            else stage_paths.node_orders
        end as node_orders
    from applications
    left join stage_paths
        on applications.application_key = stage_paths.application_key
    left join stages as terminal_stages
        on applications.terminal_state = terminal_stages.stage
),

steps as (
    select
        candidate_id,
        terminal_state,
        node_orders,
        unnest(range(1, len(node_orders))) as step
    from paths
    where len(node_orders) > 1
),

edges as (
    select
        steps.candidate_id,
        source_stages.stage as source_stage,
        case
            when steps.node_orders[steps.step + 1] = 1000 then steps.terminal_state
            else target_stages.stage
        end as target_stage,
        steps.node_orders[steps.step] as source_stage_order,
        steps.node_orders[steps.step + 1] as target_stage_order
    from steps
    inner join stages as source_stages
        on steps.node_orders[steps.step] = source_stages.stage_order
    left join stages as target_stages
        on steps.node_orders[steps.step + 1] = target_stages.stage_order
),

final as (
    select
        edges.candidate_id,
        edges.source_stage,
        edges.target_stage,
        min(edges.source_stage_order) as source_stage_order,
        min(edges.target_stage_order) as target_stage_order,
        edges.target_stage_order = 1000 as is_terminal_target,
        count(*) as applications
    from edges
    group by 1, 2, 3, 6
)

select * from final
