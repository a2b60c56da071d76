-- Headline numbers: one row per candidate (same definitions as the marts' glossary).
with applications as (
    select
        candidate_id,
        furthest_stage,
        days_to_first_response,
        interview_count,
        has_responded,
        is_ghosted
    from mart_applications
),

final as (
    select
        candidate_id,
        count(*) as applications,
        avg(case when has_responded then 1.0 else 0.0 end) as response_rate,
        sum(interview_count) as interviews,
        count(*) filter (where furthest_stage in ('offer', 'accepted')) as offers,
        median(days_to_first_response) as median_days_to_first_response,
        avg(case when is_ghosted then 1.0 else 0.0 end) as ghost_rate
    from applications
    group by candidate_id
)

select * from final
