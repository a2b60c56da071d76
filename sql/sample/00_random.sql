-- Sample job search, step 0: the seeded random function every step uses.
-- A deterministic uniform number in [0, 1) for (seed, entity, salt): no random() whose
-- sequence would depend on row order or on the plan. Inlined by the planner (plain sql, immutable).
create or replace function pg_temp.sample_random(seed bigint, entity bigint, salt integer)
returns double precision
language sql immutable parallel safe as $$
    select (hashint8extended(entity * 1000 + salt, seed) & 4503599627370495)::double precision
        / 4503599627370496
$$;
