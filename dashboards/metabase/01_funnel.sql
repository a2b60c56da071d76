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
    -- From the marts only, never a star dimension.
    select candidate_id
    from mart_candidates
    where applications > 0
    order by is_default desc, candidate_id asc
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
