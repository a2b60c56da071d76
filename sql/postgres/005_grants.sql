-- Least privilege. hirewire_app writes data; hirewire_etl reads everything, now and later.
-- Default privileges cover tables that later migrations create as the same owner.

grant usage on schema hirewire to hirewire_app, hirewire_etl;

grant select, insert, update, delete on all tables in schema hirewire to hirewire_app;
grant usage, select on all sequences in schema hirewire to hirewire_app;
grant select on all tables in schema hirewire to hirewire_etl;

alter default privileges in schema hirewire
grant select, insert, update, delete on tables to hirewire_app;
alter default privileges in schema hirewire
grant usage, select on sequences to hirewire_app;
alter default privileges in schema hirewire
grant select on tables to hirewire_etl;

-- Tombstones are written by a security-definer trigger only.
revoke insert, update, delete on hirewire.deleted_rows from hirewire_app;

-- The ETL needs the start time of running transactions to compute a safe watermark.
grant pg_read_all_stats to hirewire_etl;

-- Only migrations record migrations.
revoke insert, update, delete on hirewire.schema_migrations from hirewire_app;
