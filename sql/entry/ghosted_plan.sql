-- What detect-ghosted --apply would do to each application the marts propose, checked against
-- Postgres now (the warehouse may be older): 'record' when it is still open with no outcome,
-- otherwise the reason it is skipped.
-- One row per proposed application id.
with proposed as (
    select unnest(:application_ids::bigint[]) as application_id
),

final as (
    select
        proposed.application_id,
        case
            when processes.id is null then 'deleted since the last refresh'
            when
                outcomes.outcome_code = 'ghosted' or processes.status_code = 'ghosted'
                then 'already recorded as ghosted'
            when
                outcomes.id is not null or statuses.category <> 'open'
                then 'closed since the last refresh'
            else 'record'
        end as planned_action
    from proposed
    left join hirewire.interview_processes as processes
        on proposed.application_id = processes.id
    left join hirewire.process_statuses as statuses
        on processes.status_code = statuses.code
    left join hirewire.interview_outcomes as outcomes
        on processes.id = outcomes.process_id
)

select * from final
order by application_id
