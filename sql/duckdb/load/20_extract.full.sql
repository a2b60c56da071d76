-- Full mode: replace everything. Record the keys being removed (for the run's counts), empty
-- the replica, the entity dimensions and the facts (special members stay), copy the source
-- tables whole with parallel scans, and put every row in scope for the build files.

-- Scan task size per table: about 8 tasks (so both threads stay busy to the end), at least
-- 500 pages and at most 5000 (fewer Postgres round trips on big tables). One size for all
-- would leave a small table a single task, and one thread idle. relpages is Postgres'
-- estimate (0 before any VACUUM/ANALYZE).
create or replace temp table etl_scan_tasks as
select
    table_name,
    greatest(500, least(5000, pages // 8)) as pages_per_task
from postgres_query(
    'pg',
    'select relname::text as table_name, relpages::bigint as pages from pg_class
    where relnamespace = ''hirewire''::regnamespace and relkind = ''r'''
);

create or replace temp macro etl_pages_per_task(source_table) as coalesce(
    (
        select etl_scan_tasks.pages_per_task from etl_scan_tasks
        where etl_scan_tasks.table_name = source_table  -- noqa: RF03
    ),
    1000
);

insert into etl_removed
select
    'dim_candidate' as table_name,
    candidate_key as row_key
from dim_candidate
where candidate_key > 0;

insert into etl_removed
select
    'dim_company' as table_name,
    company_key as row_key
from dim_company
where company_key > 0;

insert into etl_removed
select
    'dim_position' as table_name,
    position_key as row_key
from dim_position
where position_key > 0;

insert into etl_removed
select
    'fct_application' as table_name,
    application_key as row_key
from fct_application;

insert into etl_removed
select
    'fct_interview' as table_name,
    interview_key as row_key
from fct_interview;

insert into etl_removed
select
    'fct_status_change' as table_name,
    status_change_key as row_key
from fct_status_change;

delete from fct_status_change;
delete from fct_interview;
delete from fct_application;
delete from dim_position
where position_key > 0;
delete from dim_company
where company_key > 0;
delete from dim_candidate
where candidate_key > 0;

delete from source_replica.candidates;
set variable etl_pages = etl_pages_per_task('candidates');  -- noqa: PRS
set pg_pages_per_task = getvariable('etl_pages');
insert into source_replica.candidates by name
select
    id,
    name,
    email,
    is_default,
    updated_at
from pg.hirewire.candidates;

delete from source_replica.companies;
set variable etl_pages = etl_pages_per_task('companies');  -- noqa: PRS
set pg_pages_per_task = getvariable('etl_pages');
insert into source_replica.companies by name
select
    id,
    name,
    industry,
    company_size,
    location,
    website,
    updated_at
from pg.hirewire.companies;

delete from source_replica.job_positions;
set variable etl_pages = etl_pages_per_task('job_positions');  -- noqa: PRS
set pg_pages_per_task = getvariable('etl_pages');
insert into source_replica.job_positions by name
select
    id,
    company_id,
    title,
    location,
    remote_policy,
    currency,
    url,
    salary_min,
    salary_max,
    updated_at
from pg.hirewire.job_positions;

delete from source_replica.interview_processes;
set variable etl_pages = etl_pages_per_task('interview_processes');  -- noqa: PRS
set pg_pages_per_task = getvariable('etl_pages');
insert into source_replica.interview_processes by name
select
    processes.id,
    processes.candidate_id,
    processes.position_id,
    etl_vocabulary_id(processes.source_code, sources.id) as source_id,
    etl_vocabulary_id(processes.status_code, statuses.id) as status_id,
    processes.applied_on,
    processes.contact_name,
    processes.contact_email,
    processes.updated_at
from pg.hirewire.interview_processes as processes
left join source_replica.application_sources as sources on processes.source_code = sources.code
left join source_replica.process_statuses as statuses on processes.status_code = statuses.code;

delete from source_replica.interviews;
set variable etl_pages = etl_pages_per_task('interviews');  -- noqa: PRS
set pg_pages_per_task = getvariable('etl_pages');
insert into source_replica.interviews by name
select
    interviews.id,
    interviews.process_id,
    etl_vocabulary_id(interviews.interview_type_code, types.id) as interview_type_id,
    etl_vocabulary_id(interviews.status_code, statuses.id) as status_id,
    interviews.interviewer_name,
    interviews.duration_minutes,
    interviews.rating,
    interviews.scheduled_at,
    interviews.updated_at
from pg.hirewire.interviews as interviews
left join source_replica.interview_types as types on interviews.interview_type_code = types.code
left join source_replica.interview_statuses as statuses on interviews.status_code = statuses.code;

delete from source_replica.interview_outcomes;
set variable etl_pages = etl_pages_per_task('interview_outcomes');  -- noqa: PRS
set pg_pages_per_task = getvariable('etl_pages');
insert into source_replica.interview_outcomes by name
select
    outcomes.id,
    outcomes.process_id,
    etl_vocabulary_id(outcomes.outcome_code, types.id) as outcome_type_id,
    outcomes.currency,
    outcomes.salary_offered,
    outcomes.decided_on,
    outcomes.updated_at
from pg.hirewire.interview_outcomes as outcomes
left join source_replica.outcome_types as types on outcomes.outcome_code = types.code;

delete from source_replica.process_status_history;
set variable etl_pages = etl_pages_per_task('process_status_history');  -- noqa: PRS
set pg_pages_per_task = getvariable('etl_pages');
insert into source_replica.process_status_history by name
select
    history.id,
    history.process_id,
    etl_vocabulary_id(history.from_status_code, from_statuses.id) as from_status_id,
    etl_vocabulary_id(history.to_status_code, to_statuses.id) as to_status_id,
    history.effective_at,
    history.updated_at
from pg.hirewire.process_status_history as history
left join source_replica.process_statuses as from_statuses
    on history.from_status_code = from_statuses.code
left join source_replica.process_statuses as to_statuses
    on history.to_status_code = to_statuses.code;

-- What the build files read: every row in full mode (the incremental file defines the same
-- views over the applications and entities the changes touch). `select *`: a view is the
-- table itself, whatever columns it has.
create or replace temp view etl_candidates_in_scope as
select * from source_replica.candidates;  -- noqa: AM04

create or replace temp view etl_companies_in_scope as
select * from source_replica.companies;  -- noqa: AM04

create or replace temp view etl_job_positions_in_scope as
select * from source_replica.job_positions;  -- noqa: AM04

create or replace temp view etl_interview_processes_in_scope as
select * from source_replica.interview_processes;  -- noqa: AM04

create or replace temp view etl_interviews_in_scope as
select * from source_replica.interviews;  -- noqa: AM04

create or replace temp view etl_interview_outcomes_in_scope as
select * from source_replica.interview_outcomes;  -- noqa: AM04

create or replace temp view etl_process_status_history_in_scope as
select * from source_replica.process_status_history;  -- noqa: AM04

create or replace temp view etl_fct_application_in_scope as
select * from fct_application;  -- noqa: AM04

set variable etl_rows_extracted = (  -- noqa: PRS
    select
        (select count(*) from source_replica.candidates)
        + (select count(*) from source_replica.companies)
        + (select count(*) from source_replica.job_positions)
        + (select count(*) from source_replica.interview_processes)
        + (select count(*) from source_replica.interviews)
        + (select count(*) from source_replica.interview_outcomes)
        + (select count(*) from source_replica.process_status_history)
);
