-- Vocabulary rows kept from the original HireWire: an is_legacy flag on every lookup table.
-- The upgrade of an original database itself is 007_upgrade_original_hirewire_tables.sql (its
-- tables live in schema hirewire); this file once also held an upgrade path for tables in
-- schema public, a layout the original never had, and was reduced to the flag. Databases that
-- applied the longer version have the same schema.

alter table hirewire.process_statuses
add column is_legacy boolean not null default false;
alter table hirewire.application_sources
add column is_legacy boolean not null default false;
alter table hirewire.interview_types
add column is_legacy boolean not null default false;
alter table hirewire.interview_statuses
add column is_legacy boolean not null default false;
alter table hirewire.outcome_types
add column is_legacy boolean not null default false;

comment on column hirewire.process_statuses.is_legacy is
'Kept from the original HireWire data during the upgrade; review its label and category.';
comment on column hirewire.application_sources.is_legacy is
'Kept from the original HireWire data during the upgrade; review its label and category.';
comment on column hirewire.interview_types.is_legacy is
'Kept from the original HireWire data during the upgrade; review its label and category.';
comment on column hirewire.interview_statuses.is_legacy is
'Kept from the original HireWire data during the upgrade; review its label and category.';
comment on column hirewire.outcome_types.is_legacy is
'Kept from the original HireWire data during the upgrade; review its label and category.';
