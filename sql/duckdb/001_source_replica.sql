-- Raw replica of the source tables, kept inside the warehouse so an incremental run rebuilds
-- only the applications it touches (from the replica) instead of re-reading the whole source.
-- Grain: one row per source row, only the columns the star schema uses. Same rules as 000:
-- idempotent, additive only. A column added here needs a full run (`make etl MODE=full`).

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
    source_code varchar,
    status_code varchar,
    applied_on date,
    updated_at timestamptz
);

create table if not exists source_replica.interviews (
    id bigint,
    process_id bigint,
    interview_type_code varchar,
    status_code varchar,
    interviewer_name varchar,
    duration_minutes integer,
    rating integer,
    scheduled_at timestamptz,
    updated_at timestamptz
);

create table if not exists source_replica.interview_outcomes (
    id bigint,
    process_id bigint,
    outcome_code varchar,
    currency varchar,
    salary_offered decimal(12, 2),
    decided_on date,
    updated_at timestamptz
);

create table if not exists source_replica.process_status_history (
    id bigint,
    process_id bigint,
    from_status_code varchar,
    to_status_code varchar,
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
