-- The source snapshot and the next watermark. This is the first statement sent to Postgres in
-- the load's transaction, so the extension's REPEATABLE READ snapshot is taken here and every
-- later read (parallel scans import it with SET TRANSACTION SNAPSHOT) sees the same data.
--
-- Rows are stamped with now(), the start of their writing transaction. A row this snapshot
-- cannot see comes from a transaction still running now (started at or after the oldest
-- xact_start) or starting later, so its stamp is at or after the watermark below: the next
-- run pulls `updated_at >= watermark` and misses nothing. Only this database's sessions
-- can write its tables, so other databases' transactions are ignored.
create or replace temp table etl_snapshot as
with
activity as (
    select
        snapshot_at,
        oldest_transaction_at,
        server_version
    from postgres_query(
        'pg',
        'select
            now() as snapshot_at,
            (select min(xact_start) from pg_stat_activity
                where backend_type = ''client backend''
                    and datname = current_database()) as oldest_transaction_at,
            current_setting(''server_version_num'')::integer as server_version'
    )
),

final as (
    select
        snapshot_at,
        server_version,
        least(snapshot_at, oldest_transaction_at) as watermark
    from activity
)

select * from final;
