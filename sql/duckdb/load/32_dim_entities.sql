-- dim_candidate, dim_company, dim_position: one row per source row in this run's scope (all
-- of them in full mode), key = source id, plus the special members -1 and -2 (kept forever).

insert into dim_candidate by name
with
special_members as (
    select
        -1 as candidate_key,
        'Unknown' as candidate_name,
        false as is_default
    union all
    select
        -2 as candidate_key,
        'Not applicable / not yet' as candidate_name,
        false as is_default
)

select * from special_members
where candidate_key not in (
    select dim_candidate.candidate_key from dim_candidate
    where dim_candidate.candidate_key < 0
);

insert into dim_candidate by name
with
candidates as (
    select
        id,
        name,
        email,
        is_default
    from etl_candidates_in_scope
),

final as (
    select
        id as candidate_key,
        id as candidate_id,
        name as candidate_name,
        email,
        is_default
    from candidates
)

select * from final;

insert into dim_company by name
with
special_members as (
    select
        -1 as company_key,
        'Unknown' as company_name
    union all
    select
        -2 as company_key,
        'Not applicable / not yet' as company_name
)

select * from special_members
where company_key not in (
    select dim_company.company_key from dim_company
    where dim_company.company_key < 0
);

insert into dim_company by name
with
companies as (
    select
        id,
        name,
        industry,
        company_size,
        location,
        website
    from etl_companies_in_scope
),

final as (
    select
        id as company_key,
        id as company_id,
        name as company_name,
        industry,
        company_size,
        location,
        website
    from companies
)

select * from final;

insert into dim_position by name
with
special_members as (
    select
        -1 as position_key,
        -1 as company_key,
        'Unknown' as job_title,
        'not posted' as salary_band
    union all
    select
        -2 as position_key,
        -2 as company_key,
        'Not applicable / not yet' as job_title,
        'not posted' as salary_band
)

select * from special_members
where position_key not in (
    select dim_position.position_key from dim_position
    where dim_position.position_key < 0
);

insert into dim_position by name
with
positions as (
    select
        id,
        company_id,
        title,
        location,
        remote_policy,
        currency,
        url,
        salary_min,
        salary_max
    from etl_job_positions_in_scope
),

companies as (
    select id from source_replica.companies
),

-- The band of the posted range's midpoint (or of its only bound), in the posting's currency.
midpoints as (
    select
        *,
        coalesce((salary_min + salary_max) / 2, salary_min, salary_max) as salary_reference
    from positions
),

banded as (
    select
        *,
        case
            when salary_reference is null then 'not posted'
            when salary_reference < 40000 then '< 40k'
            when salary_reference < 60000 then '40k-60k'
            when salary_reference < 80000 then '60k-80k'
            when salary_reference < 100000 then '80k-100k'
            else '100k+'
        end as salary_band
    from midpoints
),

final as (
    select
        banded.id as position_key,
        banded.id as position_id,
        coalesce(companies.id, -1) as company_key,
        banded.title as job_title,
        banded.location,
        banded.remote_policy,
        banded.currency,
        banded.salary_band,
        banded.url,
        banded.salary_min,
        banded.salary_max
    from banded
    left join companies on banded.company_id = companies.id
)

select * from final;
