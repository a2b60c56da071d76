-- A digest of the lookup dimensions the marts name things by (statuses, sources, interview
-- types, outcomes): when one changes, every application may read differently, so the next
-- dbt build is a full one.
with

rows_as_text as (
    select
        'dim_status' as table_name,
        cast(dim_status as varchar) as row_text
    from dim_status
    union all
    select
        'dim_source' as table_name,
        cast(dim_source as varchar) as row_text
    from dim_source
    union all
    select
        'dim_interview_type' as table_name,
        cast(dim_interview_type as varchar) as row_text
    from dim_interview_type
    union all
    select
        'dim_outcome' as table_name,
        cast(dim_outcome as varchar) as row_text
    from dim_outcome
)

select
    md5(string_agg(table_name || ':' || row_text, '|' order by table_name, row_text))
        as reference_fingerprint
from rows_as_text;
