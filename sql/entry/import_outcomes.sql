-- Record the outcome of every newly imported application that has one.
-- Returns how many outcomes were created.
with inserted as (
    insert into hirewire.interview_outcomes (
        process_id, outcome_code, decided_on, salary_offered, currency
    )
    select
        process_id,
        outcome_code,
        coalesce(outcome_on, status_at::date, applied_on) as decided_on,
        offer_salary,
        coalesce(currency, 'EUR') as currency
    from import_rows
    where process_id is not null and outcome_code is not null
    on conflict (process_id) do nothing
    returning id
)

select count(*) as created_count
from inserted
