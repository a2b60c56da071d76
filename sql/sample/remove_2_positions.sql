-- Remove the sample, step 2: the positions the sample created that no application uses now
-- that the sample's are gone (a position a user applied to is kept: it is theirs too).
-- Returns one row: how many positions were removed.
with removed as (
    delete from hirewire.job_positions as positions
    where
        positions.is_sample
        and not exists (
            select
            from hirewire.interview_processes as processes
            where processes.position_id = positions.id
        )
    returning positions.id
)

select count(*) as removed_count
from removed
