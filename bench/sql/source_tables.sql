-- The source tables the floor reads: every base table of schema hirewire except the migration
-- log. One row per table, smallest name first.
select table_name
from information_schema.tables
where
    table_schema = 'hirewire'
    and table_type = 'BASE TABLE'
    and table_name <> 'schema_migrations'
order by table_name
