-- Incremental mode: the applications dbt must rebuild after this load. They are the ones the
-- load rebuilt or deleted (etl_scope_application), and the ones whose candidate, company or
-- position changed: the marts carry their names, which the facts do not.

insert into etl_changed_application (etl_run_id, application_key)
select
    etl_parameters.run_id as etl_run_id,
    scoped.application_key
from (
    select etl_scope_application.id as application_key
    from etl_scope_application
    union
    select application_key
    from fct_application
    where
        candidate_key in (select etl_scope_candidate.id from etl_scope_candidate)
        or company_key in (select etl_scope_company.id from etl_scope_company)
        or position_key in (select etl_scope_position.id from etl_scope_position)
) as scoped
cross join etl_parameters;
