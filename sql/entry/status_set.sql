-- Change an application's status; the trigger writes the history row, dated by
-- hirewire.effective_at when the caller set it in this transaction.
-- Returns how many applications changed (0 when it already had that status).
with updated as (
    update hirewire.interview_processes
    set status_code = :status_code
    where id = :application_id and status_code is distinct from :status_code
    returning id
)

select count(*) as changed_count
from updated
