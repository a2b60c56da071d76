-- Flow conservation: at every intermediate stage of the Sankey, what comes in goes out (a path
-- never ends on a stage node unless that stage is its terminal state: a pending offer or
-- accepted, whose applications are counted by the funnel's terminal_state).
with

edges as (
    select
        candidate_id,
        source_stage,
        target_stage,
        is_terminal_target,
        applications
    from {{ ref('mart_stage_flow') }}
    where {{ in_build_scope('candidate_id') }}
),

-- Edges into a stage node (edges into a terminal state end the path there).
inflow as (
    select
        candidate_id,
        target_stage as stage,
        sum(applications) as applications
    from edges
    where not is_terminal_target
    group by 1, 2
),

outflow as (
    select
        candidate_id,
        source_stage as stage,
        sum(applications) as applications
    from edges
    group by 1, 2
),

-- The applications: int_applications_measured, whose rows mart_applications shows one for one.
ending_on_stage as (
    select
        candidate_id,
        terminal_state as stage,
        count(*) as applications
    from {{ ref('int_applications_measured') }}
    where terminal_state = furthest_stage and {{ in_build_scope('candidate_id') }}
    group by 1, 2
),

-- A full join: a stage that lost every outgoing edge (or every incoming one) is a row too.
-- `applied` is where every path starts (assert_stage_flow_leaving_applied_equals_applications).
flows as (
    select
        coalesce(inflow.candidate_id, outflow.candidate_id) as candidate_id,
        coalesce(inflow.stage, outflow.stage) as stage,
        coalesce(inflow.applications, 0) as applications_in,
        coalesce(outflow.applications, 0) as applications_out
    from inflow
    full outer join outflow
        on inflow.candidate_id = outflow.candidate_id and inflow.stage = outflow.stage
)

select
    flows.candidate_id,
    flows.stage,
    flows.applications_in,
    flows.applications_out,
    ending_on_stage.applications as applications_ending_here
from flows
left join ending_on_stage
    on flows.candidate_id = ending_on_stage.candidate_id and flows.stage = ending_on_stage.stage
where
    flows.stage != 'applied'
    and flows.applications_in
    != flows.applications_out + coalesce(ending_on_stage.applications, 0)
