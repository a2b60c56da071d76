-- After an application moved to another position: delete the old position when no
-- application uses it any more, then its company when it has no position left.
-- One row per removed record, saying what it was.
with unused_position as (
    delete from hirewire.job_positions as positions
    where
        positions.id = :position_id
        and not exists (
            select from hirewire.interview_processes as processes
            where processes.position_id = positions.id
        )
    returning positions.id, positions.company_id, positions.title
),

unused_company as (
    delete from hirewire.companies as companies
    using unused_position
    where
        companies.id = unused_position.company_id
        and not exists (
            select from hirewire.job_positions as positions
            where
                positions.company_id = companies.id
                and positions.id not in (select deleted.id from unused_position as deleted)
        )
    returning companies.id, companies.name
)

select 'position ' || title || ' (id ' || id || ')' as removed
from unused_position
union all
select 'company ' || name || ' (id ' || id || ')' as removed
from unused_company
