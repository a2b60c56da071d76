-- Sample job search, step 4: job positions. One row per sample position.
-- Position p belongs to company ((p - 1) mod companies) + 1, and the positions of one company
-- take consecutive titles from a seeded start, so a company never posts one title twice.
create temp table sample_positions on commit drop as
with counted as (
    select
        params.seed,
        params.position_base,
        params.position_count,
        (select count(*) from sample_companies) as company_count
    from sample_params as params
),

numbered as (
    select
        numbered_position.p,
        counted.seed,
        counted.position_base,
        ((numbered_position.p - 1) % counted.company_count) + 1 as company_k,
        (numbered_position.p - 1) / counted.company_count as slot
    from counted
    cross join lateral generate_series(1::bigint, counted.position_count) as numbered_position (p)
),

titled as (
    select
        numbered.p,
        numbered.seed,
        numbered.position_base,
        numbered.company_k,
        -- 16 titles; a company has at most a handful of positions.
        (
            floor(pg_temp.sample_random(numbered.seed, numbered.company_k, 5) * 16)::integer
            + numbered.slot::integer
        ) % 16 + 1 as title_index
    from numbered
),

described as (
    select
        titled.p,
        titled.seed,
        titled.position_base,
        titled.company_k,
        (array[
            'Data Engineer', 'Senior Data Engineer', 'Analytics Engineer', 'Data Analyst',
            'Senior Data Analyst', 'BI Developer', 'Data Platform Engineer',
            'Machine Learning Engineer', 'Lead Data Engineer', 'Data Architect',
            'DataOps Engineer', 'Python Backend Engineer', 'Data Scientist',
            'Analytics Engineering Manager', 'Staff Data Engineer', 'Database Administrator'
        ])[titled.title_index] as title,
        -- Typical yearly gross salary of the title in thousands of euros.
        (array[48, 62, 52, 42, 52, 45, 58, 60, 72, 75, 52, 50, 54, 80, 85, 50])[
            titled.title_index
        ] as base_salary_thousands,
        pg_temp.sample_random(titled.seed, titled.p, 6) as posted_draw,
        pg_temp.sample_random(titled.seed, titled.p, 7) as level_draw,
        pg_temp.sample_random(titled.seed, titled.p, 8) as width_draw,
        pg_temp.sample_random(titled.seed, titled.p, 9) as remote_draw
    from titled
),

final as (
    select
        described.p,
        described.position_base + described.p as position_id,
        company.company_id,
        company.name as company_name,
        described.title,
        described.base_salary_thousands,
        case
            when described.remote_draw < 0.25 then 'onsite'
            when described.remote_draw < 0.8 then 'hybrid'
            else 'remote'
        end as remote_policy,
        case when described.remote_draw >= 0.8 then 'Remote' else company.location end
            as location,
        -- Three postings in four publish a salary range.
        case
            when described.posted_draw < 0.75
                then 1000 * round(
                    described.base_salary_thousands * (0.9 + 0.2 * described.level_draw)
                )
        end::decimal(12, 2) as salary_min,
        case
            when described.posted_draw < 0.75
                then 1000 * (
                    round(described.base_salary_thousands * (0.9 + 0.2 * described.level_draw))
                    + 5 + floor(15 * described.width_draw)
                )
        end::decimal(12, 2) as salary_max,
        company.website || '/jobs/' || described.p as url
    from described
    inner join sample_companies as company on described.company_k = company.k
)

select * from final;

insert into hirewire.job_positions (
    id, company_id, title, description, location, remote_policy, salary_min, salary_max,
    currency, url, is_sample
)
overriding system value
select
    position_id,
    company_id,
    title,
    title || ' at ' || company_name || ': build and run our data pipelines.' as description,
    location,
    remote_policy,
    salary_min,
    salary_max,
    'EUR' as currency,
    url,
    true as is_sample
from sample_positions
order by position_id
on conflict do nothing;

-- The user may already track this title at this company: use their position.
update sample_positions
set position_id = known_row.id
from hirewire.job_positions as known_row
where
    known_row.company_id = sample_positions.company_id
    and lower(btrim(known_row.title)) = lower(btrim(sample_positions.title))
    and known_row.id <> sample_positions.position_id
    and (select params.position_base from sample_params as params) > 0;

analyze sample_positions;
