-- Sample job search, step 3: companies. One row per sample company.
-- Names combine 40 prefixes and 30 activities (1,200 names); the seed picks a permutation, and
-- beyond 1,200 companies (benchmarks) a number keeps names unique.
create temp table sample_companies on commit drop as
with numbered as (
    select
        company.k,
        params.seed,
        params.company_base,
        -- A multiplier coprime with 1,200 and an offset turn k into a seeded permutation.
        (array[7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47])[
            1 + floor(pg_temp.sample_random(params.seed, 0, 1) * 12)::integer
        ] as multiplier,
        floor(pg_temp.sample_random(params.seed, 0, 2) * 1200)::bigint as offset_by
    from sample_params as params
    -- About 1.6 positions per company.
    cross join lateral generate_series(1::bigint, ceil(params.position_count / 1.6)::bigint)
        as company (k)
),

combined as (
    select
        numbered.k,
        numbered.seed,
        numbered.company_base,
        ((numbered.k - 1) * numbered.multiplier + numbered.offset_by) % 1200 as combination,
        (numbered.k - 1) / 1200 as series
    from numbered
),

described as (
    select
        combined.k,
        combined.company_base,
        combined.series,
        (array[
            'Nova', 'Blue', 'Lumen', 'Atlas', 'Quartz', 'Helio', 'Octo', 'Pixel', 'Alpine',
            'Vertex', 'Kelvin', 'Orbit', 'Cobalt', 'Maple', 'Nimbus', 'Sirius', 'Tandem', 'Verdi',
            'Zephyr', 'Opal', 'Lynx', 'Arcadia', 'Boreal', 'Cedar', 'Delta', 'Ember', 'Fjord',
            'Granite', 'Harbor', 'Indigo', 'Juniper', 'Krypton', 'Lattice', 'Meridian', 'Nordic',
            'Onyx', 'Prism', 'Quantum', 'Riviera', 'Solstice'
        ])[1 + combined.combination / 30] as name_prefix,
        (array[
            'Analytics', 'Labs', 'Data', 'Systems', 'Pay', 'Health', 'Energy', 'Logistics',
            'Software', 'Cloud', 'Insights', 'Media', 'Mobility', 'Bank', 'Assurance', 'Retail',
            'Games', 'Robotics', 'Foods', 'Travel', 'Telecom', 'Networks', 'Studio', 'Metrics',
            'Works', 'Digital', 'Conseil', 'Technologies', 'Security', 'Learning'
        ])[1 + combined.combination % 30] as activity,
        -- The industry follows the activity word, so "Atlas Pay" is a fintech.
        (array[
            'Data & AI', 'Software', 'Data & AI', 'Software', 'Fintech', 'Healthcare', 'Energy',
            'Logistics', 'Software', 'Cloud', 'Consulting', 'Media', 'Mobility', 'Banking',
            'Insurance', 'Retail', 'Gaming', 'Industry', 'Food', 'Travel', 'Telecom', 'Telecom',
            'Media', 'Data & AI', 'Consulting', 'Consulting', 'Consulting', 'Software',
            'Cybersecurity', 'Education'
        ])[1 + combined.combination % 30] as industry,
        (array['1-10', '11-50', '51-200', '201-500', '501-1000', '1000+'])[
            1 + floor(pg_temp.sample_random(combined.seed, combined.k, 3) * 6)::integer
        ] as company_size,
        -- Paris weighs more, as in a real French tech job market.
        (array[
            'Paris', 'Paris', 'Paris', 'Paris', 'Paris', 'Lyon', 'Lyon', 'Nantes', 'Bordeaux',
            'Lille', 'Toulouse', 'Marseille', 'Rennes', 'Montpellier', 'Grenoble', 'Strasbourg',
            'Sophia Antipolis', 'Nice', 'Remote-first', 'Remote-first'
        ])[1 + floor(pg_temp.sample_random(combined.seed, combined.k, 4) * 20)::integer]
            as location
    from combined
),

final as (
    select
        described.k,
        described.company_base + described.k as company_id,
        described.name_prefix || ' ' || described.activity
        || case when described.series > 0 then ' ' || (described.series + 1) else '' end
            as name,
        described.industry,
        described.company_size,
        described.location,
        'https://www.'
        || lower(described.name_prefix || described.activity)
        || case when described.series > 0 then (described.series + 1)::text else '' end
        || '.example' as website
    from described
)

select * from final;

-- A company of that name may already exist (entered by the user): keep theirs.
insert into hirewire.companies (
    id, name, industry, company_size, location, website, is_sample
)
overriding system value
select
    company_id,
    name,
    industry,
    company_size,
    location,
    website,
    true as is_sample
from sample_companies
order by company_id
on conflict do nothing;

update sample_companies
set company_id = known_row.id
from hirewire.companies as known_row
where
    lower(btrim(known_row.name)) = lower(btrim(sample_companies.name))
    and known_row.id <> sample_companies.company_id
    -- Only a database that had companies before can hold a clash.
    and (select params.company_base from sample_params as params) > 0;

analyze sample_companies;
