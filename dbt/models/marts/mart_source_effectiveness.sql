-- Which channels work: responses, interviews and offers per application source.
-- Grain: one row per candidate and source.
with

applications as (
    select
        candidate_id,
        source,
        source_label,
        channel_category,
        furthest_stage_order,
        days_to_first_response,
        has_responded,
        is_ghosted,
        offer_on
    from {{ ref('int_applications_measured') }}
    where {{ in_scope(['candidate_id', 'source'], 'candidate_source') }}
),

interviewing_stage as (
    select stage_order
    from {{ ref('stg_warehouse__statuses') }}
    where status_code = 'interviewing' and status_key > 0
),

final as (
    select
        applications.candidate_id,
        applications.source,
        -- A source's label and channel follow from its code: grouped by the code alone.
        min(applications.source_label) as source_label,
        min(applications.channel_category) as channel_category,
        count(*) as applications,
        count(case when applications.has_responded then 1 end) as responses,
        {{ safe_ratio(
            'count(case when applications.has_responded then 1 end)', 'count(*)'
        ) }} as response_rate,
        count(
            case when applications.furthest_stage_order >= interviewing_stage.stage_order then 1 end
        ) as interviewed,
        count(applications.offer_on) as offers,
        count(case when applications.is_ghosted then 1 end) as ghosted,
        median(applications.days_to_first_response) as median_days_to_first_response
    from applications
    left join interviewing_stage
        on true
    group by 1, 2
)

select * from final
