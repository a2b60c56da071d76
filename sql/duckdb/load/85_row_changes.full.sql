-- Full mode: rows inserted, updated (rebuilt) and deleted in the big tables, without listing
-- every key twice. They were emptied after their keys were kept in etl_removed
-- (20_extract.full): a removed key present again was updated, the rest of the table is new.
-- The small tables recorded the keys they added (30_dim_date, 31_dim_lookups): the summary
-- compares those key by key.

-- Rows in each big table now, and how many of them were there before (build side: the old
-- keys, none when the warehouse was empty).
create or replace temp table etl_big_table_keys as
select
    'dim_candidate' as table_name,
    count(*) as rows_now,
    count(*) filter (
        where candidate_key in (
            select etl_removed.row_key from etl_removed
            where etl_removed.table_name = 'dim_candidate'
        )
    ) as kept
from dim_candidate
where candidate_key > 0
union all
select
    'dim_company' as table_name,
    count(*) as rows_now,
    count(*) filter (
        where company_key in (
            select etl_removed.row_key from etl_removed
            where etl_removed.table_name = 'dim_company'
        )
    ) as kept
from dim_company
where company_key > 0
union all
select
    'dim_position' as table_name,
    count(*) as rows_now,
    count(*) filter (
        where position_key in (
            select etl_removed.row_key from etl_removed
            where etl_removed.table_name = 'dim_position'
        )
    ) as kept
from dim_position
where position_key > 0
union all
select
    'fct_application' as table_name,
    count(*) as rows_now,
    count(*) filter (
        where application_key in (
            select etl_removed.row_key from etl_removed
            where etl_removed.table_name = 'fct_application'
        )
    ) as kept
from fct_application
union all
select
    'fct_interview' as table_name,
    count(*) as rows_now,
    count(*) filter (
        where interview_key in (
            select etl_removed.row_key from etl_removed
            where etl_removed.table_name = 'fct_interview'
        )
    ) as kept
from fct_interview
union all
select
    'fct_status_change' as table_name,
    count(*) as rows_now,
    count(*) filter (
        where status_change_key in (
            select etl_removed.row_key from etl_removed
            where etl_removed.table_name = 'fct_status_change'
        )
    ) as kept
from fct_status_change;

create or replace temp table etl_counted_changes as
with
removed as (
    select
        table_name,
        count(*) as rows_before
    from etl_removed
    group by 1
)

select
    etl_big_table_keys.table_name,
    etl_big_table_keys.rows_now - etl_big_table_keys.kept as inserted,
    etl_big_table_keys.kept as updated,
    coalesce(removed.rows_before, 0) - etl_big_table_keys.kept as deleted
from etl_big_table_keys
left join removed on etl_big_table_keys.table_name = removed.table_name;

delete from etl_removed
where table_name in (select etl_counted_changes.table_name from etl_counted_changes);
