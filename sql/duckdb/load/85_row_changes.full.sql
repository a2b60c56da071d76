-- Full mode: rows inserted, updated (rebuilt) and deleted per table, without listing every
-- key twice. The small tables recorded the keys they added (30_dim_date, 31_dim_lookups) and
-- are compared key by key. The big ones were emptied after their keys were kept in
-- etl_removed (20_extract.full): a removed key present again was updated, the rest of the
-- table is new.

create or replace temp table etl_big_table_keys as
select
    'dim_candidate' as table_name,
    count(*) as rows_now,
    (
        select count(*) from etl_removed
        where
            etl_removed.table_name = 'dim_candidate'
            and etl_removed.row_key in (select dim_candidate.candidate_key from dim_candidate)
    ) as kept
from dim_candidate
where candidate_key > 0
union all
select
    'dim_company' as table_name,
    count(*) as rows_now,
    (
        select count(*) from etl_removed
        where
            etl_removed.table_name = 'dim_company'
            and etl_removed.row_key in (select dim_company.company_key from dim_company)
    ) as kept
from dim_company
where company_key > 0
union all
select
    'dim_position' as table_name,
    count(*) as rows_now,
    (
        select count(*) from etl_removed
        where
            etl_removed.table_name = 'dim_position'
            and etl_removed.row_key in (select dim_position.position_key from dim_position)
    ) as kept
from dim_position
where position_key > 0
union all
select
    'fct_application' as table_name,
    count(*) as rows_now,
    (
        select count(*) from etl_removed
        where
            etl_removed.table_name = 'fct_application'
            and etl_removed.row_key in (
                select fct_application.application_key from fct_application
            )
    ) as kept
from fct_application
union all
select
    'fct_interview' as table_name,
    count(*) as rows_now,
    (
        select count(*) from etl_removed
        where
            etl_removed.table_name = 'fct_interview'
            and etl_removed.row_key in (select fct_interview.interview_key from fct_interview)
    ) as kept
from fct_interview
union all
select
    'fct_status_change' as table_name,
    count(*) as rows_now,
    (
        select count(*) from etl_removed
        where
            etl_removed.table_name = 'fct_status_change'
            and etl_removed.row_key in (
                select fct_status_change.status_change_key from fct_status_change
            )
    ) as kept
from fct_status_change;

create or replace temp table etl_row_changes as
with
removed as (
    select
        table_name,
        count(*) as rows_before
    from etl_removed
    group by 1
),

big_tables as (
    select
        etl_big_table_keys.table_name,
        etl_big_table_keys.rows_now - etl_big_table_keys.kept as inserted,
        etl_big_table_keys.kept as updated,
        coalesce(removed.rows_before, 0) - etl_big_table_keys.kept as deleted
    from etl_big_table_keys
    left join removed on etl_big_table_keys.table_name = removed.table_name
),

small_removed as (
    select distinct
        table_name,
        row_key
    from etl_removed
    where table_name not in (select etl_big_table_keys.table_name from etl_big_table_keys)
),

small_added as (
    select distinct
        table_name,
        row_key
    from etl_added
),

small_changes as (
    select
        coalesce(small_removed.table_name, small_added.table_name) as table_name,
        small_removed.row_key is not null as was_there,
        small_added.row_key is not null as is_there
    from small_removed
    full outer join
        small_added
        on
            small_removed.table_name = small_added.table_name
            and small_removed.row_key = small_added.row_key
)

select
    table_name,
    count(*) filter (where is_there and not was_there) as inserted,
    count(*) filter (where is_there and was_there) as updated,
    count(*) filter (where was_there and not is_there) as deleted
from small_changes
group by 1
union all
select
    table_name,
    inserted,
    updated,
    deleted
from big_tables;
