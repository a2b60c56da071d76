-- The coach's overview: each job seeker's headline numbers and the order in which to look at
-- them (attention_rank 1 first). Metrics are the glossary's, counted from mart_applications.
-- Grain: one row per candidate (every real candidate, plus a special member holding applications).
-- A view: the counts come per candidate from int_candidates_aggregated (incremental).
with

per_candidate as (
    select
        candidate_id,
        applications,
        responded_applications,
        interviews,
        offers,
        ghosted_applications,
        last_activity_on,
        follow_ups_due
    from {{ ref('int_candidates_aggregated') }}
),

-- From the candidate list, not only from applications: someone who has not applied yet is on
-- the coach's list too, and needs attention.
candidates as (
    select
        candidate_key,
        candidate_id,
        candidate_name,
        is_default
    from {{ ref('stg_warehouse__candidates') }}
),

measured as (
    select
        candidates.candidate_key,
        candidates.candidate_name,
        coalesce(per_candidate.applications, 0) as applications,
        coalesce(per_candidate.responded_applications, 0) as responded_applications,
        {{ safe_ratio('per_candidate.responded_applications', 'per_candidate.applications') }}
            as response_rate,
        cast(coalesce(per_candidate.interviews, 0) as bigint) as interviews,
        coalesce(per_candidate.offers, 0) as offers,
        coalesce(per_candidate.ghosted_applications, 0) as ghosted_applications,
        {{ safe_ratio('per_candidate.ghosted_applications', 'per_candidate.applications') }}
            as ghost_rate,
        per_candidate.last_activity_on,
        -- The as-of date moves it every day for everyone: computed here, on read.
        {{ as_of_date() }} - per_candidate.last_activity_on as days_since_last_activity,
        coalesce(per_candidate.follow_ups_due, 0) as follow_ups_due,
        candidates.candidate_id,
        coalesce(candidates.is_default, false) as is_default
    from candidates
    left join per_candidate
        on candidates.candidate_id = per_candidate.candidate_id
    -- Special members (Unknown, Not applicable) only when applications point at them.
    where candidates.candidate_key > 0 or per_candidate.applications > 0
),

final as (
    select
        candidate_key,
        candidate_name,
        applications,
        responded_applications,
        response_rate,
        interviews,
        offers,
        ghosted_applications,
        ghost_rate,
        last_activity_on,
        follow_ups_due,
        -- Needs attention first: the most follow-ups due (a company is waiting for a message),
        -- then the longest silence (no activity at all counts as the longest), then the lowest
        -- response rate (none yet counts as the lowest); ties by name and key, so every rank
        -- is unique and stable.
        row_number() over (
            order by
                follow_ups_due desc,
                days_since_last_activity desc nulls first,
                response_rate asc nulls first,
                candidate_name asc,
                candidate_key asc
        ) as attention_rank,
        -- Last, so the overview's columns above keep their order: the natural key that
        -- mart_applications carries, and whether this is the candidate data entry files under
        -- by default (what a single-seeker dashboard shows).
        candidate_id,
        is_default
    from measured
)

select * from final
