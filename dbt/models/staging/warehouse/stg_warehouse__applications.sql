-- Applications from the accumulating snapshot: keys, dates and offer. The glossary metrics
-- (response, furthest stage, ghosting) are recomputed downstream from the events.
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
        outcome_key,
        applied_date_key,
        outcome_date_key,
        contact_name,
        contact_email,
        offer_currency,
        offer_salary,
        applied_on
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
        outcome_key,
        contact_name,
        contact_email,
        offer_currency,
        offer_salary,
        coalesce(applied_on, {{ date_from_key('applied_date_key') }}) as applied_on,
        {{ date_from_key('outcome_date_key') }} as outcome_on
    from source
)

select * from final
