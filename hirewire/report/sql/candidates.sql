-- Candidates the report shows, default candidate first: every job seeker of mart_candidates
-- (a special member only when applications point at it). Marts only, never a star dimension.
-- One row per candidate.
with candidates as (
    select
        candidate_id,
        candidate_name,
        is_default,
        applications
    from mart_candidates
),

final as (
    select
        candidate_id,
        candidate_name,
        is_default,
        applications
    from candidates
)

select * from final
order by is_default desc, candidate_name asc, candidate_id asc
