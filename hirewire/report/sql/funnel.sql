-- Funnel: one row per candidate and stage, in stage order.
select
    candidate_id,
    stage,
    stage_order,
    applications,
    pct_of_applied,
    pct_of_previous
from mart_funnel
order by candidate_id, stage_order
