-- Companies whose name contains the search text (case-insensitive), exact match first.
-- One row per company.
select
    companies.id,
    companies.name,
    (
        select count(*)
        from hirewire.job_positions
        where job_positions.company_id = companies.id
    ) as position_count
from hirewire.companies as companies
where companies.name ilike :pattern escape '\'
order by
    lower(btrim(companies.name)) = lower(btrim(:name)) desc,
    length(companies.name) asc,
    companies.name asc
limit :limit
