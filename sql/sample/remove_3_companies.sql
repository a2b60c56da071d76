-- Remove the sample, step 3: the companies the sample created that no position is left at.
-- Returns one row: how many companies were removed.
with removed as (
    delete from hirewire.companies as companies
    where
        companies.is_sample
        and not exists (
            select
            from hirewire.job_positions as positions
            where positions.company_id = companies.id
        )
    returning companies.id
)

select count(*) as removed_count
from removed
