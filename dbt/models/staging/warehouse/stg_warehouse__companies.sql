-- Companies, renamed for the marts.
-- Grain: one row per company (special members -1 and -2 included).
with

source as (
    select
        company_key,
        company_id,
        company_name,
        industry,
        company_size,
        location
    from {{ source('warehouse', 'dim_company') }}
),

final as (
    select
        company_key,
        coalesce(company_id, company_key) as company_id,
        company_name,
        industry,
        company_size,
        location as company_location
    from source
)

select * from final
