-- Sample job search, step 1: the parameters of this load, one row, from the settings that
-- hirewire.sample sets in its transaction. Every later step reads it, so the whole sample
-- derives from (seed, sizes, end date): the same parameters on the same database give identical
-- rows, ids included.
create temp table sample_params on commit drop as
select
    current_setting('hirewire_sample.seed')::bigint as seed,
    current_setting('hirewire_sample.applications')::bigint as applications,
    current_setting('hirewire_sample.candidates')::bigint as candidates,
    current_setting('hirewire_sample.end_on')::date as end_on,
    -- "Now" for the sample: the start of the end date, so nothing done lies in the future.
    (current_setting('hirewire_sample.end_on')::date)::timestamp at time zone 'UTC' as as_of,
    -- Six months of search.
    182 as span_days,
    -- A single job seeker rarely reapplies to a position (3 percent); a coach's candidates
    -- often apply to the same positions. Never fewer positions than half the applications,
    -- so a position gets at most two applications.
    greatest(
        1,
        ceil(
            current_setting('hirewire_sample.applications')::bigint
            * case when current_setting('hirewire_sample.candidates') = '1' then 0.97 else 0.6 end
        )
    )::bigint as position_count,
    (select coalesce(max(id), 0) from hirewire.candidates) as candidate_base,
    (select coalesce(max(id), 0) from hirewire.companies) as company_base,
    (select coalesce(max(id), 0) from hirewire.job_positions) as position_base,
    (select coalesce(max(id), 0) from hirewire.interview_processes) as process_base,
    (select coalesce(max(id), 0) from hirewire.interviews) as interview_base,
    (select coalesce(max(id), 0) from hirewire.interview_outcomes) as outcome_base;
