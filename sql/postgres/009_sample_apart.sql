-- The sample job search kept apart from the user's own: every row the sample creates is
-- flagged is_sample, so `make sample-remove` deletes exactly those (and never a user's row),
-- and sample_loads remembers a sample was loaded, so `make all` does not load it again after
-- the user removed it.

alter table hirewire.candidates add column is_sample boolean not null default false;

alter table hirewire.companies add column is_sample boolean not null default false;

alter table hirewire.job_positions add column is_sample boolean not null default false;

alter table hirewire.interview_processes add column is_sample boolean not null default false;

create table hirewire.sample_loads (
    id bigint generated always as identity primary key,
    seed bigint not null,
    applications bigint not null,
    candidates bigint not null,
    loaded_at timestamptz not null default now(),
    removed_at timestamptz
);

-- Written by `python -m hirewire.sample` as the admin role; data entry only reads it.
revoke insert, update, delete on hirewire.sample_loads from hirewire_app;
