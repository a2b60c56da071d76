-- Record the 'ghosted' outcome and status of the given applications, each dated the day it
-- became ghosted (mart_applications.ghosted_on), skipping any that got an outcome or left the
-- open statuses since the warehouse was published: applying twice records nothing new.
-- Returns the ids recorded.
with proposed as (
    select
        ghosted.application_id,
        ghosted.ghosted_on
    from unnest(:application_ids::bigint[], :ghosted_ons::date[]) as ghosted (
        application_id, ghosted_on
    )
),

targets as (
    select
        processes.id,
        -- Never before applying or the last recorded status change, never after today.
        least(
            greatest(proposed.ghosted_on, processes.applied_on, last_changes.changed_on),
            current_date
        ) as ghosted_on
    from proposed
    inner join hirewire.interview_processes as processes
        on proposed.application_id = processes.id
    inner join hirewire.process_statuses as statuses
        on processes.status_code = statuses.code
    left join hirewire.interview_outcomes as outcomes
        on processes.id = outcomes.process_id
    left join lateral (
        select max(history.effective_at)::date as changed_on
        from hirewire.process_status_history as history
        where history.process_id = processes.id
    ) as last_changes on true
    where
        statuses.category = 'open'
        and outcomes.id is null
),

recorded as (
    insert into hirewire.interview_outcomes (process_id, outcome_code, decided_on, notes)
    select
        id as process_id,
        'ghosted' as outcome_code,
        ghosted_on as decided_on,
        'recorded by etl detect-ghosted' as notes
    from targets
    returning process_id
),

updated as (
    update hirewire.interview_processes
    set status_code = 'ghosted'
    where id in (select recorded.process_id from recorded)
    returning id
)

select id
from updated
order by id
