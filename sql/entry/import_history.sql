-- Date the status history of the imported applications from the file.
-- Inserting an application at its current status made the trigger write one
-- 'applied -> current' row. It dates that row with hirewire.effective_at, which holds one
-- value per transaction, while an import carries dates per line: so this set-based step gives
-- the row its line's date (and the status it really came from), instead of 10,000 separate
-- transactions. import_history_steps.sql adds the statuses in between.
update hirewire.process_status_history as history
set
    from_status_code = transitions.from_status_code,
    effective_at = greatest(
        transitions.effective_at,
        import_rows.applied_on::timestamp at time zone 'UTC'
    )
from import_rows
inner join import_transitions as transitions
    on
        import_rows.line_number = transitions.line_number
        and transitions.is_last
where
    history.process_id = import_rows.process_id
    and history.from_status_code = 'applied'
    and history.to_status_code = import_rows.status_code
