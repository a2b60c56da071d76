-- Incremental mode: the keys this run (re)built in the big tables, then the rows inserted,
-- updated (rebuilt) and deleted per table: a key removed and added again was updated.

insert into etl_added
select
    'dim_candidate' as table_name,
    id as row_key
from etl_scope_candidate
where id in (select known.id from source_replica.candidates as known)
union all
select
    'dim_company' as table_name,
    id as row_key
from etl_scope_company
where id in (select known.id from source_replica.companies as known)
union all
select
    'dim_position' as table_name,
    id as row_key
from etl_scope_position
where id in (select known.id from source_replica.job_positions as known);

insert into etl_added
select
    'fct_application' as table_name,
    id as row_key
from etl_scope_application
where id in (select known.id from source_replica.interview_processes as known);

insert into etl_added
select
    'fct_interview' as table_name,
    id as row_key
from source_replica.interviews
where process_id in (select etl_scope_application.id from etl_scope_application);

insert into etl_added
select
    'fct_status_change' as table_name,
    id as row_key
from source_replica.process_status_history
where process_id in (select etl_scope_application.id from etl_scope_application);

create or replace temp table etl_row_changes as
with
removed as (
    select distinct
        table_name,
        row_key
    from etl_removed
),

added as (
    select distinct
        table_name,
        row_key
    from etl_added
),

changes as (
    select
        coalesce(removed.table_name, added.table_name) as table_name,
        removed.row_key is not null as was_there,
        added.row_key is not null as is_there
    from removed
    full outer join
        added
        on removed.table_name = added.table_name and removed.row_key = added.row_key
)

select
    table_name,
    count(*) filter (where is_there and not was_there) as inserted,
    count(*) filter (where is_there and was_there) as updated,
    count(*) filter (where was_there and not is_there) as deleted
from changes
group by 1;
