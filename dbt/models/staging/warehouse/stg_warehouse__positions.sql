-- Job positions with their posted salary range.
-- Grain: one row per position (special members -1 and -2 included).
with

source as (
    select
        position_key,
        position_id,
        company_key,
        job_title,
        location,
        remote_policy,
        currency,
        salary_band,
        url,
        salary_min,
        salary_max
    from {{ source('warehouse', 'dim_position') }}
),

final as (
    select
        position_key,
        coalesce(position_id, position_key) as position_id,
        company_key,
        job_title,
        location as position_location,
        remote_policy,
        currency as posted_currency,
        salary_band,
        url as job_url,
        salary_min as posted_salary_min,
        salary_max as posted_salary_max
    from source
)

select * from final
