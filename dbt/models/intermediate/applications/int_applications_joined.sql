-- Each application with the descriptive attributes of its dimensions: who applied, where,
-- through which channel, its current status and outcome, and the milestones the accumulating
-- snapshot holds (the furthest stage by name).
-- Grain: one row per application.
with

applications as (
    select
        application_key,
        application_id,
        candidate_key,
        company_key,
        position_key,
        source_key,
        current_status_key,
        furthest_status_key,
        outcome_key,
        contact_name,
        contact_email,
        offer_currency,
        days_to_first_response,
        interview_count,
        offer_salary,
        has_responded,
        is_open,
        applied_on,
        first_response_on,
        offer_on,
        outcome_on
    from {{ ref('stg_warehouse__applications') }}
    -- During an incremental build, only the applications it rebuilds, before the joins
    -- (macros/incremental_scope.sql); every application otherwise.
    where {{ while_in_build_scope('application_key') }}
),

candidates as (
    select
        candidate_key,
        candidate_id,
        candidate_name
    from {{ ref('stg_warehouse__candidates') }}
),

companies as (
    select
        company_key,
        company_id,
        company_name
    from {{ ref('stg_warehouse__companies') }}
),

-- Only the position's id: its text (title, URL, posted salary) is joined by the marts that
-- show it (mart_applications, mart_offers, mart_work_search_log), on read. Carrying it through
-- every application's metrics made this the largest join and table of the build.
positions as (
    select
        position_key,
        position_id
    from {{ ref('stg_warehouse__positions') }}
),

sources as (
    select
        source_key,
        source_code,
        source_label,
        channel_category
    from {{ ref('stg_warehouse__sources') }}
),

statuses as (
    select
        status_key,
        status_code,
        status_label,
        status_category,
        stage_order
    from {{ ref('stg_warehouse__statuses') }}
),

outcomes as (
    select
        outcome_key,
        outcome_code,
        outcome_label
    from {{ ref('stg_warehouse__outcomes') }}
),

final as (
    select
        applications.application_key,
        applications.application_id,
        applications.candidate_key,
        applications.position_key,
        -- Keys equal source ids: a row missing from a dimension still gets a usable id.
        coalesce(candidates.candidate_id, applications.candidate_key) as candidate_id,
        coalesce(companies.company_id, applications.company_key) as company_id,
        coalesce(positions.position_id, applications.position_key) as position_id,
        coalesce(candidates.candidate_name, 'Unknown') as candidate_name,
        coalesce(companies.company_name, 'Unknown') as company_name,
        coalesce(sources.source_code, 'unknown') as source,
        coalesce(sources.source_label, 'Unknown') as source_label,
        coalesce(sources.channel_category, 'unknown') as channel_category,
        coalesce(statuses.status_code, 'unknown') as current_status,
        coalesce(statuses.status_label, 'Unknown') as current_status_label,
        coalesce(statuses.status_category, 'unknown') as current_status_category,
        -- No outcome (outcome_key -2) is null, as the glossary's "open" expects.
        case when applications.outcome_key > 0 then outcomes.outcome_code end as outcome,
        case when applications.outcome_key > 0 then outcomes.outcome_label end as outcome_label,
        furthest.status_code as furthest_stage,
        applications.contact_name,
        applications.contact_email,
        applications.offer_currency,
        furthest.stage_order as furthest_stage_order,
        applications.days_to_first_response,
        applications.interview_count,
        applications.offer_salary,
        applications.has_responded,
        applications.is_open,
        applications.applied_on,
        applications.first_response_on,
        applications.offer_on,
        applications.outcome_on
    from applications
    left join candidates
        on applications.candidate_key = candidates.candidate_key
    left join companies
        on applications.company_key = companies.company_key
    left join positions
        on applications.position_key = positions.position_key
    left join sources
        on applications.source_key = sources.source_key
    left join statuses
        on applications.current_status_key = statuses.status_key
    left join outcomes
        on applications.outcome_key = outcomes.outcome_key
    left join statuses as furthest
        on applications.furthest_status_key = furthest.status_key
)

select * from final
