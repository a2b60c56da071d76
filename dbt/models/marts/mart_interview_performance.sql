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

-- Counted by the type's key first: grouping millions of interviews by the type's text columns
-- cost several times the counting. The names join the few rows left, and a second grouping
-- merges types that share a code (an unknown key and the unknown member are both 'unknown').
per_type_key as (
    select
        candidate_id,
        interview_type_key,
        count(*) as interviews,
        count(case when is_completed then 1 end) as completed,
        sum(rating) as rating_total,
        count(rating) as ratings,
        count(case when is_completed and is_followed_by_further_stage then 1 end)
            as followed_by_further_stage
    from interviews
    group by 1, 2
),

per_type as (
    select
        per_type_key.candidate_id,
        coalesce(interview_types.interview_type_code, 'unknown') as interview_type,
        coalesce(interview_types.interview_type_label, 'Unknown') as interview_type_label,
        coalesce(interview_types.interview_type_category, 'unknown') as interview_type_category,
        cast(sum(per_type_key.interviews) as bigint) as interviews,
        cast(sum(per_type_key.completed) as bigint) as completed,
        sum(per_type_key.rating_total) as rating_total,
        sum(per_type_key.ratings) as ratings,
        cast(sum(per_type_key.followed_by_further_stage) as bigint) as followed_by_further_stage
    from per_type_key
    left join interview_types
        on per_type_key.interview_type_key = interview_types.interview_type_key
    group by 1, 2, 3, 4
),

final as (
    select
        candidate_id,
        interview_type,
        interview_type_label,
        interview_type_category,
        interviews,
        completed,
        -- The mean of the ratings given, null when there is none.
        {{ safe_ratio('rating_total', 'ratings') }} as average_rating,
        followed_by_further_stage,
        {{ safe_ratio('followed_by_further_stage', 'completed') }}
            as share_followed_by_further_stage
    from per_type
)

select * from final
