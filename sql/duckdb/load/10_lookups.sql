-- Lookup tables (statuses, sources, interview types and statuses, outcomes): tiny, so every
-- run copies them whole. When one changed since the last run (a new stage order, a renamed
-- label), an incremental run rebuilds every application, as a full run would. They are read
-- with postgres_query on the load's own Postgres connection (no new connection per table).

create or replace temp table stg_process_statuses as
select
    id,
    code,
    label,
    category,
    sort_order,
    stage_order,
    is_terminal
from postgres_query(
    'pg',
    'select id, code, label, category, sort_order, stage_order, is_terminal
    from hirewire.process_statuses'
);

create or replace temp table stg_application_sources as
select
    id,
    code,
    label,
    channel_category,
    sort_order
from postgres_query(
    'pg',
    'select id, code, label, channel_category, sort_order from hirewire.application_sources'
);

create or replace temp table stg_interview_types as
select
    id,
    code,
    label,
    category,
    sort_order
from postgres_query(
    'pg',
    'select id, code, label, category, sort_order from hirewire.interview_types'
);

create or replace temp table stg_interview_statuses as
select
    id,
    code,
    label,
    category,
    sort_order
from postgres_query(
    'pg',
    'select id, code, label, category, sort_order from hirewire.interview_statuses'
);

create or replace temp table stg_outcome_types as
select
    id,
    code,
    label,
    category,
    sort_order
from postgres_query(
    'pg',
    'select id, code, label, category, sort_order from hirewire.outcome_types'
);

set variable etl_lookups_changed = (  -- noqa: PRS
    with
    staged as (
        select 'process_statuses' as table_name, to_json(stg_process_statuses) as row_json
        from stg_process_statuses
        union all
        select 'application_sources', to_json(stg_application_sources)
        from stg_application_sources
        union all
        select 'interview_types', to_json(stg_interview_types) from stg_interview_types
        union all
        select 'interview_statuses', to_json(stg_interview_statuses)
        from stg_interview_statuses
        union all
        select 'outcome_types', to_json(stg_outcome_types) from stg_outcome_types
    ),

    replicated as (
        select 'process_statuses' as table_name, to_json(process_statuses) as row_json
        from source_replica.process_statuses
        union all
        select 'application_sources', to_json(application_sources)
        from source_replica.application_sources
        union all
        select 'interview_types', to_json(interview_types) from source_replica.interview_types
        union all
        select 'interview_statuses', to_json(interview_statuses)
        from source_replica.interview_statuses
        union all
        select 'outcome_types', to_json(outcome_types) from source_replica.outcome_types
    ),

    differences as (
        (select table_name, row_json::varchar as row_text from staged
        except
        select table_name, row_json::varchar from replicated)
        union all
        (select table_name, row_json::varchar from replicated
        except
        select table_name, row_json::varchar from staged)
    )

    select count(*) > 0 from differences
);

-- The replica's children hold vocabulary ids (see 001_source_replica.sql), valid while each
-- code keeps its id. HireWire never renumbers one, but an admin could: an incremental run would
-- then mix old and new ids, so it stops and says how to rebuild (a full run re-reads them all).
with
renumbered as (
    select concat('process_statuses.', staged.code) as entry
    from stg_process_statuses as staged
    inner join source_replica.process_statuses as previous on staged.code = previous.code
    where staged.id <> previous.id
    union all
    select concat('application_sources.', staged.code)
    from stg_application_sources as staged
    inner join source_replica.application_sources as previous on staged.code = previous.code
    where staged.id <> previous.id
    union all
    select concat('interview_types.', staged.code)
    from stg_interview_types as staged
    inner join source_replica.interview_types as previous on staged.code = previous.code
    where staged.id <> previous.id
    union all
    select concat('interview_statuses.', staged.code)
    from stg_interview_statuses as staged
    inner join source_replica.interview_statuses as previous on staged.code = previous.code
    where staged.id <> previous.id
    union all
    select concat('outcome_types.', staged.code)
    from stg_outcome_types as staged
    inner join source_replica.outcome_types as previous on staged.code = previous.code
    where staged.id <> previous.id
)

select
    case
        when getvariable('etl_mode') = 'incremental' and count(*) > 0
            then error(concat(
                'hirewire: the source gave new ids to existing vocabulary entries (',
                string_agg(entry, ', ' order by entry),
                '): run `make etl MODE=full` to reload the warehouse with them'
            ))
    end as renumbered_check
from renumbered;

delete from source_replica.process_statuses;
insert into source_replica.process_statuses by name
select * from stg_process_statuses;

delete from source_replica.application_sources;
insert into source_replica.application_sources by name
select * from stg_application_sources;

delete from source_replica.interview_types;
insert into source_replica.interview_types by name
select * from stg_interview_types;

delete from source_replica.interview_statuses;
insert into source_replica.interview_statuses by name
select * from stg_interview_statuses;

delete from source_replica.outcome_types;
insert into source_replica.outcome_types by name
select * from stg_outcome_types;
