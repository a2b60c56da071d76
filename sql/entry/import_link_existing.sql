-- Link every staged line that matches an application recorded before this import (natural key
-- interview_processes_natural_key: candidate, position, application date), so a re-import
-- compares it with what is recorded instead of ignoring it. Runs after the creating steps:
-- those only touch the applications this import created.
update import_rows
set
    process_id = processes.id,
    is_existing = true
from hirewire.interview_processes as processes
where
    import_rows.process_id is null
    and processes.candidate_id = import_rows.candidate_id
    and processes.position_id = import_rows.position_id
    and processes.applied_on = import_rows.applied_on
