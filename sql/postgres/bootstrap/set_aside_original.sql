-- Run by the migration runner, inside the upgrade's one transaction, on a database the
-- classification found to be the original HireWire's: its five tables carry the names
-- HireWire's 003 creates, so they move, untouched (rows, ids, sequences, indexes, constraints),
-- to schema hirewire_original. 007 then copies them into HireWire's tables; they stay there
-- as the complete record of the original data, keyed by the same ids.

create schema hirewire_original;

comment on schema hirewire_original is
'The original HireWire''s five tables as they were before the upgrade (same ids as in hirewire).';

alter table hirewire.companies set schema hirewire_original;
alter table hirewire.job_positions set schema hirewire_original;
alter table hirewire.interview_processes set schema hirewire_original;
alter table hirewire.interviews set schema hirewire_original;
alter table hirewire.interview_outcomes set schema hirewire_original;
