-- The last successful dbt build and what the ETL did since: what decides whether the next
-- build may be incremental (hirewire/incremental.py). No row: the marts were never built here.
with

last_build as (
    select
        etl_run_id,
        as_of_date,
        code_fingerprint,
        reference_fingerprint
    from analytics_run
    order by run_id desc
    limit 1
),

loads_since as (
    select
        max(etl_run.run_id) as latest_etl_run_id,
        count(case when etl_run.mode = 'full' then 1 end) as full_loads
    from etl_run
    cross join last_build
    where etl_run.status = 'succeeded' and etl_run.run_id > last_build.etl_run_id
)

select
    last_build.etl_run_id,
    last_build.as_of_date,
    last_build.code_fingerprint,
    last_build.reference_fingerprint,
    loads_since.full_loads,
    exists(
        select 1
        from duckdb_tables() as catalog_tables
        where
            catalog_tables.database_name = current_database()
            and catalog_tables.schema_name = 'main'
            and catalog_tables.table_name = 'int_applications_measured'
    ) as has_marts
from last_build
cross join loads_since;
