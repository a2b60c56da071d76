-- The day of the first thing that followed an application (an interview, its outcome or a
-- status change after 'applied'): moving the application date later must keep it on or before
-- that day. One row; first_event_on is null when nothing followed yet.
with events as (
    select interviews.scheduled_at::date as event_on
    from hirewire.interviews as interviews
    where interviews.process_id = :application_id
    union all
    select outcomes.decided_on as event_on
    from hirewire.interview_outcomes as outcomes
    where outcomes.process_id = :application_id
    union all
    select history.effective_at::date as event_on
    from hirewire.process_status_history as history
    where history.process_id = :application_id and history.from_status_code is not null
)

select min(event_on) as first_event_on
from events
