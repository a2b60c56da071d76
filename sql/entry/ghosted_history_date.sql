-- Date the 'ghosted' status rows just written by ghosted_record.sql (the trigger dates a change
-- at the transaction's start, one value for all) on the day each application became ghosted.
-- Runs in the same transaction, so now() singles out exactly those rows.
update hirewire.process_status_history as history
set
    effective_at = least(
        greatest(
            outcomes.decided_on::timestamp at time zone 'UTC' + interval '12 hours',
            (
                select max(earlier.effective_at) + interval '1 minute'
                from hirewire.process_status_history as earlier
                where earlier.process_id = history.process_id and earlier.id <> history.id
            )
        ),
        now()
    )
from hirewire.interview_outcomes as outcomes
where
    history.process_id = outcomes.process_id
    and history.process_id = any(:application_ids::bigint[])
    and history.to_status_code = 'ghosted'
    and history.effective_at = now()
    and outcomes.outcome_code = 'ghosted'
