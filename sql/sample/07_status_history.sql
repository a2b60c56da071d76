-- Sample job search, step 7: the status history, the rows the history trigger writes when
-- data entry records each change at its real time: an 'applied' row at the application date
-- (midnight UTC, as the trigger dates it), then every change of the journey.
insert into hirewire.process_status_history (
    process_id, from_status_code, to_status_code, effective_at
)
select
    history.process_id,
    history.from_status_code,
    history.to_status_code,
    history.effective_at
from (
    select
        application.process_id,
        0 as step_no,
        null as from_status_code,
        'applied' as to_status_code,
        application.applied_on::timestamp at time zone 'UTC' as effective_at
    from sample_applications as application
    union all
    select
        step.process_id,
        step.step_no,
        step.from_status_code,
        step.status_code as to_status_code,
        step.effective_at
    from sample_steps as step
) as history
order by history.process_id, history.step_no;
