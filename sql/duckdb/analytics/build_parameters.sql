-- The build that record_build.sql records, bound by hirewire/incremental.py.
create or replace temp table analytics_build as
select
    ?::bigint as etl_run_id,
    ?::date as as_of_date,
    ?::varchar as mode,
    ?::varchar as reason,
    ?::bigint as changed_applications,
    ?::bigint as changed_candidates,
    ?::varchar as code_fingerprint,
    ?::varchar as reference_fingerprint,
    ?::timestamptz as started_at;
