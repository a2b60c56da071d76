-- Date the status history of the imported applications from the file.
-- The insert trigger already wrote each application's 'applied -> status' row; it dates that
-- row with hirewire.effective_at, which holds one value per transaction, while an import
-- carries one status date per line. So this set-based step stamps each row with its own line's
-- date instead of 10,000 separate transactions.
update hirewire.process_status_history as history
set
    effective_at = greatest(
        import_rows.status_at,
        import_rows.applied_on::timestamp at time zone 'UTC'
    )
from import_rows
where
    history.process_id = import_rows.process_id
    and history.from_status_code is not null
    and history.to_status_code = import_rows.status_code
