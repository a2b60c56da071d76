-- Created by the migration runner before any migration: the record of applied migrations.
create table if not exists hirewire.schema_migrations (
    version integer primary key,
    name text not null,
    checksum text not null,
    applied_at timestamptz not null default now()
);
