-- Triggers the ETL relies on: updated_at on every change, tombstones on every delete, and the
-- status history of every application.
--
-- updated_at and deleted_at use now(), the start time of the writing transaction: a row is
-- then never stamped later than the transaction that wrote it started, which lets the ETL
-- compute a safe watermark from the oldest transaction still running.

create function hirewire.set_updated_at() returns trigger
language plpgsql as $$
begin
    new.updated_at := now();
    return new;
end
$$;

create function hirewire.record_deletion() returns trigger
language plpgsql security definer set search_path = pg_catalog, hirewire as $$
begin
    insert into hirewire.deleted_rows (table_name, row_id) values (tg_table_name, old.id);
    return old;
end
$$;

-- Backdating: the data-entry layer (or a DBA) states when a change really happened with
--     select set_config('hirewire.effective_at', '2026-10-03 14:00+00', true);
-- inside the writing transaction. Without it an insert is dated at applied_on and a later
-- status change at now().
create function hirewire.effective_at_setting() returns timestamptz
language sql stable as $$
    select nullif(current_setting('hirewire.effective_at', true), '')::timestamptz
$$;

create function hirewire.record_status_change() returns trigger
language plpgsql as $$
declare
    applied_at timestamptz := new.applied_on::timestamp at time zone 'UTC';
begin
    if tg_op = 'INSERT' then
        insert into hirewire.process_status_history
            (process_id, from_status_code, to_status_code, effective_at)
        values (new.id, null, 'applied', applied_at);
        if new.status_code <> 'applied' then
            insert into hirewire.process_status_history
                (process_id, from_status_code, to_status_code, effective_at)
            values (
                new.id, 'applied', new.status_code,
                greatest(coalesce(hirewire.effective_at_setting(), now()), applied_at)
            );
        end if;
    elsif new.status_code is distinct from old.status_code then
        insert into hirewire.process_status_history
            (process_id, from_status_code, to_status_code, effective_at)
        values (
            new.id, old.status_code, new.status_code,
            coalesce(hirewire.effective_at_setting(), now())
        );
    end if;
    if tg_op = 'UPDATE' and new.applied_on is distinct from old.applied_on then
        update hirewire.process_status_history
        set effective_at = applied_at
        where process_id = new.id and from_status_code is null;
    end if;
    return null;
end
$$;

create trigger interview_processes_status_history
after insert or update of status_code, applied_on on hirewire.interview_processes
for each row execute function hirewire.record_status_change();

-- The same two triggers on every data table.
do $$
declare
    table_name text;
begin
    foreach table_name in array array[
        'candidates', 'companies', 'job_positions', 'interview_processes', 'interviews',
        'interview_outcomes', 'process_status_history', 'process_statuses',
        'application_sources', 'interview_types', 'interview_statuses', 'outcome_types'
    ] loop
        execute format(
            'create trigger %I before update on hirewire.%I '
            'for each row execute function hirewire.set_updated_at()',
            table_name || '_set_updated_at', table_name
        );
        execute format(
            'create index %I on hirewire.%I (updated_at)',
            table_name || '_updated_at_idx', table_name
        );
    end loop;
    foreach table_name in array array[
        'candidates', 'companies', 'job_positions', 'interview_processes', 'interviews',
        'interview_outcomes', 'process_status_history'
    ] loop
        execute format(
            'create trigger %I after delete on hirewire.%I '
            'for each row execute function hirewire.record_deletion()',
            table_name || '_record_deletion', table_name
        );
    end loop;
end
$$;
