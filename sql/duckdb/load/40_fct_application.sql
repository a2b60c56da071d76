-- fct_application, the accumulating snapshot: one row per application in this run's scope.
-- It is the one home of the glossary's application milestones (dbt/models/docs/glossary.md):
-- dbt reads them from here, and computes only what depends on its as-of date (last activity
-- for another date, ghosting, terminal state). The events behind them are the application
-- itself, its status changes, its interviews and its outcome (a known outcome type only):
--   responded / first response: the earliest dated response event (a known status beyond
--     applied but ghosted, withdrew or on_hold; any interview; an outcome offer, accepted,
--     declined or rejected), never before the application date.
--   offer: the earliest status change to offer or accepted, or outcome offer/accepted/declined.
--   furthest stage: the highest stage among applied, the statuses of the history, interviewing
--     for any interview, offer for an outcome offer or declined, accepted for accepted.
--   open: no outcome and a current status in the open category.
--   last activity: the latest event dated on or before the load's date (the UTC date of the
--     source snapshot); next_activity_on is the earliest one after it (a scheduled interview),
--     the day an incremental load rebuilds the row (20_extract.incremental.sql).
-- A status change or interview is dated by the UTC date of its timestamp, the application and
-- the outcome by their date when valid. Milestones not reached get the date key -2; absurd or
-- missing source dates get -1.

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

-- The stages an outcome or an interview proves, and the first stage every application reached.
stage_orders as (
    select
        max(stage_order) filter (where code = 'applied') as applied_stage,
        max(stage_order) filter (where code = 'interviewing') as interviewing_stage,
        max(stage_order) filter (where code = 'offer') as offer_stage,
        max(stage_order) filter (where code = 'accepted') as accepted_stage
    from statuses
),

-- Last activity is as of the day of the source snapshot this load reads.
load_date as (
    select etl_utc_date(snapshot_at) as load_on
    from etl_snapshot
),

interview_summary as (
    select
        interviews.process_id,
        count(*) as interview_count,
        count(*) filter (where interview_statuses.category = 'done') as completed_interview_count,
        min(etl_valid_date(etl_utc_date(interviews.scheduled_at))) as first_interview_on,
        min(etl_utc_date(interviews.scheduled_at)) as first_interview_event_on,
        max(etl_utc_date(interviews.scheduled_at)) filter (
            where etl_utc_date(interviews.scheduled_at) <= load_date.load_on
        ) as last_interview_by_load_on,
        min(etl_utc_date(interviews.scheduled_at)) filter (
            where etl_utc_date(interviews.scheduled_at) > load_date.load_on
        ) as next_interview_on
    from interviews
    cross join load_date
    left join interview_statuses on interviews.status_id = interview_statuses.id
    group by 1
),

-- A status the vocabulary does not know (-1) proves no stage and is no response.
history_summary as (
    select
        history.process_id,
        count(*) as status_change_count,
        max(statuses.stage_order) as furthest_stage_order,
        min(etl_utc_date(history.effective_at)) filter (
            where statuses.code not in ('applied', 'ghosted', 'withdrew', 'on_hold')
        ) as first_response_change_on,
        min(etl_utc_date(history.effective_at)) filter (
            where statuses.stage_order >= stage_orders.offer_stage
        ) as offer_change_on,
        max(etl_utc_date(history.effective_at)) filter (
            where etl_utc_date(history.effective_at) <= load_date.load_on
        ) as last_change_by_load_on,
        min(etl_utc_date(history.effective_at)) filter (
            where etl_utc_date(history.effective_at) > load_date.load_on
        ) as next_change_on
    from history
    cross join stage_orders
    cross join load_date
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
        -- An outcome whose type the vocabulary does not know is no outcome for the glossary.
        outcome_types.id is null and coalesce(statuses.category = 'open', false) as is_open,
        etl_valid_date(applications.applied_on) as applied_on,
        applications.applied_on as raw_applied_on,
        applications.contact_name,
        applications.contact_email,
        applications.updated_at as source_updated_at,
        outcomes.id is not null as has_outcome,
        outcome_types.code as outcome_code,
        outcomes.decided_on as raw_decided_on,
        etl_valid_date(outcomes.decided_on) as outcome_on,
        case when outcome_types.id is not null then etl_valid_date(outcomes.decided_on) end
            as outcome_event_on,
        outcomes.salary_offered as offer_salary,
        case when outcomes.salary_offered is not null then outcomes.currency end
            as offer_currency,
        coalesce(interview_summary.interview_count, 0) as interview_count,
        coalesce(interview_summary.completed_interview_count, 0) as completed_interview_count,
        interview_summary.first_interview_on,
        interview_summary.first_interview_event_on,
        interview_summary.last_interview_by_load_on,
        interview_summary.next_interview_on,
        coalesce(history_summary.status_change_count, 0) as status_change_count,
        history_summary.furthest_stage_order as history_stage_order,
        history_summary.first_response_change_on,
        history_summary.offer_change_on,
        history_summary.last_change_by_load_on,
        history_summary.next_change_on,
        load_date.load_on
    from applications
    cross join load_date
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

responses as (
    select
        joined.*,
        least(
            joined.first_response_change_on,
            joined.first_interview_event_on,
            case
                when joined.outcome_code in ('offer', 'accepted', 'declined', 'rejected')
                    then joined.outcome_event_on
            end
        ) as first_response_event_on
    from joined
),

milestones as (
    select
        responses.*,
        -- A response dated before the application (a mistyped backdate) counts on its day.
        case
            when responses.first_response_event_on is not null
                then greatest(responses.first_response_event_on, responses.applied_on)
        end as first_response_on,
        least(
            responses.offer_change_on,
            case
                when responses.outcome_code in ('offer', 'accepted', 'declined')
                    then responses.outcome_event_on
            end
        ) as offer_on,
        greatest(
            case when responses.applied_on <= responses.load_on then responses.applied_on end,
            responses.last_change_by_load_on,
            responses.last_interview_by_load_on,
            case
                when responses.outcome_event_on <= responses.load_on
                    then responses.outcome_event_on
            end
        ) as last_activity_on,
        least(
            case when responses.applied_on > responses.load_on then responses.applied_on end,
            responses.next_change_on,
            responses.next_interview_on,
            case
                when responses.outcome_event_on > responses.load_on
                    then responses.outcome_event_on
            end
        ) as next_activity_on,
        greatest(
            stage_orders.applied_stage,
            responses.history_stage_order,
            case when responses.interview_count > 0 then stage_orders.interviewing_stage end,
            case
                when responses.outcome_code in ('offer', 'declined') then stage_orders.offer_stage
                when responses.outcome_code = 'accepted' then stage_orders.accepted_stage
            end
        ) as furthest_stage_order
    from responses
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
        -- Not happened yet (-2) only for an application dated after the load.
        etl_date_key(
            milestones.last_activity_on,
            case when milestones.applied_on > milestones.load_on then -2 else -1 end
        ) as last_activity_date_key,
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
        milestones.is_open,
        milestones.applied_on,
        milestones.first_response_on,
        milestones.offer_on,
        milestones.last_activity_on,
        milestones.next_activity_on,
        milestones.source_updated_at,
        milestones.contact_name,
        milestones.contact_email
    from milestones
    left join statuses as furthest on milestones.furthest_stage_order = furthest.stage_order
)

select * from final;
