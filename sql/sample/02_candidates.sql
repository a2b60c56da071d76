-- Sample job search, step 2: candidates. One row per sample candidate, each a new candidate
-- named as sample data: the default candidate ("Me"), where the user's own applications go,
-- never receives sample rows, and `make sample-remove` finds them by is_sample.
analyze sample_params;

create temp table sample_candidates on commit drop as
with numbered as (
    select
        candidate.n,
        params.seed,
        params.candidate_base
    from sample_params as params
    cross join lateral generate_series(1::bigint, params.candidates) as candidate (n)
),

named as (
    select
        numbered.n,
        numbered.candidate_base,
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
        named.first_name || ' ' || named.last_name || ' (sample data)' as name,
        named.candidate_base + named.n as candidate_id,
        -- The number keeps addresses unique among thousands of benchmark candidates.
        lower(
            translate(named.first_name, 'éèëïîç', 'eeeiic') || '.' || named.last_name
        ) || '.' || named.n || '@example.com' as email
    from named
)

select * from final;

insert into hirewire.candidates (id, name, email, notes, is_sample)
overriding system value
select
    candidate_id,
    name,
    email,
    'Sample data: `make sample-remove` deletes it' as notes,
    true as is_sample
from sample_candidates
order by candidate_id;
