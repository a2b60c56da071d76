-- title: Funnel
-- display: funnel
-- dimensions: funnel_stage
-- metrics: applications
-- size: 12x8
-- How many applications reached at least each stage (the candidate shown).
-- One row per stage, in stage order.
-- The candidate shown: the default one, or while it has no application yet (a fresh install
-- with only the sample, filed under its own candidate) the first candidate that has some.
with candidates as (
    select dim_candidate.candidate_id
    from dim_candidate
    where
        dim_candidate.candidate_key > 0
        and dim_candidate.candidate_id in (
            select mart_applications.candidate_id from mart_applications
        )
    order by dim_candidate.is_default desc, dim_candidate.candidate_id asc
    limit 1
),

funnel as (
    select
        candidate_id,
        stage_label,
        stage_order,
        applications
    from mart_funnel
),

final as (
    select
        funnel.stage_label as funnel_stage,
        funnel.applications,
        funnel.stage_order
    from funnel
    inner join candidates
        on funnel.candidate_id = candidates.candidate_id
)

select
    funnel_stage,
    applications
from final
order by stage_order
