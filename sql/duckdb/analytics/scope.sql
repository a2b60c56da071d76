-- The scope of an incremental dbt build (dbt/macros/incremental_scope.sql), from the
-- parameters hirewire/incremental.py binds in analytics_parameters (since_etl_run, as_of).
--   applications: those the ETL runs since the last build changed (etl_changed_application),
--     -1 (what belongs to no known application),
--     and those whose as-of interval does not hold the new as-of date (a waiting time ran out,
--     an event's day came: int_applications_measured.as_of_valid_from / _until).
--   candidates: the owners of those applications before the build (the marts) and after (the
--     star schema), and -1, the unknown candidate, which holds interviews of no known
--     application.
--   candidate and company, candidate and source: the groups of the marts at that grain that
--     those applications belonged to, before and after, derived as int_applications_joined
--     derives them (an id missing from its dimension falls back to the key).
--   tables: the star tables those ETL runs changed, from their row counts (etl_run); '*' when
--     a run has none.

delete from analytics_scope_application;

insert into analytics_scope_application (application_key)
select changed.application_key
from etl_changed_application as changed
where changed.etl_run_id > (select analytics_parameters.since_etl_run from analytics_parameters)
union
-- Interviews and status changes of no known application carry the key -1: always in scope.
select -1 as application_key
union
select measured.application_key
from int_applications_measured as measured
cross join analytics_parameters
where not (
    coalesce(measured.as_of_valid_from <= analytics_parameters.as_of, true)
    and coalesce(analytics_parameters.as_of < measured.as_of_valid_until, true)
);

-- The groups each application in scope belonged to before the build (the marts) and belongs
-- to after it (the star schema); every candidate-grained scope is taken from these rows.
create or replace temporary table analytics_scope_group as
select
    measured.candidate_id,
    measured.company_id,
    measured.source
from int_applications_measured as measured
where
    measured.application_key in (
        select scope.application_key from analytics_scope_application as scope
    )
union
select
    facts.candidate_key as candidate_id,
    coalesce(companies.company_id, facts.company_key) as company_id,
    coalesce(sources.source_code, 'unknown') as source
from fct_application as facts
left join dim_company as companies
    on facts.company_key = companies.company_key
left join dim_source as sources
    on facts.source_key = sources.source_key
where
    facts.application_key in (
        select scope.application_key from analytics_scope_application as scope
    );

delete from analytics_scope_candidate;

insert into analytics_scope_candidate (candidate_id)
select scope_groups.candidate_id
from analytics_scope_group as scope_groups
union
select -1 as candidate_id;

delete from analytics_scope_candidate_company;

insert into analytics_scope_candidate_company (candidate_id, company_id)
select distinct
    scope_groups.candidate_id,
    scope_groups.company_id
from analytics_scope_group as scope_groups;

delete from analytics_scope_candidate_source;

insert into analytics_scope_candidate_source (candidate_id, source)
select distinct
    scope_groups.candidate_id,
    scope_groups.source
from analytics_scope_group as scope_groups;

delete from analytics_scope_table;

insert into analytics_scope_table (table_name)
select distinct counts.key as table_name
from etl_run as runs,
    json_each(runs.row_counts) as counts
where
    runs.run_id > (select analytics_parameters.since_etl_run from analytics_parameters)
    and runs.status = 'succeeded'
    and (
        cast(counts.value ->> 'inserted' as bigint)
        + cast(counts.value ->> 'updated' as bigint)
        + cast(counts.value ->> 'deleted' as bigint)
    ) > 0
union
-- A run without row counts could have changed anything.
select '*' as table_name
from etl_run as runs
where
    runs.run_id > (select analytics_parameters.since_etl_run from analytics_parameters)
    and runs.status = 'succeeded'
    and runs.row_counts is null;

-- What the build will say it recomputes: real applications and candidates (not -1).
select
    (
        select count(*) from analytics_scope_application
        where analytics_scope_application.application_key <> -1
    ) as applications,
    (
        select count(*) from analytics_scope_candidate
        where analytics_scope_candidate.candidate_id <> -1
    ) as candidates;
