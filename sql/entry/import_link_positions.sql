-- Link every staged row to its position, by title as job_positions_company_title_key compares.
update import_rows
set position_id = positions.id
from hirewire.job_positions as positions
where
    positions.company_id = import_rows.company_id
    and lower(btrim(positions.title)) = lower(btrim(import_rows.job_title))
