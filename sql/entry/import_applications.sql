-- Insert the applications not already recorded (natural key interview_processes_natural_key:
-- candidate, position, applied_on), so a second import of the same file creates nothing.
-- Returns how many were created; the created ids are written back to import_rows.
with inserted as (
    insert into hirewire.interview_processes (
        candidate_id, position_id, source_code, status_code, applied_on,
        contact_name, contact_email, notes
    )
    select
        candidate_id,
        position_id,
        source_code,
        status_code,
        applied_on,
        contact_name,
        contact_email,
        notes
    from import_rows
    order by line_number
    on conflict on constraint interview_processes_natural_key do nothing
    returning id, candidate_id, position_id, applied_on
),

linked as (
    update import_rows
    set process_id = inserted.id
    from inserted
    where
        import_rows.candidate_id = inserted.candidate_id
        and import_rows.position_id = inserted.position_id
        and import_rows.applied_on = inserted.applied_on
    returning import_rows.line_number
)

select count(*) as created_count
from linked
