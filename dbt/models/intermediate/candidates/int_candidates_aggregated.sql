-- Each job seeker's headline counts over their applications, by the glossary's rules as of the
-- build's as-of date: what mart_candidates shows and ranks.
-- Grain: one row per candidate holding at least one application.
-- Incremental (macros/incremental_scope.sql): a build recomputes the candidates in scope only.
with

applications as (
    select
        candidate_id,
        interview_count,
        has_responded,
        is_ghosted,
        needs_follow_up,
        offer_on,
        last_activity_on
    from {{ ref('int_applications_measured') }}
    where {{ in_scope('candidate_id', 'candidate') }}
),

final as (
    select
        candidate_id,
        count(*) as applications,
        count(case when has_responded then 1 end) as responded_applications,
        sum(interview_count) as interviews,
        count(offer_on) as offers,
        count(case when is_ghosted then 1 end) as ghosted_applications,
        max(last_activity_on) as last_activity_on,
        count(case when needs_follow_up then 1 end) as follow_ups_due
    from applications
    group by 1
)

select * from final
