-- Staging table for one CSV import: one row per accepted line, gone at commit or rollback.
create temporary table import_rows (
    line_number integer primary key,
    candidate_id bigint not null,
    company_name text not null,
    job_title text not null,
    applied_on date not null,
    source_code text not null,
    status_code text not null,
    status_at timestamptz not null,
    outcome_code text,
    outcome_on date,
    salary_min decimal(12, 2),
    salary_max decimal(12, 2),
    offer_salary decimal(12, 2),
    currency char(3),
    url text,
    location text,
    contact_name text,
    contact_email text,
    notes text,
    -- The line states a status (status, outcome or a status's date), and dates it.
    has_status boolean not null,
    is_status_dated boolean not null,
    company_id bigint,
    position_id bigint,
    process_id bigint,
    -- The line matches an application recorded before this import (re-import as a sync).
    is_existing boolean not null default false
) on commit drop
