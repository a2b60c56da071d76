-- Applications from the accumulating snapshot: keys, dates, offer and the glossary's milestones,
-- which the snapshot computes once (first response, offer, furthest stage, open); only what
-- depends on the as-of date (last activity, ghosting) is computed downstream, from the events.
-- Grain: one row per application.
with

source as (
    select
        application_key,
        application_id,
        candidate_key,
        company_key,
        position_key,
        source_key,
        current_status_key,
        furthest_status_key,
        outcome_key,
        applied_date_key,
        outcome_date_key,
        contact_name,
        contact_email,
        offer_currency,
        days_to_first_response,
        interview_count,
        offer_salary,
        has_responded,
        is_open,
        applied_on,
        first_response_on,
        offer_on
    from {{ source('warehouse', 'fct_application') }}
),

final as (
    select
        application_key,
        application_id,
        candidate_key,
        company_key,
        position_key,
        source_key,
        current_status_key,
        furthest_status_key,
        outcome_key,
        contact_name,
        contact_email,
        offer_currency,
        days_to_first_response,
        interview_count,
        offer_salary,
        has_responded,
        is_open,
        coalesce(applied_on, {{ date_from_key('applied_date_key') }}) as applied_on,
        first_response_on,
        offer_on,
        {{ date_from_key('outcome_date_key') }} as outcome_on
    from source
)

select * from final
