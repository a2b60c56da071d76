-- Record the outcome of an application (at most one: interview_outcomes_process_id_key).
insert into hirewire.interview_outcomes (
    process_id, outcome_code, decided_on, salary_offered, currency, notes
)
values (
    :application_id,
    :outcome_code,
    :decided_on,
    :salary_offered,
    coalesce(:currency, 'EUR'),
    :notes
)
returning id
