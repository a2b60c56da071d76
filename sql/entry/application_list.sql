-- Applications of one candidate (or all when candidate_id is null), filtered; newest first.
-- One row per application.
with last_changes as (
    select
        process_id,
        max(effective_at) as last_change_at
    from hirewire.process_status_history
    group by process_id
),

interview_counts as (
    select
        process_id,
        count(*) as interview_count
    from hirewire.interviews
    group by process_id
)

select
    processes.id,
    candidates.name as candidate_name,
    companies.name as company_name,
    positions.title as job_title,
    processes.source_code as source,
    processes.status_code as status,
    outcomes.outcome_code as outcome,
    processes.applied_on,
    last_changes.last_change_at::date as last_change_on,
    coalesce(interview_counts.interview_count, 0) as interviews
from hirewire.interview_processes as processes
inner join hirewire.candidates as candidates
    on processes.candidate_id = candidates.id
inner join hirewire.job_positions as positions
    on processes.position_id = positions.id
inner join hirewire.companies as companies
    on positions.company_id = companies.id
inner join hirewire.process_statuses as statuses
    on processes.status_code = statuses.code
left join hirewire.interview_outcomes as outcomes
    on processes.id = outcomes.process_id
left join last_changes
    on processes.id = last_changes.process_id
left join interview_counts
    on processes.id = interview_counts.process_id
where
    (:candidate_id::bigint is null or processes.candidate_id = :candidate_id::bigint)
    and (:status::text is null or processes.status_code = :status::text)
    and (:source::text is null or processes.source_code = :source::text)
    and (
        :pattern::text is null
        or companies.name ilike :pattern::text escape '\'
        or positions.title ilike :pattern::text escape '\'
    )
    and (not :open_only::boolean or statuses.category = 'open')
    and (:since::date is null or processes.applied_on >= :since::date)
    and (:until::date is null or processes.applied_on <= :until::date)
order by processes.applied_on desc, processes.id desc
limit :limit
