-- Sankey edges: one row per candidate, source stage and target stage.
select
    candidate_id,
    source_stage,
    target_stage,
    applications
from mart_stage_flow
where applications > 0
order by candidate_id asc, applications desc
