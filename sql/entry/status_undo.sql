-- Undo the last status change of an application: delete its last history step (never the
-- initial 'applied' one) and put the application back to the status of the step before.
-- The caller sets hirewire.history_written so the history trigger writes no new step.
-- One row (the removed step and the status restored), none when there is nothing to undo.
with steps as (
    select
        id,
        from_status_code,
        to_status_code,
        effective_at,
        row_number() over (order by effective_at desc, id desc) as recency
    from hirewire.process_status_history
    where process_id = :application_id
),

last_step as (
    select
        latest.id,
        latest.to_status_code as undone_status_code,
        coalesce(previous.to_status_code, latest.from_status_code) as restored_status_code,
        latest.effective_at
    from steps as latest
    left join steps as previous
        on previous.recency = 2
    where latest.recency = 1 and latest.from_status_code is not null
),

removed as (
    delete from hirewire.process_status_history as history
    using last_step
    where history.id = last_step.id
    returning history.id
),

restored as (
    update hirewire.interview_processes as processes
    set status_code = last_step.restored_status_code
    from last_step
    where processes.id = :application_id and exists (select from removed)
    returning processes.id
)

select
    last_step.id,
    last_step.undone_status_code,
    last_step.restored_status_code,
    last_step.effective_at
from last_step
where exists (select from restored)
