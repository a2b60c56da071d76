-- Rows of the sample that break a foreign key: one row per key, with how many. A bulk load
-- skips the per-row foreign-key triggers (see hirewire/sample.py) and checks them here, in one
-- set-based pass, before it commits; every count must be zero.
select
    'job_positions.company_id' as reference,
    count(*) as broken
from hirewire.job_positions as job_position
left join hirewire.companies as company on job_position.company_id = company.id
where company.id is null
union all
select
    'interview_processes.candidate_id' as reference,
    count(*) as broken
from hirewire.interview_processes as application
left join hirewire.candidates as candidate on application.candidate_id = candidate.id
where candidate.id is null
union all
select
    'interview_processes.position_id' as reference,
    count(*) as broken
from hirewire.interview_processes as application
left join hirewire.job_positions as job_position on application.position_id = job_position.id
where job_position.id is null
union all
select
    'interview_processes.source_code' as reference,
    count(*) as broken
from hirewire.interview_processes as application
left join hirewire.application_sources as source on application.source_code = source.code
where source.code is null
union all
select
    'interview_processes.status_code' as reference,
    count(*) as broken
from hirewire.interview_processes as application
left join hirewire.process_statuses as status on application.status_code = status.code
where status.code is null
union all
select
    'interviews.process_id' as reference,
    count(*) as broken
from hirewire.interviews as interview
left join hirewire.interview_processes as application on interview.process_id = application.id
where application.id is null
union all
select
    'interviews.interview_type_code' as reference,
    count(*) as broken
from hirewire.interviews as interview
left join hirewire.interview_types as interview_type
    on interview.interview_type_code = interview_type.code
where interview_type.code is null
union all
select
    'interviews.status_code' as reference,
    count(*) as broken
from hirewire.interviews as interview
left join hirewire.interview_statuses as status on interview.status_code = status.code
where status.code is null
union all
select
    'interview_outcomes.process_id' as reference,
    count(*) as broken
from hirewire.interview_outcomes as outcome
left join hirewire.interview_processes as application on outcome.process_id = application.id
where application.id is null
union all
select
    'interview_outcomes.outcome_code' as reference,
    count(*) as broken
from hirewire.interview_outcomes as outcome
left join hirewire.outcome_types as outcome_type on outcome.outcome_code = outcome_type.code
where outcome_type.code is null
union all
select
    'process_status_history.process_id' as reference,
    count(*) as broken
from hirewire.process_status_history as history
left join hirewire.interview_processes as application on history.process_id = application.id
where application.id is null
union all
select
    'process_status_history.to_status_code' as reference,
    count(*) as broken
from hirewire.process_status_history as history
left join hirewire.process_statuses as status on history.to_status_code = status.code
where status.code is null
union all
select
    'process_status_history.from_status_code' as reference,
    count(*) as broken
from hirewire.process_status_history as history
left join hirewire.process_statuses as status on history.from_status_code = status.code
where history.from_status_code is not null and status.code is null
