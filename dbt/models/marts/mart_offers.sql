-- Offers received, with the salary offered against the position's posted range.
-- Grain: one row per application that reached the offer stage.
with

offers as (
    select
        application_id,
        candidate_id,
        company_id,
        position_key,
        company_name,
        source,
        outcome,
        terminal_state,
        offer_currency,
        offer_salary,
        applied_on,
        offer_on,
        outcome_on
    from {{ ref('int_applications_measured') }}
    where offer_on is not null and {{ in_scope('application_key') }}
),

-- The posted range and title come from the position here (int_applications_joined keeps
-- only its id).
positions as (
    select
        position_key,
        job_title,
        posted_currency,
        salary_band,
        posted_salary_min,
        posted_salary_max
    from {{ ref('stg_warehouse__positions') }}
),

applications as (
    select
        offers.application_id,
        offers.candidate_id,
        offers.company_id,
        offers.company_name,
        coalesce(positions.job_title, 'Unknown') as job_title,
        offers.source,
        offers.outcome,
        offers.terminal_state,
        offers.offer_currency,
        positions.posted_currency,
        positions.salary_band,
        offers.offer_salary,
        positions.posted_salary_min,
        positions.posted_salary_max,
        offers.applied_on,
        offers.offer_on,
        offers.outcome_on
    from offers
    left join positions
        on offers.position_key = positions.position_key
),

final as (
    select
        application_id,
        candidate_id,
        company_id,
        company_name,
        job_title,
        source,
        outcome,
        terminal_state as offer_status,
        coalesce(offer_currency, posted_currency) as offer_currency,
        posted_currency,
        salary_band,
        case
            when offer_salary is null then 'no salary'
            when posted_salary_min is null and posted_salary_max is null then 'not posted'
            when offer_currency != posted_currency then 'other currency'
            when offer_salary < posted_salary_min then 'below'
            when offer_salary > posted_salary_max then 'above'
            else 'within'
        end as salary_vs_posted_range,
        offer_salary,
        posted_salary_min,
        posted_salary_max,
        (
            coalesce(posted_salary_min, posted_salary_max)
            + coalesce(posted_salary_max, posted_salary_min)
        ) / 2 as posted_salary_midpoint,
        case
            when offer_currency = posted_currency
                then 100 * ({{ safe_ratio(
                    'offer_salary',
                    '(coalesce(posted_salary_min, posted_salary_max)'
                    ~ ' + coalesce(posted_salary_max, posted_salary_min)) / 2'
                ) }} - 1)
        end as pct_vs_posted_midpoint,
        offer_on - applied_on as days_to_offer,
        applied_on,
        offer_on,
        outcome_on
    from applications
)

select * from final
