-- The glossary's per-application metrics: the milestones the accumulating snapshot computes
-- (furthest stage, first response, offer, open: see sql/duckdb/load/40_fct_application.sql),
-- and here, from the events, what depends on `as_of_date`: last activity, ghosting and the
-- terminal state, plus the rejection date.
-- Grain: one row per application.
with

applications as (
    select
        application_key,
        application_id,
        candidate_key,
        candidate_id,
        company_id,
        position_id,
        candidate_name,
        company_name,
        job_title,
        source,
        source_label,
        channel_category,
        current_status,
        current_status_label,
        current_status_category,
        outcome,
        outcome_label,
        furthest_stage,
        offer_currency,
        posted_currency,
        salary_band,
        furthest_stage_order,
        days_to_first_response,
        interview_count,
        offer_salary,
        posted_salary_min,
        posted_salary_max,
        has_responded,
        is_open,
        applied_on,
        first_response_on,
        offer_on,
        outcome_on
    from {{ ref('int_applications_joined') }}
),

events as (
    select
        application_key,
        event_type,
        is_rejection,
        event_on
    from {{ ref('int_application_events_unioned') }}
),

-- Only what the snapshot cannot hold: dates read as of the as-of date, and the rejection date
-- (no column of the snapshot).
event_summaries as (
    select
        application_key,
        min(case when is_rejection then event_on end) as rejected_on,
        max(
            case when event_type = 'interview' and event_on <= {{ as_of_date() }} then event_on end
        ) as last_interview_on,
        max(case when event_on <= {{ as_of_date() }} then event_on end) as last_activity_on
    from events
    group by 1
),

measured as (
    select
        applications.*,
        event_summaries.rejected_on,
        event_summaries.last_interview_on,
        event_summaries.last_activity_on
    from applications
    left join event_summaries
        on applications.application_key = event_summaries.application_key
),

ghosting as (
    select
        *,
        {{ as_of_date() }} as as_of_date,
        {{ as_of_date() }} - last_activity_on as days_since_last_activity,
        coalesce(
            outcome = 'ghosted'
            or current_status = 'ghosted'
            or (
                is_open
                and not has_responded
                and {{ as_of_date() }} - applied_on >= {{ var('ghost_after_days') }}
            )
            or (
                is_open
                and last_activity_on <= last_interview_on
                and {{ as_of_date() }} - last_interview_on
                >= {{ var('silent_after_interview_days') }}
            ),
            false
        ) as is_ghosted
    from measured
),

final as (
    select
        *,
        case
            when outcome in ('accepted', 'declined', 'rejected', 'ghosted', 'withdrew')
                then outcome
            when current_status in ('accepted', 'rejected', 'withdrew', 'ghosted')
                then current_status
            when outcome = 'offer' or current_status = 'offer' then 'offer'
            when is_ghosted then 'ghosted'
            else 'open'
        end as terminal_state
    from ghosting
)

select * from final
