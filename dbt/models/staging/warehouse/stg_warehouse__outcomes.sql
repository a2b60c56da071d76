-- Outcome types (offer, accepted, declined, rejected, ghosted, withdrew).
-- Grain: one row per outcome type (special members -1 and -2 included).
with

source as (
    select
        outcome_key,
        outcome_code,
        outcome_label,
        outcome_category,
        sort_order
    from {{ source('warehouse', 'dim_outcome') }}
),

final as (
    select
        outcome_key,
        outcome_code,
        outcome_label,
        outcome_category,
        sort_order as outcome_sort_order
    from source
)

select * from final
