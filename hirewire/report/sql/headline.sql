-- Headline numbers: one row per candidate, from mart_candidates (the glossary's definitions,
-- computed once there) plus the median days to first response over responded applications.
with candidates as (
    select
        candidate_key as candidate_id,
        applications,
        response_rate,
        interviews,
        offers,
        ghost_rate
    from mart_candidates
),

response_times as (
    select
        candidate_id,
        median(days_to_first_response) as median_days_to_first_response
    from mart_applications
    group by candidate_id
),

final as (
    select
        candidates.candidate_id,
        candidates.applications,
        candidates.response_rate,
        candidates.interviews,
        candidates.offers,
        response_times.median_days_to_first_response,
        candidates.ghost_rate
    from candidates
    left join response_times
        on candidates.candidate_id = response_times.candidate_id
)

select * from final
