-- Link every staged row to its company, by name as companies_name_key compares it.
update import_rows
set company_id = companies.id
from hirewire.companies as companies
where lower(btrim(companies.name)) = lower(btrim(import_rows.company_name))
