-- Open applications to chase this week, oldest news first: `dbt compile` renders it into
-- target/compiled/ for a DuckDB shell or a Metabase question.
-- Grain: one row per open, not yet ghosted application quiet for a week or more.
with

applications as (
    select
        application_id,
        candidate_id,
        company_name,
        job_title,
        furthest_stage,
        days_since_last_activity,
        needs_follow_up,
        applied_on,
        last_activity_on
    from {{ ref('mart_applications') }}
),

final as (
    select
        application_id,
        candidate_id,
        company_name,
        job_title,
        furthest_stage,
        days_since_last_activity,
        applied_on,
        last_activity_on
    from applications
    where needs_follow_up
)

select * from final
order by days_since_last_activity desc
