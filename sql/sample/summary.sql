-- What the database holds after a sample load: one row per table with its row count.
with counted as (
    select
        1 as sort_key,
        'candidates' as table_name,
        count(*) as row_count
    from hirewire.candidates
    union all
    select
        2 as sort_key,
        'companies' as table_name,
        count(*) as row_count
    from hirewire.companies
    union all
    select
        3 as sort_key,
        'job_positions' as table_name,
        count(*) as row_count
    from hirewire.job_positions
    union all
    select
        4 as sort_key,
        'interview_processes' as table_name,
        count(*) as row_count
    from hirewire.interview_processes
    union all
    select
        5 as sort_key,
        'process_status_history' as table_name,
        count(*) as row_count
    from hirewire.process_status_history
    union all
    select
        6 as sort_key,
        'interviews' as table_name,
        count(*) as row_count
    from hirewire.interviews
    union all
    select
        7 as sort_key,
        'interview_outcomes' as table_name,
        count(*) as row_count
    from hirewire.interview_outcomes
)

select
    table_name,
    row_count
from counted
order by sort_key
