-- Record the 'ghosted' outcome and status for the given applications, skipping any that got
-- an outcome or left the open statuses since the warehouse was published.
-- Returns the ids recorded.
with targets as (
    select processes.id
    from hirewire.interview_processes as processes
    inner join hirewire.process_statuses as statuses
        on processes.status_code = statuses.code
    left join hirewire.interview_outcomes as outcomes
        on processes.id = outcomes.process_id
    where
        processes.id = any(:application_ids)
        and statuses.category = 'open'
        and outcomes.id is null
),

recorded as (
    insert into hirewire.interview_outcomes (process_id, outcome_code, decided_on, notes)
    select
        id as process_id,
        'ghosted' as outcome_code,
        :decided_on::date as decided_on,
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
