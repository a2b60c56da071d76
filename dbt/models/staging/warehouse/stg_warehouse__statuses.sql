-- Application statuses with their funnel stage order (applied = 1 ... accepted = 7).
-- Grain: one row per status (special members -1 and -2 included).
with

source as (
    select
        status_key,
        status_code,
        status_label,
        status_category,
        sort_order,
        stage_order,
        is_terminal
    from {{ source('warehouse', 'dim_status') }}
),

final as (
    select
        status_key,
        status_code,
        status_label,
        status_category,
        sort_order as status_sort_order,
        stage_order,
        is_terminal
    from source
)

select * from final
