-- Job seekers, renamed for the marts.
-- Grain: one row per candidate (special members -1 and -2 included).
with

source as (
    select
        candidate_key,
        candidate_id,
        candidate_name,
        is_default
    from {{ source('warehouse', 'dim_candidate') }}
),

final as (
    select
        candidate_key,
        -- Keys equal source ids, so a special member keeps a usable id (-1, -2).
        coalesce(candidate_id, candidate_key) as candidate_id,
        candidate_name,
        is_default
    from source
)

select * from final
