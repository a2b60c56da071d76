-- Every dated fact about an application, in one list: applying, each status change, each
-- interview and the outcome, with the funnel stage each one proves and whether it is a
-- rejection. What depends on the as-of date (last activity, the stage flow) is read from here;
-- the milestones (first response, offer, furthest stage) come from the accumulating snapshot.
-- Grain: one row per application event (event_type, event_key). No text id: writing a unique
-- string for each of tens of millions of events cost more than the rest of the model.
-- Incremental: an incremental build rebuilds the events of the applications in scope only
-- (macros/incremental_scope.sql).
with

-- The application facts themselves, not int_applications_joined: only the outcome's code is
-- needed here, and that view would join every dimension (millions of companies and positions)
-- for columns this model never reads.
applications as (
    select
        application_key,
        outcome_key,
        applied_on,
        outcome_on
    from {{ ref('stg_warehouse__applications') }}
    where {{ in_scope('application_key') }}
),

outcomes as (
    select
        outcome_key,
        outcome_code
    from {{ ref('stg_warehouse__outcomes') }}
),

applications_with_outcome as (
    select
        applications.application_key,
        -- As in int_applications_joined: -1 (unknown) and -2 (none yet) are no outcome.
        case when applications.outcome_key > 0 then outcomes.outcome_code end as outcome,
        applications.applied_on,
        applications.outcome_on
    from applications
    left join outcomes
        on applications.outcome_key = outcomes.outcome_key
),

status_changes as (
    select
        status_change_key,
        application_key,
        to_status_key,
        effective_on,
        effective_at
    from {{ ref('stg_warehouse__status_changes') }}
    where {{ in_scope('application_key') }}
),

interviews as (
    select
        interview_key,
        application_key,
        interview_on,
        scheduled_at
    from {{ ref('stg_warehouse__interviews') }}
    where {{ in_scope('application_key') }}
),

statuses as (
    select
        status_key,
        status_code,
        stage_order
    from {{ ref('stg_warehouse__statuses') }}
),

stages as (
    select
        status_code as stage,
        stage_order
    from statuses
    where stage_order is not null and status_key > 0
),

-- Every application was sent, even when its date or history is missing.
applied_events as (
    select
        'applied' as event_type,
        'applied' as event_code,
        'applied' as reached_stage,
        application_key,
        application_key as event_key,
        applied_on as event_on,
        cast(null as timestamptz) as event_at
    from applications_with_outcome
),

status_change_events as (
    select
        'status_change' as event_type,
        coalesce(statuses.status_code, 'unknown') as event_code,
        -- Only a stage status proves a stage; rejected, withdrew, ghosted, on_hold do not.
        case when statuses.stage_order is not null then statuses.status_code end as reached_stage,
        status_changes.application_key,
        status_changes.status_change_key as event_key,
        coalesce(status_changes.effective_on, cast(status_changes.effective_at as date))
            as event_on,
        status_changes.effective_at as event_at
    from status_changes
    left join statuses
        on status_changes.to_status_key = statuses.status_key
),

interview_events as (
    select
        'interview' as event_type,
        'interview' as event_code,
        'interviewing' as reached_stage,
        application_key,
        interview_key as event_key,
        coalesce(interview_on, cast(scheduled_at as date)) as event_on,
        scheduled_at as event_at
    from interviews
),

outcome_events as (
    select
        'outcome' as event_type,
        outcome as event_code,
        case
            when outcome in ('offer', 'declined') then 'offer'
            when outcome = 'accepted' then 'accepted'
        end as reached_stage,
        application_key,
        application_key as event_key,
        outcome_on as event_on,
        cast(null as timestamptz) as event_at
    from applications_with_outcome
    where outcome is not null
),

unioned as (
    select * from applied_events
    union all
    select * from status_change_events
    union all
    select * from interview_events
    union all
    select * from outcome_events
),

-- Only integers, booleans, dates and the event type as an enum are written: text is what costs
-- when tens of millions of rows are written (at 5,000,000 applications, writing this table
-- took 16-18 CPU-seconds with three text columns, 6 with none). The stage is kept as its order
-- (models downstream join a stage's name where they show it, after grouping); the status or
-- outcome code is only needed here, for is_rejection.
final as (
    select
        cast(
            unioned.event_type as enum('applied', 'status_change', 'interview', 'outcome')
        ) as event_type,
        unioned.application_key,
        unioned.event_key,
        stages.stage_order as reached_stage_order,
        unioned.event_code = 'rejected' as is_rejection,
        unioned.event_on,
        unioned.event_at
    from unioned
    left join stages
        on unioned.reached_stage = stages.stage
)

select * from final
