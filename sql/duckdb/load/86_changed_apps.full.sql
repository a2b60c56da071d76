-- Full mode: every application is new to dbt, which rebuilds every mart after a full load
-- (hirewire.analytics reads the run's mode): nothing to list, and older lists are void.

delete from etl_changed_application;
