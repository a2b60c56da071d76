-- The parameters of scope.sql, bound by hirewire/incremental.py: the ETL run the last build
-- included, and the new build's as-of date.
create or replace temp table analytics_parameters as
select
    $1::bigint as since_etl_run,
    $2::date as as_of;
