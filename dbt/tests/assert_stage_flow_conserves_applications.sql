-- Flow conservation: at every intermediate stage of the Sankey, what comes in goes out (a path
-- never ends on a stage node unless that stage is its terminal state: a pending offer or
-- accepted, whose applications are counted by the funnel's terminal_state).
with

edges as (
    select
        candidate_id,
        source_stage,
        target_stage,
        applications
    from {{ ref('mart_stage_flow') }}
),

inflow as (
    select
        candidate_id,
        target_stage as stage,
        sum(applications) as applications
    from edges
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

ending_on_stage as (
    select
        candidate_id,
        terminal_state as stage,
        count(*) as applications
    from {{ ref('mart_applications') }}
    where terminal_state = furthest_stage
    group by 1, 2
)

select
    inflow.candidate_id,
    inflow.stage,
    inflow.applications as applications_in,
    outflow.applications as applications_out,
    ending_on_stage.applications as applications_ending_here
from inflow
inner join outflow
    on inflow.candidate_id = outflow.candidate_id and inflow.stage = outflow.stage
left join ending_on_stage
    on inflow.candidate_id = ending_on_stage.candidate_id and inflow.stage = ending_on_stage.stage
where inflow.applications != outflow.applications + coalesce(ending_on_stage.applications, 0)
