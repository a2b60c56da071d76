-- Remove the sample, step 1: the sample's applications; their interviews, outcome and status
-- history go with them (on delete cascade), each deletion leaving a tombstone for the ETL.
-- Only rows the sample created (is_sample): an application a user added is never touched.
-- Returns one row: how many applications were removed.
with removed as (
    delete from hirewire.interview_processes
    where is_sample
    returning id
)

select count(*) as removed_count
from removed
