-- Change set, part 2: new applications dated today, spread over the existing candidates,
-- positions and sources. A pair already applied to today is skipped (natural key).
-- Grain: one inserted row per new application.
with candidates as (
    select
        id,
        row_number() over (order by id) as candidate_number
    from hirewire.candidates
),

positions as (
    select
        id,
        row_number() over (order by id) as position_number
    from hirewire.job_positions
),

sources as (
    select
        code,
        row_number() over (order by code) as source_number
    from hirewire.application_sources
),

sizes as (
    select
        (select count(*) from candidates) as candidate_count,
        (select count(*) from positions) as position_count,
        (select count(*) from sources) as source_count
),

new_applications as (
    select
        1 + mod(series.n, sizes.candidate_count) as candidate_number,
        1 + mod(
            series.n * 7919 + current_setting('bench.salt')::bigint, sizes.position_count
        ) as position_number,
        1 + mod(series.n, sizes.source_count) as source_number
    from generate_series(1, current_setting('bench.count')::bigint) as series (n)
    cross join sizes
)

insert into hirewire.interview_processes (candidate_id, position_id, source_code, applied_on)
select
    candidates.id as candidate_id,
    positions.id as position_id,
    sources.code as source_code,
    current_setting('bench.applied_on')::date as applied_on
from new_applications
inner join candidates
    on new_applications.candidate_number = candidates.candidate_number
inner join positions
    on new_applications.position_number = positions.position_number
inner join sources
    on new_applications.source_number = sources.source_number
on conflict (candidate_id, position_id, applied_on) do nothing
