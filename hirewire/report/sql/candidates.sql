-- Candidates the report shows, default candidate first.
-- One row per candidate with at least one application, plus the default candidate even with none.
with candidates as (
    select
        candidate_id,
        candidate_name,
        is_default
    from dim_candidate
    where candidate_key > 0
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
    where candidates.is_default or applications.applications > 0
)

select * from final
order by is_default desc, candidate_name asc, candidate_id asc
