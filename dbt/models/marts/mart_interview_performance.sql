-- How each kind of interview goes: how many, how many held, average rating, and how often
-- the application went further afterwards.
-- Grain: one row per candidate and interview type.
with

applications as (
    select
        application_key,
        candidate_id
    from {{ ref('int_applications_measured') }}
    where {{ in_scope('candidate_id', 'candidate') }}
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
    {%- if is_incremental() %}
        -- The candidates in scope, and interviews of no known application (candidate -1,
        -- always in scope).
        where
            application_key in (select applications.application_key from applications)
            or application_key not in (
                select known.application_key from {{ ref('int_applications_measured') }} as known
            )
    {%- endif %}
),

interview_types as (
    select
        interview_type_key,
        interview_type_code,
        interview_type_label,
        interview_type_category,
        interview_type_sort_order
    from {{ ref('stg_warehouse__interview_types') }}
),

events as (
    select
        application_key,
        reached_stage_order,
        event_on
    from {{ ref('int_application_events_unioned') }}
    where
        reached_stage_order is not null
        {%- if is_incremental() %}
            and application_key in (select applications.application_key from applications)
        {%- endif %}
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
        coalesce(applications.candidate_id, -1) as candidate_id,
        coalesce(interview_types.interview_type_code, 'unknown') as interview_type,
        coalesce(interview_types.interview_type_label, 'Unknown') as interview_type_label,
        coalesce(interview_types.interview_type_category, 'unknown') as interview_type_category,
        count(*) as interviews,
        count(case when interviews.is_completed then 1 end) as completed,
        avg(interviews.rating) as average_rating,
        count(case when interviews.is_completed and progressed.interview_key is not null then 1 end)
            as followed_by_further_stage,
        {{ safe_ratio(
            'count(case when interviews.is_completed'
            ~ ' and progressed.interview_key is not null then 1 end)',
            'count(case when interviews.is_completed then 1 end)'
        ) }} as share_followed_by_further_stage
    from interviews
    left join applications
        on interviews.application_key = applications.application_key
    left join interview_types
        on interviews.interview_type_key = interview_types.interview_type_key
    left join progressed
        on interviews.interview_key = progressed.interview_key
    group by 1, 2, 3, 4
)

select * from final
