-- Every application with its glossary metrics, for lists and follow-ups.
-- Grain: one row per application.
with

applications as (
    select
        application_id,
        candidate_id,
        company_id,
        position_id,
        candidate_name,
        company_name,
        job_title,
        source,
        source_label,
        channel_category,
        current_status,
        current_status_label,
        furthest_stage,
        terminal_state,
        outcome,
        offer_currency,
        furthest_stage_order,
        days_to_first_response,
        interview_count,
        offer_salary,
        has_responded,
        is_open,
        is_ghosted,
        needs_follow_up,
        follow_up_next_step,
        contact_name,
        contact_email,
        job_url,
        applied_on,
        first_response_on,
        offer_on,
        outcome_on,
        last_interview_on,
        last_activity_on,
        ghosted_on
    from {{ ref('int_applications_measured') }}
),

final as (
    select
        application_id,
        candidate_id,
        company_id,
        position_id,
        candidate_name,
        company_name,
        job_title,
        source,
        source_label,
        channel_category,
        current_status,
        current_status_label,
        furthest_stage,
        terminal_state,
        outcome,
        offer_currency,
        furthest_stage_order,
        days_to_first_response,
        interview_count,
        -- Moves every day for every application: computed here, on read, so that a new as-of
        -- date rebuilds only the applications whose answers change (int_applications_measured).
        {{ as_of_date() }} - last_activity_on as days_since_last_activity,
        offer_salary,
        has_responded,
        is_open,
        is_ghosted,
        needs_follow_up,
        follow_up_next_step,
        contact_name,
        contact_email,
        job_url,
        applied_on,
        first_response_on,
        offer_on,
        outcome_on,
        last_interview_on,
        last_activity_on,
        ghosted_on,
        {{ as_of_date() }} as as_of_date
    from applications
)

select * from final
