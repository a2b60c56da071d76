-- Added after the first release: the application's contact, so the marts can list each
-- application to follow up with the person and address to write to (glossary: follow-up).
-- The fingerprint changes with these columns, so the first load after the upgrade is full.

alter table source_replica.interview_processes add column if not exists contact_name varchar;

alter table source_replica.interview_processes add column if not exists contact_email varchar;

alter table fct_application add column if not exists contact_name varchar;

alter table fct_application add column if not exists contact_email varchar;
