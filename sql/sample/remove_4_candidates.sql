-- Remove the sample, step 4: the sample's candidates, unless a user filed applications under
-- one of them. Returns one row: how many candidates were removed.
with removed as (
    delete from hirewire.candidates as candidates
    where
        candidates.is_sample
        and not exists (
            select
            from hirewire.interview_processes as processes
            where processes.candidate_id = candidates.id
        )
    returning candidates.id
)

select count(*) as removed_count
from removed
