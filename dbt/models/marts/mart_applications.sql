-- Every application with its glossary metrics, for lists and follow-ups.
-- Grain: one row per application.
with

applications as (
    select
        application_id,
        candidate_id,
        company_id,
        position_key,
        position_id,
        candidate_name,
        company_name,
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
        applied_on,
        first_response_on,
        offer_on,
        outcome_on,
        last_interview_on,
        last_activity_on,
        ghosted_on
    from {{ ref('int_applications_measured') }}
),

-- The position's text is read here, not stored per application (int_applications_joined).
positions as (
    select
        position_key,
        job_title,
        job_url
    from {{ ref('stg_warehouse__positions') }}
),

final as (
    select
        applications.application_id,
        applications.candidate_id,
        applications.company_id,
        applications.position_id,
        applications.candidate_name,
        applications.company_name,
        coalesce(positions.job_title, 'Unknown') as job_title,
        applications.source,
        applications.source_label,
        applications.channel_category,
        applications.current_status,
        applications.current_status_label,
        applications.furthest_stage,
        applications.terminal_state,
        applications.outcome,
        applications.offer_currency,
        applications.furthest_stage_order,
        applications.days_to_first_response,
        applications.interview_count,
        -- Moves every day for every application: computed here, on read, so that a new as-of
        -- date rebuilds only the applications whose answers change (int_applications_measured).
        {{ as_of_date() }} - applications.last_activity_on as days_since_last_activity,
        applications.offer_salary,
        applications.has_responded,
        applications.is_open,
        applications.is_ghosted,
        applications.needs_follow_up,
        applications.follow_up_next_step,
        applications.contact_name,
        applications.contact_email,
        positions.job_url,
        applications.applied_on,
        applications.first_response_on,
        applications.offer_on,
        applications.outcome_on,
        applications.last_interview_on,
        applications.last_activity_on,
        applications.ghosted_on,
        {{ as_of_date() }} as as_of_date
    from applications
    left join positions
        on applications.position_key = positions.position_key
)

select * from final
