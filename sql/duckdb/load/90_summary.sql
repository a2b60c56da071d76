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

-- One scan per table: the special members and the source anomalies (rows written by hand
-- around the application's rules, where the constraints allow it: they load as they are, and
-- are counted so the run says the source needs a look).
application_counts as (
    select
        count(*) filter (where candidate_key = -1) as orphan_candidate,
        count(*) filter (where position_key = -1) as orphan_position,
        count(*) filter (where company_key = -1 and position_key != -1) as orphan_company,
        count(*) filter (where source_key = -1) as unknown_source,
        count(*) filter (where current_status_key = -1) as unknown_status,
        count(*) filter (where outcome_key = -1) as unknown_outcome,
        count(*) filter (where applied_date_key = -1) as bad_applied_date,
        count(*) filter (where outcome_date_key = -1) as bad_outcome_date,
        count(*) filter (
            where application_key > 0 and status_change_count = 0
        ) as application_without_history,
        count(*) filter (
            where application_key > 0 and outcome_key > 0 and status_change_count <= 1
        ) as outcome_without_status_change
    from fct_application
),

interview_counts as (
    select
        count(*) filter (where application_key = -1) as orphan_interview,
        count(*) filter (where interview_type_key = -1) as unknown_interview_type,
        count(*) filter (where interview_status = 'unknown') as unknown_interview_status,
        count(*) filter (where interview_date_key = -1) as bad_interview_date,
        count(*) filter (where days_since_applied < 0) as interview_before_application
    from fct_interview
),

status_change_counts as (
    select
        count(*) filter (where application_key = -1) as orphan_status_change,
        count(*) filter (where to_status_key = -1 or from_status_key = -1)
            as unknown_history_status,
        count(*) filter (where effective_date_key = -1) as bad_status_change_date,
        count(*) filter (where days_since_applied < 0) as status_change_before_application
    from fct_status_change
),

position_counts as (
    select count(*) filter (where company_key = -1 and position_key > 0) as orphan_position_company
    from dim_position
),

-- The JSON's keys in their documented order: special members by table, then the anomalies.
special_members as (
    select
        {
            'orphan_candidate': application_counts.orphan_candidate,
            'orphan_position': application_counts.orphan_position,
            'orphan_company': application_counts.orphan_company,
            'unknown_source': application_counts.unknown_source,
            'unknown_status': application_counts.unknown_status,
            'unknown_outcome': application_counts.unknown_outcome,
            'bad_applied_date': application_counts.bad_applied_date,
            'bad_outcome_date': application_counts.bad_outcome_date,
            'orphan_interview': interview_counts.orphan_interview,
            'unknown_interview_type': interview_counts.unknown_interview_type,
            'unknown_interview_status': interview_counts.unknown_interview_status,
            'bad_interview_date': interview_counts.bad_interview_date,
            'orphan_status_change': status_change_counts.orphan_status_change,
            'unknown_history_status': status_change_counts.unknown_history_status,
            'bad_status_change_date': status_change_counts.bad_status_change_date,
            'orphan_position_company': position_counts.orphan_position_company,
            'application_without_history': application_counts.application_without_history,
            'outcome_without_status_change': application_counts.outcome_without_status_change,
            'interview_before_application': interview_counts.interview_before_application,
            'status_change_before_application':
            status_change_counts.status_change_before_application
        } as counts
    from application_counts, interview_counts, status_change_counts, position_counts
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
        (select to_json(special_members.counts) from special_members) as special_member_counts,
        getvariable('etl_rows_extracted') as rows_extracted,
        (select count(*) from fct_application) as application_count
)

select * from final;
