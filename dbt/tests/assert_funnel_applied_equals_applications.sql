-- Every application reached `applied`: the funnel's first stage equals the application count.
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

funnel as (
    select
        candidate_id,
        applications
    from {{ ref('mart_funnel') }}
    where stage = 'applied' and {{ in_build_scope('candidate_id') }}
)

select
    coalesce(applications.candidate_id, funnel.candidate_id) as candidate_id,
    applications.applications as applications_in_mart,
    funnel.applications as applications_in_funnel
from applications
full outer join funnel
    on applications.candidate_id = funnel.candidate_id
where applications.applications is distinct from funnel.applications
