-- dim_date: one row per calendar day, from January 1st of the year before the first date in
-- the data to December 31st of the year after the last one (or after this year, if later).
-- Rebuilt whole every run (a few thousand rows), so it grows as the data grows and a full and
-- an incremental run give the same rows.

-- Only rows whose content changed count as inserted, updated or deleted in the summary:
-- keep a whole copy of the table to compare with.
create or replace temp table etl_old_dim_date as
select * from dim_date;  -- noqa: AM04

delete from dim_date;

insert into dim_date by name
with
-- The earliest and latest valid date of each source column, read from the raw values (a
-- timestamp compared with a constant costs nothing; its UTC date is taken once, at the end).
column_bounds as (
    select
        min(applied_on) as first_day,
        max(applied_on) as last_day
    from source_replica.interview_processes
    where applied_on between date '1990-01-01' and date '2100-12-31'
    union all
    select
        min(decided_on) as first_day,
        max(decided_on) as last_day
    from source_replica.interview_outcomes
    where decided_on between date '1990-01-01' and date '2100-12-31'
    union all
    select
        etl_utc_date(min(scheduled_at)) as first_day,
        etl_utc_date(max(scheduled_at)) as last_day
    from source_replica.interviews
    where
        scheduled_at >= timestamptz '1990-01-01 00:00:00+00'
        and scheduled_at < timestamptz '2101-01-01 00:00:00+00'
    union all
    select
        etl_utc_date(min(effective_at)) as first_day,
        etl_utc_date(max(effective_at)) as last_day
    from source_replica.process_status_history
    where
        effective_at >= timestamptz '1990-01-01 00:00:00+00'
        and effective_at < timestamptz '2101-01-01 00:00:00+00'
),

bounds as (
    select
        make_date(coalesce(year(min(first_day)), year(current_date)) - 1, 1, 1) as first_day,
        make_date(greatest(coalesce(year(max(last_day)), 0), year(current_date)) + 1, 12, 31)
            as last_day
    from column_bounds
),

days as (
    select
        unnest(generate_series(bounds.first_day, bounds.last_day, interval 1 day))::date
            as date_day
    from bounds
),

calendar as (
    select
        etl_date_key(date_day, -1) as date_key,
        dayname(date_day) as day_name,
        monthname(date_day) as month_name,
        year(date_day) as year,
        quarter(date_day) as quarter,
        month(date_day) as month,
        day(date_day) as day_of_month,
        isoyear(date_day) as iso_year,
        week(date_day) as iso_week,
        isodow(date_day) as day_of_week,
        isodow(date_day) >= 6 as is_weekend,
        date_day,
        date_trunc('week', date_day)::date as week_start,
        date_trunc('month', date_day)::date as month_start
    from days
),

special_members as (
    select
        -1 as date_key,
        'Unknown' as day_name,
        'Unknown' as month_name,
        false as is_weekend
    union all
    select
        -2 as date_key,
        'Not applicable / not yet' as day_name,
        'Not applicable / not yet' as month_name,
        false as is_weekend
),

final as (
    select * from calendar
    union all by name
    select * from special_members
)

select * from final;

insert into etl_removed
select
    'dim_date' as table_name,
    changed.date_key as row_key
from (
    select * from etl_old_dim_date
    except
    select * from dim_date
) as changed
where changed.date_key > 0;

insert into etl_added
select
    'dim_date' as table_name,
    changed.date_key as row_key
from (
    select * from dim_date
    except
    select * from etl_old_dim_date
) as changed
where changed.date_key > 0;
