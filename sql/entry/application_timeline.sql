-- Everything that happened to one application, in order: one row per event.
with history as (
    select
        effective_at as happened_at,
        case when from_status_code is null then 'applied' else 'status' end as event_type,
        case
            when from_status_code is null then 'Applied'
            else 'Status: ' || coalesce(from_status_code, '') || ' -> ' || to_status_code
        end as event_summary,
        note as detail,
        id as sort_id
    from hirewire.process_status_history
    where process_id = :application_id
),

interviews as (
    select
        interviews.scheduled_at as happened_at,
        'interview' as event_type,
        'Interview: ' || type_labels.label || ' (' || interviews.status_code || ')'
            as event_summary,
        concat_ws(
            '; ',
            'with ' || interviews.interviewer_name,
            interviews.duration_minutes || ' min',
            'rated ' || interviews.rating || '/5',
            interviews.feedback
        ) as detail,
        interviews.id as sort_id
    from hirewire.interviews as interviews
    inner join hirewire.interview_types as type_labels
        on interviews.interview_type_code = type_labels.code
    where interviews.process_id = :application_id
),

outcomes as (
    select
        (outcomes.decided_on + time '12:00') at time zone 'UTC' as happened_at,
        'outcome' as event_type,
        'Outcome: ' || type_labels.label as event_summary,
        concat_ws(
            '; ',
            outcomes.salary_offered || ' ' || outcomes.currency,
            outcomes.notes
        ) as detail,
        outcomes.id as sort_id
    from hirewire.interview_outcomes as outcomes
    inner join hirewire.outcome_types as type_labels
        on outcomes.outcome_code = type_labels.code
    where outcomes.process_id = :application_id
),

final as (
    select * from history
    union all
    select * from interviews
    union all
    select * from outcomes
)

select
    happened_at,
    event_type,
    event_summary,
    nullif(detail, '') as detail,
    sort_id as record_id
from final
order by happened_at asc, event_type asc, sort_id asc
