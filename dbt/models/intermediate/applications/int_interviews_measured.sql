-- Each interview with its candidate and whether the application went further afterwards:
-- a later interview of the same application that was not cancelled, or a stage beyond
-- interviewing (technical test, final round, offer, accepted) reached on or after that day.
-- mart_interview_performance counts them per candidate and interview type.
-- Grain: one row per interview.
-- Incremental (macros/incremental_scope.sql): a build measures the applications in scope only
-- (and the interviews of no known application, key -1, which every scope holds).
with

applications as (
    select
        application_key,
        candidate_id
    from {{ ref('int_applications_measured') }}
    where {{ in_scope('application_key') }}
),

interviews as (
    select
        interview_key,
        application_key,
        interview_type_key,
        interview_status_category,
        rating,
        is_completed,
        interview_on,
        scheduled_at
    from {{ ref('stg_warehouse__interviews') }}
    where {{ in_scope('application_key') }}
),

events as (
    select
        application_key,
        reached_stage_order,
        event_on
    from {{ ref('int_application_events_unioned') }}
    where reached_stage_order is not null and {{ in_scope('application_key') }}
),

interviewing_stage as (
    select stage_order
    from {{ ref('stg_warehouse__statuses') }}
    where status_code = 'interviewing' and status_key > 0
),

-- Followed by a further stage: a later interview of the same application that was not
-- cancelled, or a stage beyond interviewing (technical test, final round, offer, accepted)
-- reached on or after that day. Both are read from one row per application (its latest
-- interview that was not cancelled, its last day at a further stage) instead of pairing every
-- interview with every other event of its application: the same answer, at a fraction of the
-- rows on a large warehouse.
latest_interview_times as (
    select
        application_key,
        max(scheduled_at) as latest_at
    from interviews
    where interview_status_category != 'cancelled'
    group by 1
),

-- Ties on the time: the interview with the highest key counts as the later one.
latest_interviews as (
    select
        interviews.application_key,
        latest_interview_times.latest_at,
        max(interviews.interview_key) as latest_key
    from interviews
    inner join latest_interview_times
        on
            interviews.application_key = latest_interview_times.application_key
            and interviews.scheduled_at = latest_interview_times.latest_at
    where interviews.interview_status_category != 'cancelled'
    group by 1, 2
),

further_stage_days as (
    select
        events.application_key,
        max(events.event_on) as last_further_stage_on
    from events
    inner join interviewing_stage
        on events.reached_stage_order > interviewing_stage.stage_order
    group by 1
),

progressed as (
    select interviews.interview_key
    from interviews
    left join latest_interviews
        on interviews.application_key = latest_interviews.application_key
    left join further_stage_days
        on interviews.application_key = further_stage_days.application_key
    where
        interviews.scheduled_at < latest_interviews.latest_at
        or (
            interviews.scheduled_at = latest_interviews.latest_at
            and interviews.interview_key < latest_interviews.latest_key
        )
        or further_stage_days.last_further_stage_on >= interviews.interview_on
),

final as (
    select
        interviews.interview_key,
        interviews.application_key,
        -- Null for an interview of no known application (the marts decide where it counts).
        applications.candidate_id,
        interviews.interview_type_key,
        interviews.rating,
        interviews.is_completed,
        progressed.interview_key is not null as is_followed_by_further_stage,
        interviews.interview_on
    from interviews
    left join applications
        on interviews.application_key = applications.application_key
    left join progressed
        on interviews.interview_key = progressed.interview_key
)

select * from final
