-- Change set, part 1: move the most recent open applications one stage up the funnel (on hold
-- and the last stage end as rejected). The history trigger writes one status-history row per
-- application, dated by the hirewire.effective_at setting of the transaction.
-- Grain: one updated row per changed application.
with statuses as (
    select
        code,
        stage_order,
        is_terminal
    from hirewire.process_statuses
),

open_applications as (
    select
        interview_processes.id,
        statuses.stage_order
    from hirewire.interview_processes
    inner join statuses
        on interview_processes.status_code = statuses.code
    where not statuses.is_terminal
    order by interview_processes.id desc
    limit current_setting('bench.count')::bigint
),

next_statuses as (
    select
        open_applications.id,
        coalesce(next_stage.code, 'rejected') as status_code
    from open_applications
    left join statuses as next_stage
        on open_applications.stage_order + 1 = next_stage.stage_order
)

update hirewire.interview_processes
set status_code = next_statuses.status_code
from next_statuses
where interview_processes.id = next_statuses.id
