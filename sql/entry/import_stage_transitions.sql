-- Staging table for one CSV import: every status each accepted line went through after
-- 'applied', in order (step 1, 2, ...); is_last marks the application's current status.
create temporary table import_transitions (
    line_number integer not null,
    step integer not null,
    from_status_code text not null,
    to_status_code text not null,
    effective_at timestamptz not null,
    is_last boolean not null,
    primary key (line_number, step)
) on commit drop
