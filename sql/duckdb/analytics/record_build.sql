-- After a successful dbt build (its description bound by hirewire/incremental.py in
-- analytics_build): record it, forget the changed applications it consumed, and empty the
-- scope, so that the warehouse says exactly what its marts hold.

insert into analytics_run (
    run_id,
    etl_run_id,
    as_of_date,
    mode,
    reason,
    changed_applications,
    changed_candidates,
    code_fingerprint,
    reference_fingerprint,
    started_at,
    finished_at
)
select
    coalesce((select max(previous.run_id) from analytics_run as previous), 0) + 1 as run_id,
    etl_run_id,
    as_of_date,
    mode,
    reason,
    changed_applications,
    changed_candidates,
    code_fingerprint,
    reference_fingerprint,
    started_at,
    now() as finished_at
from analytics_build;

delete from etl_changed_application
where etl_run_id <= (select analytics_build.etl_run_id from analytics_build);

delete from analytics_scope_application;

delete from analytics_scope_candidate;

delete from analytics_scope_candidate_company;

delete from analytics_scope_candidate_source;

delete from analytics_scope_table;
