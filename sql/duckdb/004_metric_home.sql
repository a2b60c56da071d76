-- Added when the accumulating snapshot became the one home of the glossary's application
-- milestones (dbt reads them; see 40_fct_application.sql): the offer date as a date, and the
-- date of the application's next event after the load, the day its last activity moves (an
-- incremental load rebuilds the applications whose day has come). New columns change the star
-- schema's fingerprint, so the first load after this upgrade is a full one and recomputes every
-- application by the glossary's rules.

alter table fct_application add column if not exists offer_on date;

alter table fct_application add column if not exists next_activity_on date;
