-- Each application's path starts at `applied` exactly once: the edges leaving `applied` add up
-- to the number of applications, per candidate (no double counting, nobody lost).
with

-- The applications: int_applications_measured, whose rows mart_applications shows one for one.
applications as (
    select
        candidate_id,
        count(*) as applications
    from {{ ref('int_applications_measured') }}
    where {{ in_build_scope('candidate_id') }}
    group by 1
),

leaving_applied as (
    select
        candidate_id,
        sum(applications) as applications
    from {{ ref('mart_stage_flow') }}
    where source_stage = 'applied' and {{ in_build_scope('candidate_id') }}
    group by 1
)

select
    coalesce(applications.candidate_id, leaving_applied.candidate_id) as candidate_id,
    applications.applications as applications_in_mart,
    leaving_applied.applications as applications_leaving_applied
from applications
full outer join leaving_applied
    on applications.candidate_id = leaving_applied.candidate_id
where applications.applications is distinct from leaving_applied.applications
