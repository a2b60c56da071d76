-- title: Company responsiveness
-- display: table
-- dimensions: company_name
-- metrics: applications, response_rate_pct, median_days_to_first_response, ghost_rate_pct
-- size: 12x7
-- How each company treats applications: response rate, days to respond, ghosting.
-- One row per company (the candidate shown), most applied-to first.
-- The candidate shown: the default one, or while it has no application yet (a fresh install
-- with only the sample, filed under its own candidate) the first candidate that has some.
with candidates as (
    -- From the marts only, never a star dimension.
    select candidate_id
    from mart_candidates
    where applications > 0
    order by is_default desc, candidate_id asc
    limit 1
),

companies as (
    select
        candidate_id,
        company_name,
        applications,
        response_rate,
        median_days_to_first_response,
        ghost_rate
    from mart_company_responsiveness
),

final as (
    select
        companies.company_name,
        companies.applications,
        companies.median_days_to_first_response,
        round(100 * companies.response_rate, 1) as response_rate_pct,
        round(100 * companies.ghost_rate, 1) as ghost_rate_pct
    from companies
    inner join candidates
        on companies.candidate_id = candidates.candidate_id
)

select * from final
order by applications desc, company_name asc
