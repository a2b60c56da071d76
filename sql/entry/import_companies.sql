-- Create the companies of an import that do not exist yet (names compared like
-- companies_name_key: case and surrounding spaces ignored), then link every staged row to its
-- company. Returns how many companies were created.
with new_companies as (
    select distinct on (lower(btrim(company_name)))
        company_name,
        location
    from import_rows
    order by lower(btrim(company_name)) asc, line_number asc
),

inserted as (
    insert into hirewire.companies (name, location)
    select
        company_name,
        location
    from new_companies
    on conflict (lower(btrim(name))) do nothing
    returning id
)

select count(*) as created_count
from inserted
