-- The grain of int_application_events_unioned, one row per (event_type, event_key), checked
-- by counting: each event type has as many rows as its source has (an application for
-- `applied`, a status change, an interview, an application with an outcome). Each source's
-- key is tested unique and not null on its staging model, and the model only adds columns to
-- a source row (its joins are to lookups, on their unique keys), so equal counts mean that no
-- event is duplicated or lost. A `group by event_type, event_key` would hold every event key
-- of the warehouse in one hash table: tens of millions at scale, dbt's largest memory peak.
with

applications as (
    select
        application_key,
        outcome_key
    from {{ ref('stg_warehouse__applications') }}
    where {{ in_build_scope('application_key', 'application') }}
),

-- One row per event the sources call for, named by its event type.
source_rows as (
    select 'applied' as event_type from applications
    union all
    select 'status_change' as event_type
    from {{ ref('stg_warehouse__status_changes') }}
    where {{ in_build_scope('application_key', 'application') }}
    union all
    select 'interview' as event_type
    from {{ ref('stg_warehouse__interviews') }}
    where {{ in_build_scope('application_key', 'application') }}
    union all
    -- As the model reads it: -1 (unknown) and -2 (none yet) are no outcome.
    select 'outcome' as event_type
    from applications
    inner join {{ ref('stg_warehouse__outcomes') }} as outcomes
        on applications.outcome_key = outcomes.outcome_key
    where applications.outcome_key > 0
),

expected as (
    select
        event_type,
        count(*) as events
    from source_rows
    group by 1
),

built as (
    select
        cast(event_type as varchar) as event_type,
        count(*) as events
    from {{ ref('int_application_events_unioned') }}
    where {{ in_build_scope('application_key', 'application') }}
    group by 1
)

select
    coalesce(expected.event_type, built.event_type) as event_type,
    coalesce(expected.events, 0) as source_rows,
    coalesce(built.events, 0) as events_built
from expected
full outer join built
    on expected.event_type = built.event_type
where coalesce(expected.events, 0) <> coalesce(built.events, 0)
