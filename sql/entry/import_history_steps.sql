-- The statuses an imported application went through before its current one (from the file's
-- per-status date columns), as history rows dated from the file.
insert into hirewire.process_status_history (
    process_id, from_status_code, to_status_code, effective_at
)
select
    import_rows.process_id,
    transitions.from_status_code,
    transitions.to_status_code,
    greatest(
        transitions.effective_at,
        import_rows.applied_on::timestamp at time zone 'UTC'
    ) as effective_at
from import_transitions as transitions
inner join import_rows
    on transitions.line_number = import_rows.line_number
where
    import_rows.process_id is not null
    and not transitions.is_last
order by import_rows.process_id, transitions.step
