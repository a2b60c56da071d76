-- Company responsiveness: one row per candidate and company, most applied-to first.
select
    candidate_id,
    company_name,
    applications,
    responses,
    response_rate,
    median_days_to_first_response,
    ghosted,
    ghost_rate
from mart_company_responsiveness
order by
    candidate_id asc,
    applications desc,
    ghost_rate desc,
    response_rate asc,
    company_name asc
