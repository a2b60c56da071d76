-- DuckDB: how the latest dbt build ran (full or incremental) and how much it recomputed.
-- One row.
select
    mode,
    changed_applications,
    changed_candidates
from analytics_run
order by run_id desc
limit 1
