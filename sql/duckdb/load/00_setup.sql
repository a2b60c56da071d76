-- Session set-up of a load: helpers and bookkeeping tables, all temporary (gone at the end).
-- Python has created etl_parameters (mode, since, run_id) with bound values before this file runs.

-- Dates of timestamps are UTC dates, whatever the machine's time zone.
set timezone = 'UTC';

set variable etl_mode = (  -- noqa: PRS
    select etl_parameters.mode from etl_parameters
);

-- The previous run's watermark as a Postgres literal, for queries sent to Postgres as text.
set variable etl_since_sql = (  -- noqa: PRS
    select concat('''', coalesce(etl_parameters.since::varchar, '-infinity'), '''::timestamptz')
    from etl_parameters
);

-- The UTC date of a timestamptz, computed without the time zone library (several times faster
-- than a cast, and the same whatever the session's time zone).
create or replace temp macro etl_utc_date(moment) as
make_timestamp(epoch_us(moment))::date;

-- Dates outside the range the source accepts are data errors: treated as missing.
create or replace temp macro etl_valid_date(on_date) as
case when on_date between date '1990-01-01' and date '2100-12-31' then on_date end;

-- yyyymmdd key of a date; `missing` (-1 unknown or -2 not yet) when absent, -1 when absurd.
create or replace temp macro etl_date_key(on_date, missing) as
case
    when on_date is null then missing
    when etl_valid_date(on_date) is null then -1
    else year(on_date) * 10000 + month(on_date) * 100 + day(on_date)
end;

-- The vocabulary id the replica stores for a source code (see 001_source_replica.sql): null
-- for a missing code, -1 for a code its vocabulary does not know.
create or replace temp macro etl_vocabulary_id(code, vocabulary_id) as
case when code is not null then coalesce(vocabulary_id, -1) end;

-- Keys removed and (re)inserted by this run, per table: the inserted/updated/deleted counts.
create or replace temp table etl_removed (table_name varchar, row_key bigint);
create or replace temp table etl_added (table_name varchar, row_key bigint);
