-- Change set, part 3: delete the oldest applications. Their interviews, outcome and status
-- history go with them (on delete cascade) and every deleted row leaves a tombstone.
-- Grain: one deleted row per application.
delete from hirewire.interview_processes
where id in (
    select id
    from hirewire.interview_processes
    order by id
    limit current_setting('bench.count')::bigint
)
