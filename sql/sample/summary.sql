-- What the database holds after a sample load: one row per table with its row count.
select
    'candidates' as table_name,
    count(*) as row_count
from hirewire.candidates
union all
select
    'companies' as table_name,
    count(*) as row_count
from hirewire.companies
union all
select
    'job_positions' as table_name,
    count(*) as row_count
from hirewire.job_positions
union all
select
    'interview_processes' as table_name,
    count(*) as row_count
from hirewire.interview_processes
union all
select
    'process_status_history' as table_name,
    count(*) as row_count
from hirewire.process_status_history
union all
select
    'interviews' as table_name,
    count(*) as row_count
from hirewire.interviews
union all
select
    'interview_outcomes' as table_name,
    count(*) as row_count
from hirewire.interview_outcomes
