-- Incremental mode: pull only what changed since the last successful run, work out which
-- rows of the star schema depend on it, remove those rows, and merge the changes into the
-- replica. The build files then rebuild exactly the removed scope, so the result equals a
-- full run on the same source.
--
-- Each pull is sent to Postgres as text with the watermark as a literal, so Postgres answers
-- it from the updated_at index (a filter pushed through a parallel scan is combined with
-- ctid ranges and reads the whole table). `id > max id seen` also catches rows inserted with
-- a hand-set, older updated_at.

set variable etl_max_candidate_id = (  -- noqa: PRS
    select coalesce(max(id), 0) from source_replica.candidates
);
set variable etl_max_company_id = (  -- noqa: PRS
    select coalesce(max(id), 0) from source_replica.companies
);
set variable etl_max_position_id = (  -- noqa: PRS
    select coalesce(max(id), 0) from source_replica.job_positions
);
set variable etl_max_application_id = (  -- noqa: PRS
    select coalesce(max(id), 0) from source_replica.interview_processes
);
set variable etl_max_interview_id = (  -- noqa: PRS
    select coalesce(max(id), 0) from source_replica.interviews
);
set variable etl_max_outcome_id = (  -- noqa: PRS
    select coalesce(max(id), 0) from source_replica.interview_outcomes
);
set variable etl_max_history_id = (  -- noqa: PRS
    select coalesce(max(id), 0) from source_replica.process_status_history
);

create or replace temp table stg_candidates as
select *
from postgres_query(
    'pg',
    concat(
        'select id, name, email, is_default, updated_at from hirewire.candidates',
        ' where updated_at >= ', getvariable('etl_since_sql'),
        ' or id > ', getvariable('etl_max_candidate_id')
    )
);

create or replace temp table stg_companies as
select *
from postgres_query(
    'pg',
    concat(
        'select id, name, industry, company_size, location, website, updated_at',
        ' from hirewire.companies',
        ' where updated_at >= ', getvariable('etl_since_sql'),
        ' or id > ', getvariable('etl_max_company_id')
    )
);

create or replace temp table stg_job_positions as
select *
from postgres_query(
    'pg',
    concat(
        'select id, company_id, title, location, remote_policy, currency, url, salary_min,',
        ' salary_max, updated_at from hirewire.job_positions',
        ' where updated_at >= ', getvariable('etl_since_sql'),
        ' or id > ', getvariable('etl_max_position_id')
    )
);

create or replace temp table stg_interview_processes as
select
    changed.id,
    changed.candidate_id,
    changed.position_id,
    etl_vocabulary_id(changed.source_code, sources.id) as source_id,
    etl_vocabulary_id(changed.status_code, statuses.id) as status_id,
    changed.applied_on,
    changed.contact_name,
    changed.contact_email,
    changed.updated_at
from postgres_query(
    'pg',
    concat(
        'select id, candidate_id, position_id, source_code, status_code, applied_on,',
        ' contact_name, contact_email, updated_at from hirewire.interview_processes',
        ' where updated_at >= ', getvariable('etl_since_sql'),
        ' or id > ', getvariable('etl_max_application_id')
    )
) as changed
left join source_replica.application_sources as sources on changed.source_code = sources.code
left join source_replica.process_statuses as statuses on changed.status_code = statuses.code;

create or replace temp table stg_interviews as
select
    changed.id,
    changed.process_id,
    etl_vocabulary_id(changed.interview_type_code, types.id) as interview_type_id,
    etl_vocabulary_id(changed.status_code, statuses.id) as status_id,
    changed.interviewer_name,
    changed.duration_minutes,
    changed.rating,
    changed.scheduled_at,
    changed.updated_at
from postgres_query(
    'pg',
    concat(
        'select id, process_id, interview_type_code, status_code, interviewer_name,',
        ' duration_minutes, rating, scheduled_at, updated_at from hirewire.interviews',
        ' where updated_at >= ', getvariable('etl_since_sql'),
        ' or id > ', getvariable('etl_max_interview_id')
    )
) as changed
left join source_replica.interview_types as types on changed.interview_type_code = types.code
left join source_replica.interview_statuses as statuses on changed.status_code = statuses.code;

create or replace temp table stg_interview_outcomes as
select
    changed.id,
    changed.process_id,
    etl_vocabulary_id(changed.outcome_code, types.id) as outcome_type_id,
    changed.currency,
    changed.salary_offered,
    changed.decided_on,
    changed.updated_at
from postgres_query(
    'pg',
    concat(
        'select id, process_id, outcome_code, currency, salary_offered, decided_on,',
        ' updated_at from hirewire.interview_outcomes',
        ' where updated_at >= ', getvariable('etl_since_sql'),
        ' or id > ', getvariable('etl_max_outcome_id')
    )
) as changed
left join source_replica.outcome_types as types on changed.outcome_code = types.code;

create or replace temp table stg_process_status_history as
select
    changed.id,
    changed.process_id,
    etl_vocabulary_id(changed.from_status_code, from_statuses.id) as from_status_id,
    etl_vocabulary_id(changed.to_status_code, to_statuses.id) as to_status_id,
    changed.effective_at,
    changed.updated_at
from postgres_query(
    'pg',
    concat(
        'select id, process_id, from_status_code, to_status_code, effective_at, updated_at',
        ' from hirewire.process_status_history',
        ' where updated_at >= ', getvariable('etl_since_sql'),
        ' or id > ', getvariable('etl_max_history_id')
    )
) as changed
left join source_replica.process_statuses as from_statuses
    on changed.from_status_code = from_statuses.code
left join source_replica.process_statuses as to_statuses
    on changed.to_status_code = to_statuses.code;

create or replace temp table stg_deleted_rows as
select *
from postgres_query(
    'pg',
    concat(
        'select table_name, row_id from hirewire.deleted_rows where deleted_at >= ',
        getvariable('etl_since_sql')
    )
);

-- Every source row changed or deleted since the last run.
create or replace temp table etl_changed as
select 'candidates' as table_name, id from stg_candidates
union all
select 'companies', id from stg_companies
union all
select 'job_positions', id from stg_job_positions
union all
select 'interview_processes', id from stg_interview_processes
union all
select 'interviews', id from stg_interviews
union all
select 'interview_outcomes', id from stg_interview_outcomes
union all
select 'process_status_history', id from stg_process_status_history
union all
select table_name, row_id from stg_deleted_rows;

set variable etl_rows_extracted = (  -- noqa: PRS
    select count(*) from etl_changed
);

-- Facts only depend on a candidate, company or position through its existence and the
-- position's company: these "shifts" are what touches the facts of unchanged applications.
create or replace temp table etl_candidate_shift as
select row_id as id from stg_deleted_rows where table_name = 'candidates'
union
select id from stg_candidates
where id not in (select known.id from source_replica.candidates as known);

create or replace temp table etl_company_shift as
select row_id as id from stg_deleted_rows where table_name = 'companies'
union
select id from stg_companies
where id not in (select known.id from source_replica.companies as known);

create or replace temp table etl_position_shift as
select row_id as id from stg_deleted_rows where table_name = 'job_positions'
union
select staged.id
from stg_job_positions as staged
left join source_replica.job_positions as previous on staged.id = previous.id
where previous.id is null or previous.company_id is distinct from staged.company_id
union
select id from source_replica.job_positions
where company_id in (select etl_company_shift.id from etl_company_shift);

create or replace temp table etl_scope_candidate as
select distinct id from etl_changed where table_name = 'candidates';

create or replace temp table etl_scope_company as
select distinct id from etl_changed where table_name = 'companies';

create or replace temp table etl_scope_position as
select id from etl_changed where table_name = 'job_positions'
union
select id from source_replica.job_positions
where company_id in (select etl_company_shift.id from etl_company_shift);

-- Applications to rebuild: changed ones, those whose children changed (old and new parent),
-- those hit by a shift, those with an event dated since the last load, or all of them when a
-- lookup table changed.
create or replace temp table etl_scope_application as
with
changed_children as (
    select previous.process_id
    from source_replica.interviews as previous
    inner join etl_changed
        on etl_changed.table_name = 'interviews' and previous.id = etl_changed.id
    union all
    select previous.process_id
    from source_replica.interview_outcomes as previous
    inner join etl_changed
        on etl_changed.table_name = 'interview_outcomes' and previous.id = etl_changed.id
    union all
    select previous.process_id
    from source_replica.process_status_history as previous
    inner join etl_changed
        on etl_changed.table_name = 'process_status_history' and previous.id = etl_changed.id
    union all
    select process_id from stg_interviews
    union all
    select process_id from stg_interview_outcomes
    union all
    select process_id from stg_process_status_history
),

shifted as (
    select id from source_replica.interview_processes
    where
        position_id in (select etl_position_shift.id from etl_position_shift)
        or candidate_id in (select etl_candidate_shift.id from etl_candidate_shift)
),

everything as (
    select id from source_replica.interview_processes
    union all
    select process_id from source_replica.interviews
    union all
    select process_id from source_replica.interview_outcomes
    union all
    select process_id from source_replica.process_status_history
)

select id from etl_changed where table_name = 'interview_processes'
union
select process_id from changed_children
union
select id from shifted
union
select id from everything where getvariable('etl_lookups_changed')
union
-- Last activity is as of the load's date: an event dated after the previous load and on or
-- before this one (a scheduled interview whose day has come) moves it.
select application_key from fct_application
where next_activity_on <= (select etl_utc_date(etl_snapshot.snapshot_at) from etl_snapshot);

insert into etl_removed
select 'dim_candidate', candidate_key from dim_candidate
where candidate_key in (select etl_scope_candidate.id from etl_scope_candidate)
union all
select 'dim_company', company_key from dim_company
where company_key in (select etl_scope_company.id from etl_scope_company)
union all
select 'dim_position', position_key from dim_position
where position_key in (select etl_scope_position.id from etl_scope_position)
union all
select 'fct_application', application_key from fct_application
where application_key in (select etl_scope_application.id from etl_scope_application)
union all
select 'fct_interview', id from source_replica.interviews
where process_id in (select etl_scope_application.id from etl_scope_application)
union all
select 'fct_status_change', id from source_replica.process_status_history
where process_id in (select etl_scope_application.id from etl_scope_application);

delete from dim_candidate
where candidate_key in (
    select etl_removed.row_key from etl_removed where etl_removed.table_name = 'dim_candidate'
);
delete from dim_company
where company_key in (
    select etl_removed.row_key from etl_removed where etl_removed.table_name = 'dim_company'
);
delete from dim_position
where position_key in (
    select etl_removed.row_key from etl_removed where etl_removed.table_name = 'dim_position'
);
delete from fct_application
where application_key in (
    select etl_removed.row_key from etl_removed where etl_removed.table_name = 'fct_application'
);
delete from fct_interview
where interview_key in (
    select etl_removed.row_key from etl_removed where etl_removed.table_name = 'fct_interview'
);
delete from fct_status_change
where status_change_key in (
    select etl_removed.row_key from etl_removed where etl_removed.table_name = 'fct_status_change'
);

-- Merge: changed and deleted rows leave the replica, the changed ones come back new.
delete from source_replica.candidates
where id in (select etl_changed.id from etl_changed where etl_changed.table_name = 'candidates');
insert into source_replica.candidates by name select * from stg_candidates;

delete from source_replica.companies
where id in (select etl_changed.id from etl_changed where etl_changed.table_name = 'companies');
insert into source_replica.companies by name select * from stg_companies;

delete from source_replica.job_positions
where id in (
    select etl_changed.id from etl_changed where etl_changed.table_name = 'job_positions'
);
insert into source_replica.job_positions by name select * from stg_job_positions;

delete from source_replica.interview_processes
where id in (
    select etl_changed.id from etl_changed where etl_changed.table_name = 'interview_processes'
);
insert into source_replica.interview_processes by name select * from stg_interview_processes;

delete from source_replica.interviews
where id in (select etl_changed.id from etl_changed where etl_changed.table_name = 'interviews');
insert into source_replica.interviews by name select * from stg_interviews;

delete from source_replica.interview_outcomes
where id in (
    select etl_changed.id from etl_changed where etl_changed.table_name = 'interview_outcomes'
);
insert into source_replica.interview_outcomes by name select * from stg_interview_outcomes;

delete from source_replica.process_status_history
where id in (
    select etl_changed.id from etl_changed
    where etl_changed.table_name = 'process_status_history'
);
insert into source_replica.process_status_history by name
select * from stg_process_status_history;

-- What the build files read: the rows of this run's scope (the full file defines the same
-- views over every row). Children whose application is missing (orphans) are in scope too.
create or replace temp view etl_candidates_in_scope as
select * from source_replica.candidates
where id in (select etl_scope_candidate.id from etl_scope_candidate);

create or replace temp view etl_companies_in_scope as
select * from source_replica.companies
where id in (select etl_scope_company.id from etl_scope_company);

create or replace temp view etl_job_positions_in_scope as
select * from source_replica.job_positions
where id in (select etl_scope_position.id from etl_scope_position);

create or replace temp view etl_interview_processes_in_scope as
select * from source_replica.interview_processes
where id in (select etl_scope_application.id from etl_scope_application);

create or replace temp view etl_interviews_in_scope as
select * from source_replica.interviews
where process_id in (select etl_scope_application.id from etl_scope_application);

create or replace temp view etl_interview_outcomes_in_scope as
select * from source_replica.interview_outcomes
where process_id in (select etl_scope_application.id from etl_scope_application);

create or replace temp view etl_process_status_history_in_scope as
select * from source_replica.process_status_history
where process_id in (select etl_scope_application.id from etl_scope_application);

create or replace temp view etl_fct_application_in_scope as
select * from fct_application
where application_key in (select etl_scope_application.id from etl_scope_application);
