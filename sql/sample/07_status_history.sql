-- Sample job search, step 7: the status history. The trigger wrote each application's
-- 'applied' row and its change to the current status, dated at load time; date that change
-- when it happened and name the status it left, then add the changes in between (one set-based
-- insert, the same rows the trigger writes when data entry moves an application step by step).
update hirewire.process_status_history as history
set
    from_status_code = step.from_status_code,
    effective_at = step.effective_at
from sample_steps as step
where
    step.is_last
    and history.process_id = step.process_id
    and history.to_status_code = step.status_code
    and history.from_status_code = 'applied';

insert into hirewire.process_status_history (
    process_id, from_status_code, to_status_code, effective_at
)
select
    process_id,
    from_status_code,
    status_code as to_status_code,
    effective_at
from sample_steps
where not is_last
order by process_id, step_no;
