-- Find a position by company and title (case and surrounding spaces ignored) or create it.
-- One row: the position id and whether this statement created it.
with inserted as (
    insert into hirewire.job_positions (
        company_id, title, location, remote_policy, salary_min, salary_max, currency, url
    )
    values (
        :company_id,
        btrim(:title),
        :location,
        :remote_policy,
        :salary_min,
        :salary_max,
        coalesce(:currency, 'EUR'),
        :url
    )
    on conflict (company_id, lower(btrim(title))) do nothing
    returning id
)

select
    inserted.id,
    true as is_created
from inserted
union all
select
    job_positions.id,
    false as is_created
from hirewire.job_positions as job_positions
where
    job_positions.company_id = :company_id
    and lower(btrim(job_positions.title)) = lower(btrim(:title))
    and not exists (select from inserted)
