-- The build that record_build.sql records, bound by hirewire/incremental.py.
create or replace temp table analytics_build as
select
    $1::bigint as etl_run_id,
    $2::date as as_of_date,
    $3::varchar as mode,  -- noqa: RF04
    $4::varchar as reason,
    $5::bigint as changed_applications,
    $6::bigint as changed_candidates,
    $7::varchar as code_fingerprint,
    $8::varchar as reference_fingerprint,
    $9::timestamptz as started_at;
