-- Re-import as a sync: what a file says differently from the applications already recorded,
-- in a temporary table import_changes that import_update.sql applies (with --update).
-- Compared: status, outcome (with its date and offered salary), the position's salary and
-- url, notes, contact and contact e-mail. An empty cell never counts as a difference: an
-- import adds and corrects, it never erases. A status a line does not state is not compared.
-- One row per line and field that differs.
create temporary table import_changes on commit drop as
with staged as (
    select
        line_number,
        process_id,
        position_id,
        status_code,
        outcome_code,
        outcome_on,
        status_at,
        offer_salary,
        salary_min,
        salary_max,
        url,
        contact_name,
        contact_email,
        notes,
        has_status
    from import_rows
    where is_existing
),

recorded as (
    select
        staged.*,
        processes.status_code as recorded_status_code,
        processes.contact_name as recorded_contact_name,
        processes.contact_email as recorded_contact_email,
        processes.notes as recorded_notes,
        positions.salary_min as recorded_salary_min,
        positions.salary_max as recorded_salary_max,
        positions.url as recorded_url,
        outcomes.outcome_code as recorded_outcome_code,
        outcomes.decided_on as recorded_decided_on,
        outcomes.salary_offered as recorded_offer_salary,
        -- The outcome the file states, dated as a new one would be (import_outcomes.sql).
        coalesce(staged.outcome_on, staged.status_at::date) as file_decided_on
    from staged
    inner join hirewire.interview_processes as processes
        on staged.process_id = processes.id
    inner join hirewire.job_positions as positions
        on processes.position_id = positions.id
    left join hirewire.interview_outcomes as outcomes
        on processes.id = outcomes.process_id
),

compared as (
    select
        line_number,
        process_id,
        'status' as field,
        recorded_status_code as recorded_value,
        status_code as file_value
    from recorded
    where has_status and status_code is distinct from recorded_status_code
    union all
    select
        line_number,
        process_id,
        'outcome' as field,
        concat_ws(
            ' ', recorded_outcome_code, 'on ' || recorded_decided_on::text,
            '(offer ' || trim_scale(recorded_offer_salary)::text || ')'
        ) as recorded_value,
        concat_ws(
            ' ', outcome_code, 'on ' || file_decided_on::text,
            '(offer ' || trim_scale(offer_salary)::text || ')'
        ) as file_value
    from recorded
    where
        outcome_code is not null
        and (
            outcome_code is distinct from recorded_outcome_code
            or (outcome_on is not null and outcome_on is distinct from recorded_decided_on)
            or (
                offer_salary is not null
                and offer_salary is distinct from recorded_offer_salary
            )
        )
    union all
    select
        line_number,
        process_id,
        'salary' as field,
        concat_ws(
            '-',
            trim_scale(recorded_salary_min),
            trim_scale(nullif(recorded_salary_max, recorded_salary_min))
        ) as recorded_value,
        concat_ws('-', trim_scale(salary_min), trim_scale(nullif(salary_max, salary_min)))
            as file_value
    from recorded
    where
        salary_min is not null
        and (
            salary_min is distinct from recorded_salary_min
            or salary_max is distinct from recorded_salary_max
        )
    union all
    select
        line_number,
        process_id,
        'url' as field,
        recorded_url as recorded_value,
        url as file_value
    from recorded
    where url is not null and url is distinct from recorded_url
    union all
    select
        line_number,
        process_id,
        'contact' as field,
        recorded_contact_name as recorded_value,
        contact_name as file_value
    from recorded
    where contact_name is not null and contact_name is distinct from recorded_contact_name
    union all
    select
        line_number,
        process_id,
        'contact_email' as field,
        recorded_contact_email as recorded_value,
        contact_email as file_value
    from recorded
    where contact_email is not null and contact_email is distinct from recorded_contact_email
    union all
    select
        line_number,
        process_id,
        'notes' as field,
        recorded_notes as recorded_value,
        notes as file_value
    from recorded
    where notes is not null and notes is distinct from recorded_notes
)

select * from compared;
