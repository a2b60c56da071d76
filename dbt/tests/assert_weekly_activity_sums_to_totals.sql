-- The weekly counts add up to the totals counted straight from the applications and
-- interviews: no activity is lost or counted twice by the week spine. An incremental build checks
-- the candidates it recomputed (macros/incremental_scope.sql, in_build_scope).
with

weekly as (
    select
        candidate_id,
        sum(applications_sent) as applications_sent,
        sum(interviews_held) as interviews_held,
        sum(offers) as offers,
        sum(rejections) as rejections
    from {{ ref('mart_weekly_activity') }}
    where {{ in_build_scope('candidate_id') }}
    group by 1
),

-- int_applications_measured holds mart_applications' rows (the view adds the position's
-- text, which this test does not read).
applications as (
    select
        candidate_id,
        count(applied_on) as applications_sent,
        count(offer_on) as offers,
        count(rejected_on) as rejections
    from {{ ref('int_applications_measured') }}
    where {{ in_build_scope('candidate_id') }}
    group by 1
),

interviews as (
    select
        applications.candidate_id,
        count(*) as interviews_held
    from {{ ref('stg_warehouse__interviews') }} as interviews
    inner join {{ ref('int_applications_measured') }} as applications
        on interviews.application_key = applications.application_key
    where
        interviews.is_completed
        and interviews.interview_on is not null
        and {{ in_build_scope('applications.candidate_id') }}
    group by 1
),

totals as (
    select
        applications.candidate_id,
        applications.applications_sent,
        applications.offers,
        applications.rejections,
        coalesce(interviews.interviews_held, 0) as interviews_held
    from applications
    left join interviews
        on applications.candidate_id = interviews.candidate_id
)

select
    totals.candidate_id,
    totals.applications_sent,
    weekly.applications_sent as weekly_applications_sent,
    totals.interviews_held,
    weekly.interviews_held as weekly_interviews_held,
    totals.offers,
    weekly.offers as weekly_offers,
    totals.rejections,
    weekly.rejections as weekly_rejections
from totals
left join weekly
    on totals.candidate_id = weekly.candidate_id
where
    coalesce(weekly.applications_sent, 0) != totals.applications_sent
    or coalesce(weekly.interviews_held, 0) != totals.interviews_held
    or coalesce(weekly.offers, 0) != totals.offers
    or coalesce(weekly.rejections, 0) != totals.rejections
