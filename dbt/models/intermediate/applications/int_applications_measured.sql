-- The glossary's per-application metrics: the milestones the accumulating snapshot computes
-- (furthest stage, first response, offer, open: see sql/duckdb/load/40_fct_application.sql),
-- and here, from the events, what depends on `as_of_date`: last activity, ghosting,
-- follow-ups and the terminal state, plus the rejection date.
-- Grain: one row per application.
-- Incremental (macros/incremental_scope.sql): a build rebuilds the applications in scope, which
-- hirewire.analytics takes from the ETL's changed applications and from the rows whose as-of
-- interval (as_of_valid_from, as_of_valid_until) does not hold the new as-of date. What moves
-- every day for every application (days since last activity, the as-of date itself) is left to
-- the mart_applications view, so a new as-of date does not force a rebuild of everything.
with

applications as (
    select
        application_key,
        application_id,
        candidate_key,
        candidate_id,
        company_id,
        position_key,
        position_id,
        candidate_name,
        company_name,
        source,
        source_label,
        channel_category,
        current_status,
        current_status_label,
        current_status_category,
        outcome,
        outcome_label,
        furthest_stage,
        contact_name,
        contact_email,
        offer_currency,
        furthest_stage_order,
        days_to_first_response,
        interview_count,
        offer_salary,
        has_responded,
        is_open,
        applied_on,
        first_response_on,
        offer_on,
        outcome_on
    from {{ ref('int_applications_joined') }}
    where {{ in_scope('application_key') }}
),

events as (
    select
        application_key,
        event_type,
        is_rejection,
        event_on
    from {{ ref('int_application_events_unioned') }}
    where {{ in_scope('application_key') }}
),

interviews as (
    select
        interview_key,
        application_key,
        interview_status_category,
        interviewer_name,
        interview_type_key,
        interview_on,
        scheduled_at
    from {{ ref('stg_warehouse__interviews') }}
    where {{ in_scope('application_key') }}
),

interview_types as (
    select
        interview_type_key,
        interview_type_label
    from {{ ref('stg_warehouse__interview_types') }}
),

-- The last interview held (not cancelled) up to the as-of date: whom to ask for news.
last_held_interviews as (
    select
        interviews.application_key,
        interviews.interviewer_name,
        interview_types.interview_type_label,
        interviews.interview_on
    from interviews
    left join interview_types
        on interviews.interview_type_key = interview_types.interview_type_key
    where
        interviews.interview_on <= {{ as_of_date() }}
        and interviews.interview_status_category <> 'cancelled'
    qualify
        row_number() over (
            partition by interviews.application_key
            -- Two interviews at the same time: the one recorded last (a stable answer).
            order by interviews.scheduled_at desc, interviews.interview_key desc
        ) = 1
),

-- An interview still to come: the ball is in the candidate's court, no follow-up.
upcoming_interviews as (
    select distinct application_key
    from interviews
    where
        interview_on > {{ as_of_date() }}
        and interview_status_category = 'planned'
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
        max(case when event_on <= {{ as_of_date() }} then event_on end) as last_activity_on,
        -- The next event after the as-of date: from that day on, the columns read as of a
        -- date (last activity, last and upcoming interviews) change.
        min(case when event_on > {{ as_of_date() }} then event_on end) as next_event_on
    from events
    group by 1
),

measured as (
    select
        applications.*,
        event_summaries.rejected_on,
        event_summaries.last_interview_on,
        event_summaries.last_activity_on,
        event_summaries.next_event_on
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
        ) as is_ghosted,
        -- The day the application became ghosted: the day its rule first held, not the day it
        -- was noticed, so a time to outcome measures the company's silence, not our delay.
        case
            when outcome = 'ghosted' then coalesce(outcome_on, last_activity_on, applied_on)
            when current_status = 'ghosted' then coalesce(last_activity_on, applied_on)
            when is_open
                then least(
                    case
                        when
                            not has_responded
                            and {{ as_of_date() }} - applied_on >= {{ var('ghost_after_days') }}
                            then applied_on + {{ var('ghost_after_days') }}
                    end,
                    case
                        when
                            last_activity_on <= last_interview_on
                            and {{ as_of_date() }} - last_interview_on
                            >= {{ var('silent_after_interview_days') }}
                            then last_interview_on + {{ var('silent_after_interview_days') }}
                    end
                )
        end as ghosted_on
    from measured
),

follow_ups as (
    select
        ghosting.*,
        -- The one follow-up rule (glossary: follow_up): make follow-ups, the report and
        -- mart_applications read this column, so their counts agree.
        coalesce(
            ghosting.is_open
            and not ghosting.is_ghosted
            and upcoming_interviews.application_key is null
            and ghosting.days_since_last_activity
            >= case
                when last_held_interviews.application_key is not null
                    then {{ var('follow_up_after_interview_days') }}
                else {{ var('follow_up_after_days') }}
            end,
            false
        ) as needs_follow_up,
        case
            when ghosting.current_status = 'on_hold'
                then 'ask whether the position is still open'
            when last_held_interviews.application_key is not null
                then
                    'ask '
                    || coalesce(
                        last_held_interviews.interviewer_name,
                        ghosting.contact_name,
                        'the recruiter'
                    )
                    || ' for news since the '
                    || lower(coalesce(last_held_interviews.interview_type_label, 'interview'))
                    || ' of ' || cast(last_held_interviews.interview_on as varchar)
            when ghosting.days_since_last_activity >= 3 * {{ var('follow_up_after_days') }}
                then
                    'last try: write to '
                    || coalesce(ghosting.contact_name, 'the recruiter')
                    || '; if nothing comes, record the outcome ghosted (record-outcome)'
            else 'send a follow-up to ' || coalesce(ghosting.contact_name, 'the recruiter')
        end as follow_up_next_step
    from ghosting
    left join last_held_interviews
        on ghosting.application_key = last_held_interviews.application_key
    left join upcoming_interviews
        on ghosting.application_key = upcoming_interviews.application_key
),

terminal_states as (
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
    from follow_ups
),

-- The days on which a rule of this model changes its answer for this application: an event's
-- day (read as of a date from then on), and each day a waiting time of the glossary runs out
-- (ghosting, follow-ups, the last-try step), counted from the dates read as of the as-of date.
thresholds as (
    select
        *,
        [
            applied_on + {{ var('ghost_after_days') }},
            last_interview_on + {{ var('silent_after_interview_days') }},
            last_activity_on + {{ var('follow_up_after_days') }},
            last_activity_on + {{ var('follow_up_after_interview_days') }},
            last_activity_on + 3 * {{ var('follow_up_after_days') }}
        ] as threshold_days
    from terminal_states
),

-- Every as-of date in [as_of_valid_from, as_of_valid_until) gives this row exactly (null: no
-- bound); a build as of another date rebuilds the row.
final as (
    select
        * exclude (threshold_days, next_event_on, as_of_date, days_since_last_activity),
        greatest(
            last_activity_on,
            list_max(list_filter(threshold_days, day -> day <= {{ as_of_date() }}))
        ) as as_of_valid_from,
        least(
            next_event_on,
            list_min(list_filter(threshold_days, day -> day > {{ as_of_date() }}))
        ) as as_of_valid_until
    from thresholds
)

select * from final
