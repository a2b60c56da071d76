-- title: Source effectiveness
-- display: bar
-- dimensions: source
-- metrics: applications, responses, interviewed, offers
-- size: 12x7
-- Which channels get answers: applications, responses, interviews, offers (the candidate shown).
-- One row per source.
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

sources as (
    select
        candidate_id,
        source_label,
        applications,
        responses,
        interviewed,
        offers,
        response_rate,
        median_days_to_first_response
    from mart_source_effectiveness
),

final as (
    select
        sources.source_label as source,
        sources.applications,
        sources.responses,
        sources.interviewed,
        sources.offers,
        sources.median_days_to_first_response,
        round(100 * sources.response_rate, 1) as response_rate_pct
    from sources
    inner join candidates
        on sources.candidate_id = candidates.candidate_id
)

select * from final
order by applications desc, source asc
