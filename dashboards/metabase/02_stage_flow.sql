-- title: Where applications go
-- display: sankey
-- dimensions: source_stage, target_stage
-- metrics: applications
-- size: 12x8
-- Sankey edges from applied to each application's terminal state (top candidate).
-- One row per source stage and target stage.
with candidates as (
    -- From the marts only, never a star dimension; for a person following their own search,
    -- the one candidate is themselves.
    select candidate_key as candidate_id
    from mart_candidates
    where attention_rank = 1
),

flow as (
    select
        candidate_id,
        source_stage,
        target_stage,
        applications
    from mart_stage_flow
),

final as (
    select
        flow.source_stage,
        flow.target_stage,
        flow.applications
    from flow
    inner join candidates
        on flow.candidate_id = candidates.candidate_id
    where flow.applications > 0
)

select * from final
order by applications desc
