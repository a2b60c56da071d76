"""HireWire's ETL: load the Postgres source into the DuckDB star schema (`python -m etl`).

The SQL lives in sql/duckdb/ (schema files at the top, transforms in load/); this package only
connects, runs the files in order (the source read in one transaction, one snapshot), records
`etl_run`, reports progress and counts, and publishes the result atomically (etl.publish).
"""
