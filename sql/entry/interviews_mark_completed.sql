-- Mark the given interviews completed, if they are still scheduled; returns the ids changed.
update hirewire.interviews
set status_code = 'completed'
where
    id = any(:interview_ids)
    and status_code in ('scheduled', 'rescheduled')
returning id
