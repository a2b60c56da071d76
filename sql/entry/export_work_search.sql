-- The job-search activity log France Travail (and US state work-search logs) ask for:
-- one row per action (application sent, interview, status update, decision) between :date_from
-- and :date_to, for one candidate, in date order. Codes come with their English and French
-- labels (label_fr of the lookup tables, null when a DBA added a code without one).
with processes as (
    select
        processes.id,
        processes.source_code,
        processes.status_code,
        processes.applied_on,
        processes.contact_name,
        processes.contact_email,
        companies.name as company_name,
        positions.title as job_title
    from hirewire.interview_processes as processes
    inner join hirewire.job_positions as positions
        on processes.position_id = positions.id
    inner join hirewire.companies as companies
        on positions.company_id = companies.id
    where processes.candidate_id = :candidate_id
),

applications as (
    select
        processes.id as application_id,
        'application' as action_code,
        processes.company_name,
        processes.job_title,
        processes.source_code as channel_code,
        sources.label as channel_label,
        sources.label_fr as channel_label_fr,
        concat_ws(' ', processes.contact_name, '<' || processes.contact_email || '>') as contact,
        processes.status_code as result_code,
        statuses.label as result_label,
        statuses.label_fr as result_label_fr,
        processes.applied_on as action_on,
        1 as action_order
    from processes
    inner join hirewire.application_sources as sources
        on processes.source_code = sources.code
    inner join hirewire.process_statuses as statuses
        on processes.status_code = statuses.code
),

interviews as (
    select
        processes.id as application_id,
        'interview' as action_code,
        processes.company_name,
        processes.job_title,
        interviews.interview_type_code as channel_code,
        type_labels.label as channel_label,
        type_labels.label_fr as channel_label_fr,
        interviews.interviewer_name as contact,
        interviews.status_code as result_code,
        interview_statuses.label as result_label,
        interview_statuses.label_fr as result_label_fr,
        interviews.scheduled_at::date as action_on,
        2 as action_order
    from hirewire.interviews as interviews
    inner join processes
        on interviews.process_id = processes.id
    inner join hirewire.interview_types as type_labels
        on interviews.interview_type_code = type_labels.code
    inner join hirewire.interview_statuses as interview_statuses
        on interviews.status_code = interview_statuses.code
),

outcomes as (
    select
        processes.id as application_id,
        'outcome' as action_code,
        processes.company_name,
        processes.job_title,
        processes.source_code as channel_code,
        sources.label as channel_label,
        sources.label_fr as channel_label_fr,
        processes.contact_name as contact,
        outcomes.outcome_code as result_code,
        outcome_types.label as result_label,
        outcome_types.label_fr as result_label_fr,
        outcomes.decided_on as action_on,
        4 as action_order
    from hirewire.interview_outcomes as outcomes
    inner join processes
        on outcomes.process_id = processes.id
    inner join hirewire.outcome_types as outcome_types
        on outcomes.outcome_code = outcome_types.code
    inner join hirewire.application_sources as sources
        on processes.source_code = sources.code
),

-- A move to a closed status on the day of the recorded decision is that decision: list it once.
status_updates as (
    select
        processes.id as application_id,
        'status' as action_code,
        processes.company_name,
        processes.job_title,
        processes.source_code as channel_code,
        sources.label as channel_label,
        sources.label_fr as channel_label_fr,
        processes.contact_name as contact,
        history.to_status_code as result_code,
        statuses.label as result_label,
        statuses.label_fr as result_label_fr,
        history.effective_at::date as action_on,
        3 as action_order
    from hirewire.process_status_history as history
    inner join processes
        on history.process_id = processes.id
    inner join hirewire.process_statuses as statuses
        on history.to_status_code = statuses.code
    inner join hirewire.application_sources as sources
        on processes.source_code = sources.code
    left join hirewire.interview_outcomes as outcomes
        on history.process_id = outcomes.process_id
    where
        history.from_status_code is not null
        and not (
            statuses.category <> 'open'
            and history.effective_at::date = outcomes.decided_on
        )
),

final as (
    select * from applications
    union all
    select * from interviews
    union all
    select * from status_updates
    union all
    select * from outcomes
)

select
    application_id,
    action_code,
    company_name,
    job_title,
    channel_code,
    channel_label,
    channel_label_fr,
    result_code,
    result_label,
    result_label_fr,
    action_on,
    nullif(contact, '') as contact
from final
where action_on between :date_from::date and :date_to::date
order by action_on asc, action_order asc, company_name asc, application_id asc
