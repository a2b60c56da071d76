-- Raw replica of the source tables, kept inside the warehouse so an incremental run rebuilds
-- only the applications it touches (from the replica) instead of re-reading the whole source.
-- Grain: one row per source row, only the columns the star schema uses. Idempotent. A change
-- of columns changes the schema fingerprint, so the next load is a full one that refills it.
--
-- Children store the vocabulary's stable integer id, not its code: every code exists in its
-- vocabulary (foreign keys), an id is the dimension key the facts need, and DuckDB writes and
-- joins integers faster than strings. -1: a code the vocabulary does not know.

create schema if not exists source_replica;

create table if not exists source_replica.candidates (
    id bigint,
    name varchar,
    email varchar,
    is_default boolean,
    updated_at timestamptz
);

create table if not exists source_replica.companies (
    id bigint,
    name varchar,
    industry varchar,
    company_size varchar,
    location varchar,
    website varchar,
    updated_at timestamptz
);

create table if not exists source_replica.job_positions (
    id bigint,
    company_id bigint,
    title varchar,
    location varchar,
    remote_policy varchar,
    currency varchar,
    url varchar,
    salary_min decimal(12, 2),
    salary_max decimal(12, 2),
    updated_at timestamptz
);

create table if not exists source_replica.interview_processes (
    id bigint,
    candidate_id bigint,
    position_id bigint,
    source_id integer,
    status_id integer,
    applied_on date,
    updated_at timestamptz
);

create table if not exists source_replica.interviews (
    id bigint,
    process_id bigint,
    interview_type_id integer,
    status_id integer,
    interviewer_name varchar,
    duration_minutes integer,
    rating integer,
    scheduled_at timestamptz,
    updated_at timestamptz
);

create table if not exists source_replica.interview_outcomes (
    id bigint,
    process_id bigint,
    outcome_type_id integer,
    currency varchar,
    salary_offered decimal(12, 2),
    decided_on date,
    updated_at timestamptz
);

create table if not exists source_replica.process_status_history (
    id bigint,
    process_id bigint,
    from_status_id integer,
    to_status_id integer,
    effective_at timestamptz,
    updated_at timestamptz
);

-- Lookup tables are small: every run copies them whole.
create table if not exists source_replica.process_statuses (
    id integer,
    code varchar,
    label varchar,
    category varchar,
    sort_order integer,
    stage_order integer,
    is_terminal boolean
);

create table if not exists source_replica.application_sources (
    id integer,
    code varchar,
    label varchar,
    channel_category varchar,
    sort_order integer
);

create table if not exists source_replica.interview_types (
    id integer,
    code varchar,
    label varchar,
    category varchar,
    sort_order integer
);

create table if not exists source_replica.interview_statuses (
    id integer,
    code varchar,
    label varchar,
    category varchar,
    sort_order integer
);

create table if not exists source_replica.outcome_types (
    id integer,
    code varchar,
    label varchar,
    category varchar,
    sort_order integer
);

-- Warehouses loaded before the replica held vocabulary ids: swap the code columns for ids
-- (the fingerprint changes, so the next load is full and fills them).
alter table source_replica.interview_processes drop column if exists source_code;
alter table source_replica.interview_processes drop column if exists status_code;
alter table source_replica.interview_processes add column if not exists source_id integer;
alter table source_replica.interview_processes add column if not exists status_id integer;

alter table source_replica.interviews drop column if exists interview_type_code;
alter table source_replica.interviews drop column if exists status_code;
alter table source_replica.interviews add column if not exists interview_type_id integer;
alter table source_replica.interviews add column if not exists status_id integer;

alter table source_replica.interview_outcomes drop column if exists outcome_code;
alter table source_replica.interview_outcomes add column if not exists outcome_type_id integer;

alter table source_replica.process_status_history drop column if exists from_status_code;
alter table source_replica.process_status_history drop column if exists to_status_code;
alter table source_replica.process_status_history add column if not exists from_status_id integer;
alter table source_replica.process_status_history add column if not exists to_status_id integer;
