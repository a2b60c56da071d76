-- Application sources (job boards, referrals, ...).
-- Grain: one row per source (special members -1 and -2 included).
with

source as (
    select
        source_key,
        source_code,
        source_label,
        channel_category,
        sort_order
    from {{ source('warehouse', 'dim_source') }}
),

final as (
    select
        source_key,
        source_code,
        source_label,
        channel_category,
        sort_order as source_sort_order
    from source
)

select * from final
