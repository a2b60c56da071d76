-- The job-search log an unemployment agency asks for: every action with its date, employer,
-- position, channel, contact and result.
-- Grain: one row per job-search action (application sent, interview, follow-up, outcome).
with

-- Not materialized: DuckDB would otherwise copy this CTE, read by all four branches, text
-- columns and all, into a temporary result and read the copy back in each branch. Reading the
-- table instead, a branch only pays for the columns it uses.
applications as not materialized (
    select
        measured.application_key,
        measured.application_id,
        measured.candidate_id,
        measured.company_name,
        -- The title is the position's, joined on read (int_applications_joined keeps its id).
        coalesce(positions.job_title, 'Unknown') as job_title,
        measured.source_label,
        measured.current_status_label,
        measured.outcome,
        measured.outcome_label,
        measured.offer_currency,
        measured.offer_salary,
        measured.applied_on,
        measured.outcome_on
    from {{ ref('int_applications_measured') }} as measured
    left join {{ ref('stg_warehouse__positions') }} as positions
        on measured.position_key = positions.position_key
),

interviews as (
    select
        interview_key,
        interview_id,
        application_key,
        interview_type_key,
        interview_status,
        interviewer_name,
        interview_on
    from {{ ref('stg_warehouse__interviews') }}
),

interview_types as (
    select
        interview_type_key,
        interview_type_label
    from {{ ref('stg_warehouse__interview_types') }}
),

status_changes as (
    select
        status_change_key,
        application_key,
        from_status_key,
        to_status_key,
        effective_on
    from {{ ref('stg_warehouse__status_changes') }}
),

statuses as (
    select
        status_key,
        status_code,
        status_label
    from {{ ref('stg_warehouse__statuses') }}
),

-- Each branch carries the application's columns itself: joining 5 million actions back to
-- the applications afterwards cost more than the rest of the model.
actions as (
    select
        'application-' || application_key as action_id,
        application_id,
        candidate_id,
        'application' as action_type,
        'Application sent' as action_label,
        company_name as employer,
        job_title as position,
        source_label as channel,
        cast(null as varchar) as contact,
        'Current status: ' || current_status_label as result,
        applied_on as action_on
    from applications
    union all
    select
        'interview-' || interviews.interview_key as action_id,
        applications.application_id,
        applications.candidate_id,
        'interview' as action_type,
        coalesce(interview_types.interview_type_label, 'Interview') as action_label,
        applications.company_name as employer,
        applications.job_title as position,
        applications.source_label as channel,
        interviews.interviewer_name as contact,
        interviews.interview_status as result,
        interviews.interview_on as action_on
    from interviews
    inner join applications
        on interviews.application_key = applications.application_key
    left join interview_types
        on interviews.interview_type_key = interview_types.interview_type_key
    union all
    -- Status changes after the first one; a change that only mirrors the outcome is the
    -- outcome's row, not a separate follow-up.
    select
        'follow_up-' || status_changes.status_change_key as action_id,
        applications.application_id,
        applications.candidate_id,
        'follow_up' as action_type,
        'Status update' as action_label,
        applications.company_name as employer,
        applications.job_title as position,
        applications.source_label as channel,
        cast(null as varchar) as contact,
        coalesce(statuses.status_label, 'Unknown') as result,
        status_changes.effective_on as action_on
    from status_changes
    left join statuses
        on status_changes.to_status_key = statuses.status_key
    inner join applications
        on status_changes.application_key = applications.application_key
    where
        status_changes.from_status_key > 0
        and statuses.status_code is distinct from applications.outcome
    union all
    select
        'outcome-' || application_key as action_id,
        application_id,
        candidate_id,
        'outcome' as action_type,
        'Outcome' as action_label,
        company_name as employer,
        job_title as position,
        source_label as channel,
        cast(null as varchar) as contact,
        outcome_label
        || case
            when offer_salary is not null
                then ' (' || offer_salary || ' ' || coalesce(offer_currency, '') || ')'
            else ''
        end as result,
        outcome_on as action_on
    from applications
    where outcome is not null
),

final as (
    select
        action_id,
        application_id,
        candidate_id,
        action_type,
        action_label,
        employer,
        position,
        channel,
        contact,
        result,
        action_on
    from actions
)

select * from final
