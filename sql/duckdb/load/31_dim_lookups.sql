-- The four vocabulary dimensions: one row per lookup value (key = its stable integer id) plus
-- the special members -1 'Unknown' and -2 'Not applicable / not yet'. Rebuilt whole each run.

-- Only rows whose content changed count as inserted, updated or deleted in the summary:
-- keep a whole copy of each table to compare with.
create or replace temp table etl_old_dim_source as
select * from dim_source;  -- noqa: AM04

create or replace temp table etl_old_dim_status as
select * from dim_status;  -- noqa: AM04

create or replace temp table etl_old_dim_interview_type as
select * from dim_interview_type;  -- noqa: AM04

create or replace temp table etl_old_dim_outcome as
select * from dim_outcome;  -- noqa: AM04

delete from dim_source;
delete from dim_status;
delete from dim_interview_type;
delete from dim_outcome;

insert into dim_source by name
with
sources as (
    select
        id,
        code,
        label,
        channel_category,
        sort_order
    from source_replica.application_sources
),

special_members as (
    select
        -1 as source_key,
        'unknown' as source_code,
        'Unknown' as source_label,
        'unknown' as channel_category,
        99999 as sort_order
    union all
    select
        -2 as source_key,
        'not_applicable' as source_code,
        'Not applicable / not yet' as source_label,
        'not_applicable' as channel_category,
        99998 as sort_order
),

final as (
    select
        id as source_key,
        code as source_code,
        label as source_label,
        channel_category,
        sort_order
    from sources
    union all by name
    select * from special_members
)

select * from final;

insert into dim_status by name
with
statuses as (
    select
        id,
        code,
        label,
        category,
        sort_order,
        stage_order,
        is_terminal
    from source_replica.process_statuses
),

special_members as (
    select
        -1 as status_key,
        'unknown' as status_code,
        'Unknown' as status_label,
        'unknown' as status_category,
        99999 as sort_order,
        false as is_terminal
    union all
    select
        -2 as status_key,
        'not_applicable' as status_code,
        'Not applicable / not yet' as status_label,
        'not_applicable' as status_category,
        99998 as sort_order,
        false as is_terminal
),

final as (
    select
        id as status_key,
        code as status_code,
        label as status_label,
        category as status_category,
        sort_order,
        stage_order,
        is_terminal
    from statuses
    union all by name
    select * from special_members
)

select * from final;

insert into dim_interview_type by name
with
interview_types as (
    select
        id,
        code,
        label,
        category,
        sort_order
    from source_replica.interview_types
),

special_members as (
    select
        -1 as interview_type_key,
        'unknown' as interview_type_code,
        'Unknown' as interview_type_label,
        'unknown' as interview_type_category,
        99999 as sort_order
    union all
    select
        -2 as interview_type_key,
        'not_applicable' as interview_type_code,
        'Not applicable / not yet' as interview_type_label,
        'not_applicable' as interview_type_category,
        99998 as sort_order
),

final as (
    select
        id as interview_type_key,
        code as interview_type_code,
        label as interview_type_label,
        category as interview_type_category,
        sort_order
    from interview_types
    union all by name
    select * from special_members
)

select * from final;

insert into dim_outcome by name
with
outcome_types as (
    select
        id,
        code,
        label,
        category,
        sort_order
    from source_replica.outcome_types
),

special_members as (
    select
        -1 as outcome_key,
        'unknown' as outcome_code,
        'Unknown' as outcome_label,
        'unknown' as outcome_category,
        99999 as sort_order
    union all
    select
        -2 as outcome_key,
        'not_applicable' as outcome_code,
        'Not applicable / not yet' as outcome_label,
        'not_applicable' as outcome_category,
        99998 as sort_order
),

final as (
    select
        id as outcome_key,
        code as outcome_code,
        label as outcome_label,
        category as outcome_category,
        sort_order
    from outcome_types
    union all by name
    select * from special_members
)

select * from final;

insert into etl_removed
select
    'dim_source' as table_name,
    changed.source_key as row_key
from (
    select * from etl_old_dim_source
    except
    select * from dim_source
) as changed
where changed.source_key > 0;

insert into etl_added
select
    'dim_source' as table_name,
    changed.source_key as row_key
from (
    select * from dim_source
    except
    select * from etl_old_dim_source
) as changed
where changed.source_key > 0;

insert into etl_removed
select
    'dim_status' as table_name,
    changed.status_key as row_key
from (
    select * from etl_old_dim_status
    except
    select * from dim_status
) as changed
where changed.status_key > 0;

insert into etl_added
select
    'dim_status' as table_name,
    changed.status_key as row_key
from (
    select * from dim_status
    except
    select * from etl_old_dim_status
) as changed
where changed.status_key > 0;

insert into etl_removed
select
    'dim_interview_type' as table_name,
    changed.interview_type_key as row_key
from (
    select * from etl_old_dim_interview_type
    except
    select * from dim_interview_type
) as changed
where changed.interview_type_key > 0;

insert into etl_added
select
    'dim_interview_type' as table_name,
    changed.interview_type_key as row_key
from (
    select * from dim_interview_type
    except
    select * from etl_old_dim_interview_type
) as changed
where changed.interview_type_key > 0;

insert into etl_removed
select
    'dim_outcome' as table_name,
    changed.outcome_key as row_key
from (
    select * from etl_old_dim_outcome
    except
    select * from dim_outcome
) as changed
where changed.outcome_key > 0;

insert into etl_added
select
    'dim_outcome' as table_name,
    changed.outcome_key as row_key
from (
    select * from dim_outcome
    except
    select * from etl_old_dim_outcome
) as changed
where changed.outcome_key > 0;
