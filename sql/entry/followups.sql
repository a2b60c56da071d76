-- Open applications silent for too long, with the suggested next step.
-- Silent = no status change and no interview since the last activity; the wait before a
-- follow-up is :days_after_applying after applying, :days_after_interview after an interview.
-- Applications with an interview still to come are not listed: the ball is in our court.
-- One row per application to follow up, the longest silent first.
with open_processes as (
    select
        processes.id,
        processes.candidate_id,
        processes.position_id,
        processes.status_code,
        processes.applied_on,
        processes.contact_name,
        processes.contact_email
    from hirewire.interview_processes as processes
    inner join hirewire.process_statuses as statuses
        on processes.status_code = statuses.code
    where
        statuses.category = 'open'
        and (:candidate_id::bigint is null or processes.candidate_id = :candidate_id::bigint)
),

last_changes as (
    select
        process_id,
        max(effective_at)::date as last_change_on
    from hirewire.process_status_history
    where effective_at < (:as_of::date + 1)::timestamp at time zone 'UTC'
    group by process_id
),

past_interviews as (
    select distinct on (interviews.process_id)
        interviews.process_id,
        interviews.scheduled_at::date as interview_on,
        interviews.interviewer_name,
        type_labels.label as interview_label
    from hirewire.interviews as interviews
    inner join hirewire.interview_types as type_labels
        on interviews.interview_type_code = type_labels.code
    inner join hirewire.interview_statuses as interview_statuses
        on interviews.status_code = interview_statuses.code
    where
        interviews.scheduled_at::date <= :as_of::date
        and interview_statuses.category <> 'cancelled'
    order by interviews.process_id asc, interviews.scheduled_at desc
),

upcoming_interviews as (
    select distinct interviews.process_id
    from hirewire.interviews as interviews
    inner join hirewire.interview_statuses as interview_statuses
        on interviews.status_code = interview_statuses.code
    where
        interviews.scheduled_at::date > :as_of::date
        and interview_statuses.category = 'planned'
),

measured as (
    select
        open_processes.id as application_id,
        companies.name as company_name,
        positions.title as job_title,
        open_processes.status_code as status,
        open_processes.contact_name,
        open_processes.contact_email,
        past_interviews.interviewer_name,
        past_interviews.interview_label,
        open_processes.applied_on,
        past_interviews.interview_on,
        greatest(
            open_processes.applied_on,
            last_changes.last_change_on,
            past_interviews.interview_on
        ) as last_activity_on,
        past_interviews.interview_on is not null as has_interviewed
    from open_processes
    inner join hirewire.job_positions as positions
        on open_processes.position_id = positions.id
    inner join hirewire.companies as companies
        on positions.company_id = companies.id
    left join last_changes
        on open_processes.id = last_changes.process_id
    left join past_interviews
        on open_processes.id = past_interviews.process_id
    left join upcoming_interviews
        on open_processes.id = upcoming_interviews.process_id
    where
        upcoming_interviews.process_id is null
        and open_processes.applied_on <= :as_of::date
),

final as (
    select
        application_id,
        company_name,
        job_title,
        status,
        last_activity_on,
        case
            when status = 'on_hold'
                then 'ask whether the position is still open'
            when has_interviewed
                then
                    'ask '
                    || coalesce(interviewer_name, contact_name, 'the recruiter')
                    || ' for news since the ' || lower(interview_label)
                    || ' of ' || interview_on::text
            when :as_of::date - last_activity_on >= 3 * :days_after_applying::integer
                then
                    'last try: write to '
                    || coalesce(contact_name, 'the recruiter')
                    || ', then record it as ghosted if nothing comes'
            else 'send a follow-up to ' || coalesce(
                contact_name || coalesce(' <' || contact_email || '>', ''), 'the recruiter'
            )
        end as next_step,
        :as_of::date - last_activity_on as silent_days
    from measured
    where
        :as_of::date - last_activity_on
        >= case
            when has_interviewed then :days_after_interview::integer
            else :days_after_applying::integer
        end
)

select * from final
order by silent_days desc, application_id asc
