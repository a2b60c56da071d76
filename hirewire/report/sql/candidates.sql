-- Candidates the report shows, default candidate first: every job seeker, as in
-- mart_candidates (a special member only when applications point at it).
-- One row per candidate.
with candidates as (
    select
        candidate_key,
        -- Special members have no natural key; the marts use their key instead.
        coalesce(candidate_id, candidate_key) as candidate_id,
        candidate_name,
        is_default
    from dim_candidate
),

applications as (
    select
        candidate_id,
        count(*) as applications
    from mart_applications
    group by candidate_id
),

final as (
    select
        candidates.candidate_id,
        candidates.candidate_name,
        candidates.is_default,
        coalesce(applications.applications, 0) as applications
    from candidates
    left join applications
        on candidates.candidate_id = applications.candidate_id
    where candidates.candidate_key > 0 or applications.applications > 0
)

select * from final
order by is_default desc, candidate_name asc, candidate_id asc
