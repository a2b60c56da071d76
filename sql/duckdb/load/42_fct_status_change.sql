-- fct_status_change: one row per status transition of the applications in this run's scope,
-- numbered in time order, with the time spent in the previous status (null for the first).

insert into fct_status_change by name
with
-- The replica already holds the vocabulary's ids (the extract looked the codes up, -1 for an
-- unknown one, and an id never changes: 10_lookups.sql stops a run if one did), so they are
-- the dimension keys as they stand: integers, cheap for the window's sort to carry.
history as (
    select
        id,
        process_id,
        coalesce(from_status_id, -2) as from_status_key,
        coalesce(to_status_id, -1) as to_status_key,
        effective_at,
        updated_at
    from etl_process_status_history_in_scope
),

ordered as (
    select
        *,
        row_number() over by_time as change_number,
        lag(effective_at) over by_time as previous_effective_at
    from history
    window by_time as (partition by process_id order by effective_at, id)
),

applications as (
    select
        application_key,
        candidate_key,
        company_key,
        source_key,
        applied_on
    from etl_fct_application_in_scope
),

final as (
    select
        ordered.id as status_change_key,
        ordered.id as status_change_id,
        coalesce(applications.application_key, -1) as application_key,
        coalesce(applications.candidate_key, -1) as candidate_key,
        coalesce(applications.company_key, -1) as company_key,
        coalesce(applications.source_key, -1) as source_key,
        ordered.from_status_key,
        ordered.to_status_key,
        etl_date_key(etl_utc_date(ordered.effective_at), -1) as effective_date_key,
        ordered.change_number,
        round(
            (epoch(ordered.effective_at) - epoch(ordered.previous_effective_at)) / 3600, 2
        )::decimal(12, 2) as hours_in_previous_status,
        datediff(
            'day', etl_utc_date(ordered.previous_effective_at), etl_utc_date(ordered.effective_at)
        ) as days_in_previous_status,
        datediff('day', applications.applied_on, etl_utc_date(ordered.effective_at))
            as days_since_applied,
        ordered.effective_at,
        ordered.updated_at as source_updated_at
    from ordered
    left join applications on ordered.process_id = applications.application_key
)

select * from final;
