-- Incremental mode: the keys this run (re)built in the big tables, for the summary's inserted,
-- updated and deleted counts (a key removed and added again was updated). Nothing is counted
-- another way (see 85_row_changes.full.sql).

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

create or replace temp table etl_counted_changes (
    table_name varchar,
    inserted bigint,
    updated bigint,
    deleted bigint
);
