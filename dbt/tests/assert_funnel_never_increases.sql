-- The funnel counts applications that reached at least each stage, so it can only shrink from
-- one stage to the next. Returns the offending (candidate, stage) rows.
with

funnel as (
    select
        candidate_id,
        stage,
        stage_order,
        applications,
        lag(applications) over (partition by candidate_id order by stage_order)
            as previous_applications
    from {{ ref('mart_funnel') }}
    where {{ in_build_scope('candidate_id') }}
)

select *
from funnel
where applications > previous_applications
