-- The last two steps of an application's status history, latest first: the last is what
-- undo-status removes or --status-on re-dates, the one before bounds the new date.
select
    id,
    from_status_code,
    to_status_code,
    effective_at
from hirewire.process_status_history
where process_id = :application_id
order by effective_at desc, id desc
limit 2
