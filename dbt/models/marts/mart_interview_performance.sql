-- How each kind of interview goes: how many, how many held, average rating, and how often
-- the application went further afterwards.
-- Grain: one row per candidate and interview type.
with

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

applications as (
    select
        application_key,
        candidate_id
    from {{ ref('int_applications_measured') }}
),

events as (
    select
        application_key,
        reached_stage_order,
        event_on
    from {{ ref('int_application_events_unioned') }}
    where reached_stage_order is not null
),

interviewing_stage as (
    select stage_order
    from {{ ref('stg_warehouse__statuses') }}
    where status_code = 'interviewing' and status_key > 0
),

-- Followed by a further stage: a later interview of the same application that was not
-- cancelled, or a stage beyond interviewing (technical test, final round, offer, accepted)
-- reached on or after that day.
later_interviews as (
    select distinct interviews.interview_key
    from interviews
    inner join interviews as next_interviews
        on interviews.application_key = next_interviews.application_key
    where
        next_interviews.interview_status_category != 'cancelled'
        and (
            next_interviews.scheduled_at > interviews.scheduled_at
            or (
                next_interviews.scheduled_at = interviews.scheduled_at
                and next_interviews.interview_key > interviews.interview_key
            )
        )
),

later_stages as (
    select distinct interviews.interview_key
    from interviews
    inner join events
        on interviews.application_key = events.application_key
    inner join interviewing_stage
        on events.reached_stage_order > interviewing_stage.stage_order
    where events.event_on >= interviews.interview_on
),

progressed as (
    select interview_key from later_interviews
    union
    select interview_key from later_stages
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
