-- One row per ETL run (bound parameters: see etl/load.py).
insert into etl_run (
    run_id,
    mode,
    status,
    error,
    row_counts,
    special_member_counts,
    rows_extracted,
    started_at,
    finished_at,
    source_snapshot_at,
    watermark,
    schema_fingerprint
)
values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12);
