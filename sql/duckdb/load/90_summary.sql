-- The run's summary, read by Python for etl_run and the printed report: rows inserted,
-- updated (rebuilt) and deleted per table, rows mapped to special members, rows extracted.
with
removed as (
    select distinct
        table_name,
        row_key
    from etl_removed
),

added as (
    select distinct
        table_name,
        row_key
    from etl_added
),

changes as (
    select
        coalesce(removed.table_name, added.table_name) as table_name,
        removed.row_key is not null as was_there,
        added.row_key is not null as is_there
    from removed
    full outer join
        added
        on removed.table_name = added.table_name and removed.row_key = added.row_key
),

-- Key by key where the keys were listed; the big tables of a full load were counted instead.
counted as (
    select
        table_name,
        count(*) filter (where is_there and not was_there) as inserted,
        count(*) filter (where is_there and was_there) as updated,
        count(*) filter (where was_there and not is_there) as deleted
    from changes
    group by 1
    union all
    select
        table_name,
        inserted,
        updated,
        deleted
    from etl_counted_changes
),

star_tables as (
    select unnest([
        'dim_date', 'dim_candidate', 'dim_company', 'dim_position', 'dim_source', 'dim_status',
        'dim_interview_type', 'dim_outcome', 'fct_application', 'fct_interview',
        'fct_status_change'
    ]) as table_name
),

row_counts as (
    select
        star_tables.table_name,
        coalesce(counted.inserted, 0) as inserted,
        coalesce(counted.updated, 0) as updated,
        coalesce(counted.deleted, 0) as deleted
    from star_tables
    left join counted on star_tables.table_name = counted.table_name
),

applications as (
    select
        count(*) filter (where candidate_key = -1) as orphan_candidate,
        count(*) filter (where position_key = -1) as orphan_position,
        count(*) filter (where company_key = -1 and position_key != -1) as orphan_company,
        count(*) filter (where source_key = -1) as unknown_source,
        count(*) filter (where current_status_key = -1) as unknown_status,
        count(*) filter (where outcome_key = -1) as unknown_outcome,
        count(*) filter (where applied_date_key = -1) as bad_applied_date,
        count(*) filter (where outcome_date_key = -1) as bad_outcome_date
    from fct_application
),

interviews as (
    select
        count(*) filter (where application_key = -1) as orphan_interview,
        count(*) filter (where interview_type_key = -1) as unknown_interview_type,
        count(*) filter (where interview_status = 'unknown') as unknown_interview_status,
        count(*) filter (where interview_date_key = -1) as bad_interview_date
    from fct_interview
),

status_changes as (
    select
        count(*) filter (where application_key = -1) as orphan_status_change,
        count(*) filter (where to_status_key = -1 or from_status_key = -1)
            as unknown_history_status,
        count(*) filter (where effective_date_key = -1) as bad_status_change_date
    from fct_status_change
),

positions as (
    select count(*) filter (where company_key = -1 and position_key > 0) as orphan_position_company
    from dim_position
),

-- Rows written by hand around the application's rules (where the constraints allow it): they
-- load as they are, and are counted so the run says the source needs a look.
source_anomalies as (
    select
        count(*) filter (
            where fct_application.status_change_count = 0
        ) as application_without_history,
        count(*) filter (
            where fct_application.outcome_key > 0 and fct_application.status_change_count <= 1
        ) as outcome_without_status_change,
        (
            select count(*) from fct_interview
            where fct_interview.days_since_applied < 0
        ) as interview_before_application,
        (
            select count(*) from fct_status_change
            where fct_status_change.days_since_applied < 0
        ) as status_change_before_application
    from fct_application
    where fct_application.application_key > 0
),

final as (
    select
        (
            select
                coalesce(
                    json_group_object(
                        table_name,
                        json_object('inserted', inserted, 'updated', updated, 'deleted', deleted)
                    ),
                    '{}'
                )
            from row_counts
        ) as row_counts,
        to_json(
            struct_concat(
                (select applications from applications),
                (select interviews from interviews),
                (select status_changes from status_changes),
                (select positions from positions),
                (select source_anomalies from source_anomalies)
            )
        ) as special_member_counts,
        getvariable('etl_rows_extracted') as rows_extracted,
        (select count(*) from fct_application) as application_count
)

select * from final;
