-- Find a company by name (case and surrounding spaces ignored) or create it.
-- One row: the company id and whether this statement created it.
with inserted as (
    insert into hirewire.companies (name, industry, location, website, notes)
    values (btrim(:name), :industry, :location, :website, :notes)
    on conflict (lower(btrim(name))) do nothing
    returning id
)

select
    inserted.id,
    true as is_created
from inserted
union all
select
    companies.id,
    false as is_created
from hirewire.companies as companies
where
    lower(btrim(companies.name)) = lower(btrim(:name))
    and not exists (select from inserted)
