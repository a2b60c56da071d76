-- How companies treat applications: response rate, time to respond, ghosting.
-- Grain: one row per candidate and company.
with

applications as (
    select
        candidate_id,
        company_id,
        company_name,
        days_to_first_response,
        has_responded,
        is_ghosted,
        applied_on,
        last_activity_on
    from {{ ref('int_applications_measured') }}
    where {{ in_scope(['candidate_id', 'company_id'], 'candidate_company') }}
),

-- Grouped by the ids (a company's name follows from its id): grouping on the names' text too
-- cost several times the rest.
grouped as (
    select
        candidate_id,
        company_id,
        min(company_name) as company_name,
        count(*) as applications,
        count(case when has_responded then 1 end) as responses,
        median(days_to_first_response) as median_days_to_first_response,
        count(case when is_ghosted then 1 end) as ghosted,
        min(applied_on) as first_applied_on,
        max(applied_on) as last_applied_on,
        max(last_activity_on) as last_activity_on
    from applications
    group by 1, 2
),

final as (
    select
        candidate_id,
        company_id,
        company_name,
        applications,
        responses,
        {{ safe_ratio('responses', 'applications') }} as response_rate,
        median_days_to_first_response,
        -- The issue's wording for the same number, kept so both names work.
        median_days_to_first_response as median_days_to_respond,
        ghosted,
        {{ safe_ratio('ghosted', 'applications') }} as ghost_rate,
        first_applied_on,
        last_applied_on,
        last_activity_on
    from grouped
)

select * from final
