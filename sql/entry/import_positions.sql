-- Create the positions of an import that do not exist yet (one per company and title, the
-- first line's details win). Returns how many positions were created.
with new_positions as (
    select distinct on (company_id, lower(btrim(job_title)))
        company_id,
        job_title,
        location,
        salary_min,
        salary_max,
        currency,
        url
    from import_rows
    order by company_id asc, lower(btrim(job_title)) asc, line_number asc
),

inserted as (
    insert into hirewire.job_positions (
        company_id, title, location, salary_min, salary_max, currency, url
    )
    select
        company_id,
        job_title,
        location,
        salary_min,
        salary_max,
        coalesce(currency, 'EUR') as currency,
        url
    from new_positions
    on conflict (company_id, lower(btrim(title))) do nothing
    returning id
)

select count(*) as created_count
from inserted
