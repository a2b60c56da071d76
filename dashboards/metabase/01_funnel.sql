-- title: Funnel
-- display: funnel
-- dimensions: funnel_stage
-- metrics: applications
-- size: 12x8
-- How many applications reached at least each stage (top candidate).
-- One row per stage, in stage order.
with candidates as (
    -- From the marts only, never a star dimension; for a person following their own search,
    -- the one candidate is themselves.
    select candidate_key as candidate_id
    from mart_candidates
    where attention_rank = 1
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
