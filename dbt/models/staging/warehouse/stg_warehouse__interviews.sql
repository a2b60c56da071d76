-- Interviews, with their date as a date.
-- Grain: one row per interview.
with

source as (
    select
        interview_key,
        interview_id,
        application_key,
        interview_type_key,
        interview_date_key,
        interview_status,
        interview_status_category,
        interviewer_name,
        interview_number,
        duration_minutes,
        rating,
        is_completed,
        scheduled_at
    from {{ source('warehouse', 'fct_interview') }}
),

final as (
    select
        interview_key,
        interview_id,
        application_key,
        interview_type_key,
        interview_status,
        interview_status_category,
        interviewer_name,
        interview_number,
        duration_minutes,
        rating,
        is_completed,
        {{ date_from_key('interview_date_key') }} as interview_on,
        scheduled_at
    from source
)

select * from final
