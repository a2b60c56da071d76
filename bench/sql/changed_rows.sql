-- Source rows a change set touched since the bench.since setting: rows written (updated_at)
-- plus tombstones. This is what an incremental ETL has to pull. One row.
with written as (
    select count(*) as row_count from hirewire.candidates
    where updated_at >= current_setting('bench.since')::timestamptz
    union all
    select count(*) as row_count from hirewire.companies
    where updated_at >= current_setting('bench.since')::timestamptz
    union all
    select count(*) as row_count from hirewire.job_positions
    where updated_at >= current_setting('bench.since')::timestamptz
    union all
    select count(*) as row_count from hirewire.interview_processes
    where updated_at >= current_setting('bench.since')::timestamptz
    union all
    select count(*) as row_count from hirewire.interviews
    where updated_at >= current_setting('bench.since')::timestamptz
    union all
    select count(*) as row_count from hirewire.interview_outcomes
    where updated_at >= current_setting('bench.since')::timestamptz
    union all
    select count(*) as row_count from hirewire.process_status_history
    where updated_at >= current_setting('bench.since')::timestamptz
    union all
    select count(*) as row_count from hirewire.deleted_rows
    where deleted_at >= current_setting('bench.since')::timestamptz
)

select sum(row_count)::bigint as changed_rows
from written
