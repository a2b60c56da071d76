-- title: Where applications go
-- display: sankey
-- dimensions: source_stage, target_stage
-- metrics: applications
-- size: 12x8
-- Sankey edges from applied to each application's terminal state (the candidate shown).
-- One row per source stage and target stage.
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
