-- What lets dbt follow the ETL incrementally (docs/analytics.md, "Incremental marts").
--
-- etl_changed_application: every application an incremental load rebuilt or deleted, and every
-- application whose candidate, company or position changed, by ETL run. dbt rebuilds the
-- per-application models for these only; hirewire.analytics removes the rows a successful dbt
-- build has consumed. A full load empties it: the next dbt build is a full one.
create table if not exists etl_changed_application (
    etl_run_id bigint not null,
    application_key bigint not null
);

-- analytics_run: one row per successful dbt build (hirewire.analytics), the last one saying
-- which ETL run, as-of date and code the marts were built from, so the next build knows what
-- it may keep.
create table if not exists analytics_run (
    run_id bigint primary key,
    etl_run_id bigint not null,             -- the last ETL run the marts include
    as_of_date date not null,
    mode varchar not null,                  -- full, incremental
    reason varchar not null,                -- why this mode (a full build names its cause)
    changed_applications bigint not null,   -- applications rebuilt (incremental)
    changed_candidates bigint not null,     -- candidates whose aggregates were rebuilt
    code_fingerprint varchar not null,      -- digest of the dbt project and its settings
    reference_fingerprint varchar not null, -- digest of the lookup dimensions
    started_at timestamptz not null,
    finished_at timestamptz not null
);

-- The scope of the next incremental dbt build, written by hirewire.analytics just before it
-- (sql/duckdb/analytics/scope.sql) and read by the incremental models as dbt sources.
create table if not exists analytics_scope_application (application_key bigint not null);

create table if not exists analytics_scope_candidate (candidate_id bigint not null);

-- Marts whose rows are finer than a candidate recompute only the groups the applications in
-- scope belonged to, before or after: at one row per candidate and company, nearly one per
-- application, recomputing whole candidates would redo most of the mart for a 1% change.
create table if not exists analytics_scope_candidate_company (
    candidate_id bigint not null,
    company_id bigint not null
);

create table if not exists analytics_scope_candidate_source (
    candidate_id bigint not null,
    source varchar not null
);

-- The star tables the ETL runs since the last build changed (a row inserted, updated or
-- deleted). A data test that reads only staging views of other tables checks nothing new in an
-- incremental build: the same rows passed the same test in the build before.
create table if not exists analytics_scope_table (table_name varchar not null);
