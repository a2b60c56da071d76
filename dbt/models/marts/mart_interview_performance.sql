-- How each kind of interview goes: how many, how many held, average rating, and how often
-- the application went further afterwards (int_interviews_measured).
-- Grain: one row per candidate and interview type.
with

interviews as (
    select
        -- An interview of no known application counts for the unknown candidate.
        coalesce(candidate_id, -1) as candidate_id,
        interview_type_key,
        rating,
        is_completed,
        is_followed_by_further_stage
    from {{ ref('int_interviews_measured') }}
    where {{ in_scope('coalesce(candidate_id, -1)', 'candidate') }}
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

final as (
    select
        interviews.candidate_id,
        coalesce(interview_types.interview_type_code, 'unknown') as interview_type,
        coalesce(interview_types.interview_type_label, 'Unknown') as interview_type_label,
        coalesce(interview_types.interview_type_category, 'unknown') as interview_type_category,
        count(*) as interviews,
        count(case when interviews.is_completed then 1 end) as completed,
        avg(interviews.rating) as average_rating,
        count(
            case when interviews.is_completed and interviews.is_followed_by_further_stage then 1 end
        ) as followed_by_further_stage,
        {{ safe_ratio(
            'count(case when interviews.is_completed'
            ~ ' and interviews.is_followed_by_further_stage then 1 end)',
            'count(case when interviews.is_completed then 1 end)'
        ) }} as share_followed_by_further_stage
    from interviews
    left join interview_types
        on interviews.interview_type_key = interview_types.interview_type_key
    group by 1, 2, 3, 4
)

select * from final
