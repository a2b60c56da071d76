-- Sample job search, step 2: candidates. One row per sample candidate; candidate 1 is the
-- default candidate that always exists, the others (a career coach's clients) are added.
analyze sample_params;

create temp table sample_candidates on commit drop as
with numbered as (
    select
        candidate.n,
        params.seed,
        params.candidate_base,
        (
            select known_row.id from hirewire.candidates as known_row
            where known_row.is_default)
            as default_candidate_id
    from sample_params as params
    cross join lateral generate_series(1::bigint, params.candidates) as candidate (n)
),

named as (
    select
        numbered.n,
        numbered.candidate_base,
        numbered.default_candidate_id,
        (array[
            'Camille', 'Léa', 'Hugo', 'Inès', 'Lucas', 'Manon', 'Yanis', 'Chloé', 'Nathan', 'Sarah',
            'Karim', 'Julie', 'Thomas', 'Aïcha', 'Maxime', 'Emma', 'Romain', 'Clara', 'Mehdi', 'Zoé'
        ])[1 + floor(pg_temp.sample_random(numbered.seed, numbered.n, 1) * 20)::integer]
            as first_name,
        (array[
            'Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand',
            'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefebvre', 'Michel', 'Garcia', 'David',
            'Bertrand', 'Roux', 'Vincent', 'Fournier'
        ])[1 + floor(pg_temp.sample_random(numbered.seed, numbered.n, 2) * 20)::integer]
            as last_name
    from numbered
),

final as (
    select
        named.n,
        named.first_name || ' ' || named.last_name as name,
        -- Candidate 1 is the default candidate when there is one (there is, unless a DBA
        -- deleted it), else a new one like the others.
        coalesce(
            case when named.n = 1 then named.default_candidate_id end,
            named.candidate_base + named.n
        ) as candidate_id,
        named.n = 1 and named.default_candidate_id is not null as is_existing,
        -- The number keeps addresses unique among thousands of benchmark candidates.
        lower(
            translate(named.first_name, 'éèëïîç', 'eeeiic') || '.' || named.last_name
        ) || '.' || named.n || '@example.com' as email
    from named
)

select * from final;

insert into hirewire.candidates (id, name, email, notes)
overriding system value
select
    candidate_id,
    name,
    email,
    'Sample candidate' as notes
from sample_candidates
where not is_existing
order by candidate_id;
