-- Added after the first release: how many days after its application an interview or a status
-- change happened (negative: dated before the application, a data-entry slip the run summary
-- counts), and the star schema's fingerprint in etl_run, so the first load after an upgrade
-- like this one is a full load that fills the new columns (etl/load.py).

alter table fct_interview add column if not exists days_since_applied integer;

alter table fct_status_change add column if not exists days_since_applied integer;

alter table etl_run add column if not exists schema_fingerprint varchar;
