-- HireWire warehouse: the Kimball star schema, created by `make init` and upgraded in place.
-- Every statement is idempotent (create ... if not exists); a later change adds a new numbered
-- file with `alter table ... add column if not exists`, never a drop.
--
-- Keys: <entity>_key is the surrogate key, equal to the source row's id (Postgres guarantees
-- it unique and never reuses it), so a full load and an incremental load give the same keys
-- without a key map. Special members on every dimension (Kimball design tip 128):
--     -1 'Unknown'                    the source value is missing or unusable
--     -2 'Not applicable / not yet'   the event has not happened (yet)
-- Date keys are integers yyyymmdd into dim_date. Facts never hold a NULL foreign key.
--
-- The small tables declare their primary key. The big ones (candidates, companies, positions
-- and the facts) do not: DuckDB maintains an index for every key it enforces, on every insert
-- and commit, a large share of a full load (docs/performance.md). Their keys are the
-- source's primary keys, so they are unique by construction; dbt's unique and not_null tests
-- check them on every build, and so does `python -m etl check`.

create table if not exists dim_date (
    date_key integer primary key,           -- yyyymmdd; -1 unknown, -2 not happened yet
    date_day date,                          -- null for the special members
    day_name varchar not null,
    month_name varchar not null,
    year integer,
    quarter integer,
    month integer,
    day_of_month integer,
    iso_year integer,
    iso_week integer,
    day_of_week integer,                    -- ISO: Monday = 1 ... Sunday = 7
    week_start date,                        -- the Monday of the ISO week
    month_start date,
    is_weekend boolean not null
);

create table if not exists dim_candidate (
    candidate_key bigint not null,
    candidate_id bigint,                    -- natural key (null for special members)
    candidate_name varchar not null,
    email varchar,
    is_default boolean not null
);

create table if not exists dim_company (
    company_key bigint not null,
    company_id bigint,
    company_name varchar not null,
    industry varchar,
    company_size varchar,
    location varchar,
    website varchar
);

create table if not exists dim_position (
    position_key bigint not null,
    position_id bigint,
    company_key bigint not null,
    job_title varchar not null,
    location varchar,
    remote_policy varchar,
    currency varchar,
    -- e.g. '< 40k', '40k-60k', '60k-80k', '80k-100k', '100k+', 'not posted'
    salary_band varchar not null,
    url varchar,
    salary_min decimal(12, 2),
    salary_max decimal(12, 2)
);

create table if not exists dim_source (
    source_key integer primary key,
    source_code varchar not null,
    source_label varchar not null,
    channel_category varchar not null,      -- job_board, direct, network, agency, public_service
    sort_order integer not null
);

create table if not exists dim_status (
    status_key integer primary key,
    status_code varchar not null,
    status_label varchar not null,
    status_category varchar not null,       -- open, closed_positive, closed_negative
    sort_order integer not null,
    stage_order integer,                    -- applied = 1 ... accepted = 7; null if not a stage
    is_terminal boolean not null
);

create table if not exists dim_interview_type (
    interview_type_key integer primary key,
    interview_type_code varchar not null,
    interview_type_label varchar not null,
    interview_type_category varchar not null,   -- screening, technical, behavioral, final
    sort_order integer not null
);

create table if not exists dim_outcome (
    outcome_key integer primary key,
    outcome_code varchar not null,
    outcome_label varchar not null,
    outcome_category varchar not null,      -- positive, negative, neutral
    sort_order integer not null
);

-- Accumulating snapshot: one row per application, its milestones filled in as they happen.
-- Milestone definitions are the metric glossary's (dbt/models/docs/glossary.md):
--   first response = earliest of: a status change to a stage beyond applied (not ghosted,
--   withdrew, on_hold), an interview, an outcome among offer/accepted/declined/rejected.
--   furthest stage = highest stage_order reached in the status history, where an outcome of
--   offer/declined counts as offer, accepted as accepted, and an interview as interviewing.
create table if not exists fct_application (
    application_key bigint not null,
    application_id bigint not null,
    candidate_key bigint not null,
    company_key bigint not null,
    position_key bigint not null,
    source_key integer not null,
    current_status_key integer not null,
    furthest_status_key integer not null,
    outcome_key integer not null,           -- -2 while no outcome is recorded
    applied_date_key integer not null,
    first_response_date_key integer not null,
    first_interview_date_key integer not null,
    offer_date_key integer not null,
    outcome_date_key integer not null,
    last_activity_date_key integer not null,
    offer_currency varchar,
    days_to_first_response integer,
    days_to_first_interview integer,
    days_to_offer integer,
    days_to_outcome integer,
    interview_count integer not null,
    completed_interview_count integer not null,
    status_change_count integer not null,
    offer_salary decimal(12, 2),
    has_responded boolean not null,
    is_open boolean not null,               -- current status category is open
    applied_on date,
    first_response_on date,
    last_activity_on date,
    source_updated_at timestamptz
);

-- One row per interview.
create table if not exists fct_interview (
    interview_key bigint not null,
    interview_id bigint not null,
    application_key bigint not null,
    candidate_key bigint not null,
    company_key bigint not null,
    position_key bigint not null,
    interview_type_key integer not null,
    interview_date_key integer not null,
    interview_status varchar not null,      -- scheduled, rescheduled, completed, cancelled, no_show
    interview_status_category varchar not null,     -- planned, done, cancelled
    interviewer_name varchar,
    interview_number integer not null,      -- 1 for the application's first interview
    days_since_applied integer,             -- negative: dated before the application
    duration_minutes integer,
    rating integer,
    is_completed boolean not null,
    scheduled_at timestamptz,
    source_updated_at timestamptz
);

-- One row per status transition (the first row of an application has from_status_key -2).
create table if not exists fct_status_change (
    status_change_key bigint not null,
    status_change_id bigint not null,
    application_key bigint not null,
    candidate_key bigint not null,
    company_key bigint not null,
    source_key integer not null,
    from_status_key integer not null,
    to_status_key integer not null,
    effective_date_key integer not null,
    change_number integer not null,         -- 1 for the application's first row (applied)
    hours_in_previous_status decimal(12, 2),        -- null for the first row
    days_in_previous_status integer,
    days_since_applied integer,             -- negative: dated before the application
    effective_at timestamptz,
    source_updated_at timestamptz
);

-- One row per ETL run.
create table if not exists etl_run (
    run_id bigint primary key,
    mode varchar not null,                  -- full, incremental
    status varchar not null,                -- running, succeeded, failed
    error varchar,
    -- {"fct_application": {"inserted": 10, "updated": 2, "deleted": 0}, ...}
    row_counts json,
    -- {"unknown_source": 3, "orphan_position": 1, "null_date": 0, ...}
    special_member_counts json,
    rows_extracted bigint,
    started_at timestamptz not null,
    finished_at timestamptz,
    source_snapshot_at timestamptz,         -- when the source snapshot was taken
    watermark timestamptz,                  -- rows updated after it are pulled next time
    schema_fingerprint varchar              -- digest of the star schema's columns (002)
);
