-- Sample job search, step 6: applications, one row each, at their current status. Constraints
-- check every row. The per-row history trigger is switched off for this one bulk insert (inside
-- the load's transaction, so a failure restores it) and step 7 writes the same history rows
-- set-based: firing it a million times cost most of a large load.
alter table hirewire.interview_processes
disable trigger interview_processes_status_history;

insert into hirewire.interview_processes (
    id, candidate_id, position_id, source_code, status_code, applied_on, contact_name,
    contact_email, notes, is_sample
)
overriding system value
select
    application.process_id,
    candidate.candidate_id,
    job_position.position_id,
    application.source_code,
    coalesce(last_step.status_code, 'applied') as status_code,
    application.applied_on,
    case
        when application.source_code in ('recruiter', 'referral')
            then (array['Sophie Girard', 'Antoine Lemoine', 'Nadia Benali', 'Paul Mercier'])[
                1 + floor(4 * pg_temp.sample_random(application.seed, application.n, 25))::integer
            ]
    end as contact_name,
    case
        when application.source_code in ('recruiter', 'referral')
            then 'talent@' || substr(job_position.url, 13, strpos(job_position.url, '/jobs/') - 13)
    end as contact_email,
    case
        when pg_temp.sample_random(application.seed, application.n, 26) < 0.15
            then (array[
                'Tailored CV and cover letter.', 'Found through a newsletter.',
                'Salary range looks right.', 'Team uses dbt and DuckDB.',
                'Asked a former colleague about the team.'
            ])[1 + floor(5 * pg_temp.sample_random(application.seed, application.n, 27))::integer]
    end as notes,
    true as is_sample
from sample_applications as application
inner join sample_candidates as candidate on application.candidate_n = candidate.n
inner join sample_positions as job_position on application.position_p = job_position.p
left join sample_steps as last_step
    on application.process_id = last_step.process_id and last_step.is_last
order by application.process_id;

alter table hirewire.interview_processes
enable trigger interview_processes_status_history;
