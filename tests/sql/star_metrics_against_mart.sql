-- The applications whose metric columns in the star (fct_application) differ from
-- mart_applications, built with the load's date as its as-of date: a DBA reading the star and
-- a user reading the mart must get one answer. A row missing from either side differs too.
-- Grain: one row per application that differs (none when the layers agree).
with

facts as (
    select
        application_id,
        furthest_status_key,
        first_response_date_key,
        offer_date_key,
        days_to_first_response,
        interview_count,
        has_responded,
        is_open,
        applied_on,
        first_response_on,
        offer_on,
        last_activity_on
    from fct_application
),

statuses as (
    select
        status_key,
        status_code
    from dim_status
),

marts as (
    select
        application_id,
        furthest_stage,
        days_to_first_response,
        interview_count,
        has_responded,
        is_open,
        applied_on,
        first_response_on,
        offer_on,
        last_activity_on
    from mart_applications
),

compared as (
    select
        coalesce(facts.application_id, marts.application_id) as application_id,
        statuses.status_code as star_furthest_stage,
        marts.furthest_stage as mart_furthest_stage,
        facts.first_response_date_key as star_first_response_date_key,
        coalesce(cast(strftime(marts.first_response_on, '%Y%m%d') as integer), -2)
            as mart_first_response_date_key,
        facts.offer_date_key as star_offer_date_key,
        coalesce(cast(strftime(marts.offer_on, '%Y%m%d') as integer), -2)
            as mart_offer_date_key,
        facts.days_to_first_response as star_days_to_first_response,
        marts.days_to_first_response as mart_days_to_first_response,
        facts.interview_count as star_interview_count,
        marts.interview_count as mart_interview_count,
        facts.has_responded as star_has_responded,
        marts.has_responded as mart_has_responded,
        facts.is_open as star_is_open,
        marts.is_open as mart_is_open,
        facts.applied_on as star_applied_on,
        marts.applied_on as mart_applied_on,
        facts.first_response_on as star_first_response_on,
        marts.first_response_on as mart_first_response_on,
        facts.offer_on as star_offer_on,
        marts.offer_on as mart_offer_on,
        facts.last_activity_on as star_last_activity_on,
        marts.last_activity_on as mart_last_activity_on
    from facts
    full outer join marts
        on facts.application_id = marts.application_id
    left join statuses
        on facts.furthest_status_key = statuses.status_key
),

final as (
    select *
    from compared
    where
        star_furthest_stage is distinct from mart_furthest_stage
        or star_first_response_date_key is distinct from mart_first_response_date_key
        or star_offer_date_key is distinct from mart_offer_date_key
        or star_days_to_first_response is distinct from mart_days_to_first_response
        or star_interview_count is distinct from mart_interview_count
        or star_has_responded is distinct from mart_has_responded
        or star_is_open is distinct from mart_is_open
        or star_applied_on is distinct from mart_applied_on
        or star_first_response_on is distinct from mart_first_response_on
        or star_offer_on is distinct from mart_offer_on
        or star_last_activity_on is distinct from mart_last_activity_on
)

select * from final
