-- Interview types (phone screen, technical, ...).
-- Grain: one row per interview type (special members -1 and -2 included).
with

source as (
    select
        interview_type_key,
        interview_type_code,
        interview_type_label,
        interview_type_category,
        sort_order
    from {{ source('warehouse', 'dim_interview_type') }}
),

final as (
    select
        interview_type_key,
        interview_type_code,
        interview_type_label,
        interview_type_category,
        sort_order as interview_type_sort_order
    from source
)

select * from final
