-- A digest of every table's columns, every view's definition and every index of the
-- warehouse: `make init` compares it before and after applying the schema files, to say
-- whether it upgraded anything or found the warehouse up to date.
with

catalog_entries as (
    select concat_ws('.', 'column', schema_name, table_name, column_name, data_type) as entry
    from duckdb_columns()
    where database_name = current_database()
    union all
    select concat_ws('.', 'view', schema_name, view_name, sql) as entry
    from duckdb_views()
    where database_name = current_database() and not internal
    union all
    select concat_ws('.', 'index', schema_name, table_name, index_name, sql) as entry
    from duckdb_indexes()
    where database_name = current_database()
)

select md5(string_agg(entry, ',' order by entry)) as catalog_fingerprint
from catalog_entries;
