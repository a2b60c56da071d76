-- Interviews still marked scheduled (or rescheduled) whose time has passed: they most likely
-- took place. One row per interview, oldest first.
select
    interviews.id as interview_id,
    interviews.process_id as application_id,
    companies.name as company_name,
    positions.title as job_title,
    interviews.interview_type_code as interview_type,
    interviews.status_code as status,
    interviews.scheduled_at
from hirewire.interviews as interviews
inner join hirewire.interview_processes as processes
    on interviews.process_id = processes.id
inner join hirewire.job_positions as positions
    on processes.position_id = positions.id
inner join hirewire.companies as companies
    on positions.company_id = companies.id
where
    interviews.status_code in ('scheduled', 'rescheduled')
    and interviews.scheduled_at
    + make_interval(mins => coalesce(interviews.duration_minutes, 60)) < now()
    and (:candidate_id::bigint is null or processes.candidate_id = :candidate_id::bigint)
order by interviews.scheduled_at asc, interviews.id asc
