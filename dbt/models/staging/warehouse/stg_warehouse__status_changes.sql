-- The status history of every application, one transition at a time.
-- Grain: one row per status change.
with

source as (
    select
        status_change_key,
        status_change_id,
        application_key,
        from_status_key,
        to_status_key,
        effective_date_key,
        change_number,
        effective_at
    from {{ source('warehouse', 'fct_status_change') }}
),

final as (
    select
        status_change_key,
        status_change_id,
        application_key,
        from_status_key,
        to_status_key,
        change_number,
        {{ date_from_key('effective_date_key') }} as effective_on,
        effective_at
    from source
)

select * from final
