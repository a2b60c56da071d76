-- DuckDB: what the latest ETL run recorded about itself. One row.
select
    mode,
    status,
    rows_extracted,
    row_counts
from etl_run
order by run_id desc
limit 1
