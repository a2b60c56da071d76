-- Sample job search, step 9: outcomes. One row per application whose last status closes it
-- (or brings an offer). Offered salaries mostly fall in the posted range; some land above or
-- below it, as in real negotiations.
insert into hirewire.interview_outcomes (
    id, process_id, outcome_code, decided_on, salary_offered, currency, notes
)
overriding system value
with closing as (
    select
        step.process_id,
        step.n,
        step.seed,
        application.journey,
        job_position.salary_min,
        job_position.salary_max,
        job_position.base_salary_thousands,
        (step.effective_at at time zone 'Europe/Paris')::date as decided_on,
        case step.status_code
            when 'withdrew'
                then case
                    when step.from_status_code = 'offer' then 'declined' else 'withdrew'
                end
            else step.status_code
        end as outcome_code
    from sample_steps as step
    inner join sample_applications as application on step.process_id = application.process_id
    inner join sample_positions as job_position on application.position_p = job_position.p
    where
        step.is_last
        and step.status_code in ('rejected', 'ghosted', 'withdrew', 'offer', 'accepted')
),

priced as (
    select
        closing.*,
        pg_temp.sample_random(closing.seed, closing.n, 40) as salary_draw,
        pg_temp.sample_random(closing.seed, closing.n, 41) as spread_draw
    from closing
),

final as (
    select
        params.outcome_base + row_number() over (order by priced.process_id) as outcome_id,
        priced.process_id,
        priced.outcome_code,
        priced.decided_on,
        case
            when priced.outcome_code not in ('offer', 'accepted', 'declined') then null
            when priced.salary_min is null
                then priced.base_salary_thousands * 1000 * (0.95 + 0.2 * priced.spread_draw)
            -- 15 percent above the posted range, 10 percent below it, the rest inside.
            when priced.salary_draw < 0.15
                then priced.salary_max * (1.02 + 0.08 * priced.spread_draw)
            when priced.salary_draw < 0.25
                then priced.salary_min * (0.90 + 0.08 * priced.spread_draw)
            else priced.salary_min + (priced.salary_max - priced.salary_min) * priced.spread_draw
        end as salary_raw,
        case priced.outcome_code
            when 'rejected' then 'Generic rejection email.'
            when 'ghosted' then 'No answer after follow-ups.'
            when 'declined' then 'Declined: better offer elsewhere.'
            when 'withdrew' then 'Withdrew: the role changed during the process.'
        end as notes
    from priced
    cross join sample_params as params
)

select
    outcome_id,
    process_id,
    outcome_code,
    decided_on,
    -- Offers are rounded to 500 euros.
    (500 * round(salary_raw / 500))::decimal(12, 2) as salary_offered,
    'EUR' as currency,
    notes
from final
order by outcome_id;
