-- title: Source effectiveness
-- display: bar
-- dimensions: source
-- metrics: applications, responses, interviewed, offers
-- size: 12x7
-- Which channels get answers: applications, responses, interviews, offers (default candidate).
-- One row per source.
with candidates as (
    select candidate_id
    from dim_candidate
    where is_default
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
