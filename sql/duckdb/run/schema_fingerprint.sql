-- A digest of the star schema's and the replica's columns. A load whose fingerprint differs
-- from the last successful run's is full: an upgrade may have added columns to fill.
with
star_columns as (
    select concat_ws('.', schema_name, table_name, column_name, data_type) as column_path
    from duckdb_columns()
    where
        database_name = current_database()
        and (
            schema_name = 'source_replica'
            or (schema_name = 'main' and regexp_matches(table_name, '^(dim|fct)_'))
        )
)

select md5(string_agg(column_path, ',' order by column_path)) as schema_fingerprint
from star_columns;
