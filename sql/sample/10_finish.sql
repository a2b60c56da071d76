-- Sample job search, step 10: rows were inserted with explicit ids, so move every identity
-- sequence past them; then refresh the planner statistics of the tables just filled.
select setval(pg_get_serial_sequence('hirewire.candidates', 'id'), max(id))
from hirewire.candidates;
select setval(pg_get_serial_sequence('hirewire.companies', 'id'), max(id))
from hirewire.companies;
select setval(pg_get_serial_sequence('hirewire.job_positions', 'id'), max(id))
from hirewire.job_positions;
select setval(pg_get_serial_sequence('hirewire.interview_processes', 'id'), max(id))
from hirewire.interview_processes;
select setval(pg_get_serial_sequence('hirewire.interviews', 'id'), max(id))
from hirewire.interviews;
select setval(pg_get_serial_sequence('hirewire.interview_outcomes', 'id'), max(id))
from hirewire.interview_outcomes;

analyze hirewire.candidates;
analyze hirewire.companies;
analyze hirewire.job_positions;
analyze hirewire.interview_processes;
analyze hirewire.interviews;
analyze hirewire.interview_outcomes;
analyze hirewire.process_status_history;
