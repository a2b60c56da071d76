-- Re-import as a sync, with --update: apply every difference of import_changes to the
-- applications already recorded, inside the import's transaction (all or nothing).
-- The status trigger writes each status change to the history; the change is then dated from
-- the file when the line dates it (never before the application's previous step), else now.
update hirewire.interview_processes as processes
set status_code = import_rows.status_code
from import_rows
where
    processes.id = import_rows.process_id
    and import_rows.line_number in (
        select import_changes.line_number
        from import_changes
        where import_changes.field = 'status'
    );

update hirewire.process_status_history as history
set
    effective_at = greatest(
        import_rows.status_at,
        (
            select max(earlier.effective_at) + interval '1 minute'
            from hirewire.process_status_history as earlier
            where earlier.process_id = history.process_id and earlier.id <> history.id
        )
    )
from import_rows
where
    history.process_id = import_rows.process_id
    and import_rows.is_existing
    and import_rows.is_status_dated
    and history.to_status_code = import_rows.status_code
    and history.effective_at = now()
    and import_rows.status_at < now();

insert into hirewire.interview_outcomes (
    process_id, outcome_code, decided_on, salary_offered, currency
)
select
    import_rows.process_id,
    import_rows.outcome_code,
    coalesce(import_rows.outcome_on, import_rows.status_at::date) as decided_on,
    import_rows.offer_salary,
    coalesce(import_rows.currency, 'EUR') as currency
from import_rows
where
    exists (
        select from import_changes
        where
            import_changes.line_number = import_rows.line_number
            and import_changes.field = 'outcome'
    )
on conflict (process_id) do update
    set
        outcome_code = excluded.outcome_code,
        decided_on = coalesce(excluded.decided_on, hirewire.interview_outcomes.decided_on),
        salary_offered
        = coalesce(excluded.salary_offered, hirewire.interview_outcomes.salary_offered),
        currency = excluded.currency;

update hirewire.job_positions as positions
set
    salary_min = coalesce(changed.salary_min, positions.salary_min),
    salary_max = coalesce(changed.salary_max, positions.salary_max),
    currency = coalesce(changed.currency, positions.currency),
    url = coalesce(changed.url, positions.url)
from (
    select distinct on (import_rows.position_id)
        import_rows.position_id,
        case when salary_changes.line_number is not null then import_rows.salary_min end
            as salary_min,
        case when salary_changes.line_number is not null then import_rows.salary_max end
            as salary_max,
        case when salary_changes.line_number is not null then import_rows.currency end
            as currency,
        case when url_changes.line_number is not null then import_rows.url end as url
    from import_rows
    left join import_changes as salary_changes
        on
            import_rows.line_number = salary_changes.line_number
            and salary_changes.field = 'salary'
    left join import_changes as url_changes
        on
            import_rows.line_number = url_changes.line_number
            and url_changes.field = 'url'
    where salary_changes.line_number is not null or url_changes.line_number is not null
    order by import_rows.position_id asc, import_rows.line_number desc
) as changed
where positions.id = changed.position_id;

update hirewire.interview_processes as processes
set
    contact_name = coalesce(import_rows.contact_name, processes.contact_name),
    contact_email = coalesce(import_rows.contact_email, processes.contact_email),
    notes = coalesce(import_rows.notes, processes.notes)
from import_rows
where
    processes.id = import_rows.process_id
    and import_rows.line_number in (
        select import_changes.line_number
        from import_changes
        where import_changes.field in ('contact', 'contact_email', 'notes')
    );
