-- fct_application, the accumulating snapshot: one row per application in this run's scope.
-- Milestones (the metric glossary's definitions, see docs/warehouse.md):
--   first response: earliest of a status change to anything but applied, ghosted, withdrew or
--     on_hold; any interview; an outcome among offer, accepted, declined, rejected.
--   first interview: earliest interview (any status).
--   offer: earliest status change to offer or accepted, or outcome offer/accepted/declined.
--   furthest stage: highest stage_order in the status history, where an outcome offer or
--     declined counts as offer, accepted as accepted, and any interview as interviewing.
-- Milestones not reached get the date key -2; absurd or missing source dates get -1.

insert into fct_application by name
with
applications as (
    select
        id,
        candidate_id,
        position_id,
        source_id,
        status_id,
        applied_on,
        contact_name,
        contact_email,
        updated_at
    from etl_interview_processes_in_scope
),

candidates as (
    select id from source_replica.candidates
),

positions as (
    select
        id,
        company_id
    from source_replica.job_positions
),

companies as (
    select id from source_replica.companies
),

sources as (
    select id from source_replica.application_sources
),

statuses as (
    select
        id,
        code,
        category,
        stage_order
    from source_replica.process_statuses
),

outcome_types as (
    select
        id,
        code
    from source_replica.outcome_types
),

interview_statuses as (
    select
        id,
        category
    from source_replica.interview_statuses
),

interviews as (
    select
        process_id,
        status_id,
        scheduled_at
    from etl_interviews_in_scope
),

-- The source allows one outcome per application; should there be more, the latest counts.
outcomes as (
    select
        id,
        process_id,
        outcome_type_id,
        currency,
        salary_offered,
        decided_on
    from etl_interview_outcomes_in_scope
    qualify row_number() over (partition by process_id order by decided_on desc, id desc) = 1
),

history as (
    select
        process_id,
        to_status_id,
        effective_at
    from etl_process_status_history_in_scope
),

stage_orders as (
    select
        max(stage_order) filter (where code = 'interviewing') as interviewing_stage,
        max(stage_order) filter (where code = 'offer') as offer_stage,
        max(stage_order) filter (where code = 'accepted') as accepted_stage
    from statuses
),

interview_summary as (
    select
        interviews.process_id,
        count(*) as interview_count,
        count(*) filter (where interview_statuses.category = 'done') as completed_interview_count,
        min(etl_valid_date(etl_utc_date(interviews.scheduled_at))) as first_interview_on,
        max(etl_valid_date(etl_utc_date(interviews.scheduled_at))) as last_interview_on
    from interviews
    left join interview_statuses on interviews.status_id = interview_statuses.id
    group by 1
),

-- A status the vocabulary does not know (-1) reads as 'unknown', as in dim_status.
history_summary as (
    select
        history.process_id,
        count(*) as status_change_count,
        max(statuses.stage_order) as furthest_stage_order,
        min(etl_valid_date(etl_utc_date(history.effective_at))) filter (
            where coalesce(statuses.code, 'unknown')
            not in ('applied', 'ghosted', 'withdrew', 'on_hold')
        ) as first_response_change_on,
        min(etl_valid_date(etl_utc_date(history.effective_at))) filter (
            where statuses.code in ('offer', 'accepted')
        ) as offer_change_on,
        max(etl_valid_date(etl_utc_date(history.effective_at))) as last_change_on
    from history
    left join statuses on history.to_status_id = statuses.id
    group by 1
),

joined as (
    select
        applications.id as application_id,
        case when candidates.id is null then -1 else applications.candidate_id end
            as candidate_key,
        case when positions.id is null then -1 else applications.position_id end
            as position_key,
        case when companies.id is null then -1 else positions.company_id end as company_key,
        coalesce(sources.id, -1) as source_key,
        coalesce(statuses.id, -1) as current_status_key,
        case when outcomes.id is null then -2 else coalesce(outcome_types.id, -1) end
            as outcome_key,
        statuses.category = 'open' as is_open,
        statuses.stage_order as current_stage_order,
        etl_valid_date(applications.applied_on) as applied_on,
        applications.applied_on as raw_applied_on,
        applications.contact_name,
        applications.contact_email,
        applications.updated_at as source_updated_at,
        outcomes.id is not null as has_outcome,
        outcome_types.code as outcome_code,
        outcomes.decided_on as raw_decided_on,
        etl_valid_date(outcomes.decided_on) as outcome_on,
        outcomes.salary_offered as offer_salary,
        case when outcomes.salary_offered is not null then outcomes.currency end
            as offer_currency,
        coalesce(interview_summary.interview_count, 0) as interview_count,
        coalesce(interview_summary.completed_interview_count, 0) as completed_interview_count,
        interview_summary.first_interview_on,
        interview_summary.last_interview_on,
        coalesce(history_summary.status_change_count, 0) as status_change_count,
        history_summary.furthest_stage_order as history_stage_order,
        history_summary.first_response_change_on,
        history_summary.offer_change_on,
        history_summary.last_change_on
    from applications
    left join candidates on applications.candidate_id = candidates.id
    left join positions on applications.position_id = positions.id
    left join companies on positions.company_id = companies.id
    left join sources on applications.source_id = sources.id
    left join statuses on applications.status_id = statuses.id
    left join outcomes on applications.id = outcomes.process_id
    left join outcome_types on outcomes.outcome_type_id = outcome_types.id
    left join interview_summary on applications.id = interview_summary.process_id
    left join history_summary on applications.id = history_summary.process_id
),

milestones as (
    select
        joined.*,
        least(
            joined.first_response_change_on,
            joined.first_interview_on,
            case
                when joined.outcome_code in ('offer', 'accepted', 'declined', 'rejected')
                    then joined.outcome_on
            end
        ) as first_response_on,
        least(
            joined.offer_change_on,
            case
                when joined.outcome_code in ('offer', 'accepted', 'declined')
                    then joined.outcome_on
            end
        ) as offer_on,
        greatest(
            joined.applied_on,
            joined.last_change_on,
            joined.last_interview_on,
            joined.outcome_on
        ) as last_activity_on,
        -- Without any history (data entered before history existed), the current status is
        -- the only evidence; an application has at least reached "applied".
        coalesce(
            greatest(
                joined.history_stage_order,
                case when joined.interview_count > 0 then stage_orders.interviewing_stage end,
                case
                    when joined.outcome_code in ('offer', 'declined')
                        then stage_orders.offer_stage
                    when joined.outcome_code = 'accepted' then stage_orders.accepted_stage
                end
            ),
            case when joined.status_change_count = 0 then joined.current_stage_order end,
            1
        ) as furthest_stage_order
    from joined
    cross join stage_orders
),

final as (
    select
        milestones.application_id as application_key,
        milestones.application_id,
        milestones.candidate_key,
        milestones.company_key,
        milestones.position_key,
        milestones.source_key,
        milestones.current_status_key,
        coalesce(furthest.id, -1) as furthest_status_key,
        milestones.outcome_key,
        etl_date_key(milestones.raw_applied_on, -1) as applied_date_key,
        etl_date_key(milestones.first_response_on, -2) as first_response_date_key,
        etl_date_key(milestones.first_interview_on, -2) as first_interview_date_key,
        etl_date_key(milestones.offer_on, -2) as offer_date_key,
        case
            when milestones.has_outcome then etl_date_key(milestones.raw_decided_on, -1)
            else -2
        end as outcome_date_key,
        etl_date_key(milestones.last_activity_on, -1) as last_activity_date_key,
        milestones.offer_currency,
        datediff('day', milestones.applied_on, milestones.first_response_on)
            as days_to_first_response,
        datediff('day', milestones.applied_on, milestones.first_interview_on)
            as days_to_first_interview,
        datediff('day', milestones.applied_on, milestones.offer_on) as days_to_offer,
        datediff('day', milestones.applied_on, milestones.outcome_on) as days_to_outcome,
        milestones.interview_count,
        milestones.completed_interview_count,
        milestones.status_change_count,
        milestones.offer_salary,
        milestones.first_response_on is not null as has_responded,
        coalesce(milestones.is_open, false) as is_open,
        milestones.applied_on,
        milestones.first_response_on,
        milestones.last_activity_on,
        milestones.source_updated_at,
        milestones.contact_name,
        milestones.contact_email
    from milestones
    left join statuses as furthest on milestones.furthest_stage_order = furthest.stage_order
)

select * from final;
