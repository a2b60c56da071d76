-- What schema hirewire holds before HireWire's own tables exist (003 not applied yet), read by
-- the migration runner before it changes anything. Grain: one row.
--   kind 'original': the original HireWire's five tables (its 01 migration, with the user_id its
--     06 adds), each with exactly the original's columns, next to nothing but the original's
--     other tables and what HireWire's first migrations create; the runner upgrades it.
--   kind 'empty': no table at all, or only what HireWire's first migrations create.
--   kind 'unknown': anything else; problem names what was found.
-- The original's tables carry HireWire's very names, so they are recognised by their columns.

with expected_columns as (
    select
        expected.table_name,
        expected.column_name
    from (
        values
        ('companies', 'id'), ('companies', 'name'), ('companies', 'industry'),
        ('companies', 'size'), ('companies', 'location'), ('companies', 'website'),
        ('companies', 'created_at'), ('companies', 'updated_at'),
        ('job_positions', 'id'), ('job_positions', 'company_id'), ('job_positions', 'title'),
        ('job_positions', 'department'), ('job_positions', 'level'),
        ('job_positions', 'employment_type'), ('job_positions', 'remote_policy'),
        ('job_positions', 'salary_min'), ('job_positions', 'salary_max'),
        ('job_positions', 'currency'), ('job_positions', 'created_at'),
        ('job_positions', 'updated_at'),
        ('interview_processes', 'id'), ('interview_processes', 'job_position_id'),
        ('interview_processes', 'application_date'), ('interview_processes', 'status'),
        ('interview_processes', 'source'), ('interview_processes', 'notes'),
        ('interview_processes', 'created_at'), ('interview_processes', 'updated_at'),
        ('interviews', 'id'), ('interviews', 'process_id'), ('interviews', 'interview_type'),
        ('interviews', 'interview_round'), ('interviews', 'scheduled_date'),
        ('interviews', 'actual_date'), ('interviews', 'duration_minutes'),
        ('interviews', 'interviewer_name'), ('interviews', 'interviewer_role'),
        ('interviews', 'status'), ('interviews', 'feedback'), ('interviews', 'rating'),
        ('interviews', 'technical_topics'), ('interviews', 'created_at'),
        ('interviews', 'updated_at'),
        ('interview_outcomes', 'id'), ('interview_outcomes', 'process_id'),
        ('interview_outcomes', 'outcome'), ('interview_outcomes', 'outcome_date'),
        ('interview_outcomes', 'offer_salary'), ('interview_outcomes', 'offer_currency'),
        ('interview_outcomes', 'rejection_reason'), ('interview_outcomes', 'feedback_received'),
        ('interview_outcomes', 'would_reapply'),
        ('interview_outcomes', 'overall_experience_rating'), ('interview_outcomes', 'notes'),
        ('interview_outcomes', 'created_at'), ('interview_outcomes', 'updated_at')
    ) as expected (table_name, column_name)
),

-- Tables that may sit next to the original's five: its later features (06, 07, 007, 008) and
-- what HireWire's 001-002 create (a `make migrate` that stopped at 003 left them there).
tolerated_tables as (
    select tolerated.table_name
    from (
        values
        ('users'), ('exports'), ('user_profiles'), ('data_export_requests'),
        ('profile_audit_log'), ('achievements'), ('user_achievements'), ('user_stats'),
        ('activity_log'),
        ('schema_migrations'), ('process_statuses'), ('application_sources'),
        ('interview_types'), ('interview_statuses'), ('outcome_types')
    ) as tolerated (table_name)
),

-- What HireWire's own 001-002 create before 003.
hirewire_created as (
    select tolerated.table_name
    from tolerated_tables as tolerated
    where tolerated.table_name in (
        'schema_migrations', 'process_statuses', 'application_sources',
        'interview_types', 'interview_statuses', 'outcome_types'
    )
),

found_tables as (
    select info_table.table_name::text as table_name
    from information_schema.tables as info_table
    where info_table.table_schema = 'hirewire'
),

found_columns as (
    select
        info_column.table_name::text as table_name,
        info_column.column_name::text as column_name
    from information_schema.columns as info_column
    where
        info_column.table_schema = 'hirewire'
        and info_column.table_name in (select expected.table_name from expected_columns as expected)
),

original_tables as (
    select distinct expected.table_name from expected_columns as expected
),

-- What differs from the original, one row per kind and table.
problem_items as (
    select
        1 as rank,
        '' as table_name,
        'hirewire.' || original.table_name as item
    from original_tables as original
    where original.table_name not in (select found.table_name from found_tables as found)
    union all
    select
        2 as rank,
        expected.table_name,
        expected.column_name as item
    from expected_columns as expected
    inner join found_tables as found on expected.table_name = found.table_name
    where
        not exists (
            select from found_columns as found_column
            where
                found_column.table_name = expected.table_name
                and found_column.column_name = expected.column_name
        )
    union all
    select
        3 as rank,
        found_column.table_name,
        found_column.column_name as item
    from found_columns as found_column
    where
        not exists (
            select from expected_columns as expected
            where
                expected.table_name = found_column.table_name
                and expected.column_name = found_column.column_name
        )
        -- The original's 06 adds it.
        and (found_column.table_name, found_column.column_name)
        <> ('interview_processes', 'user_id')
    union all
    select
        4 as rank,
        '' as table_name,
        'hirewire.' || found.table_name as item
    from found_tables as found
    where
        found.table_name not in (select original.table_name from original_tables as original)
        and found.table_name not in (select tolerated.table_name from tolerated_tables as tolerated)
),

problems as (
    select
        item.rank,
        case item.rank
            when 1 then 'no '
            when 2 then 'hirewire.' || item.table_name || ' without the columns '
            when 3 then 'hirewire.' || item.table_name || ' with unknown columns '
            else 'unknown tables '
        end || string_agg(item.item, ', ' order by item.item) as problem
    from problem_items as item
    group by item.rank, item.table_name
),

summary as (
    select
        (select count(*) from found_tables) as table_count,
        (
            select count(*)
            from found_tables as found
            where
                found.table_name in (select original.table_name from original_tables as original)
        ) as original_name_count,
        (
            select count(*)
            from found_tables as found
            where
                found.table_name not in (
                    select created.table_name from hirewire_created as created
                )
        ) as foreign_table_count,
        (
            select min(problem.rank) from problems as problem
            where problem.rank > 1
        ) as worst
),

final as (
    select
        case
            when summary.foreign_table_count = 0 then 'empty'
            when summary.original_name_count = 0 then 'unknown'
            when summary.worst is null and summary.original_name_count = 5 then 'original'
            else 'unknown'
        end as kind,
        case
            when summary.foreign_table_count = 0 then null
            when summary.original_name_count = 0
                then (
                    select
                        'tables that are not the original HireWire''s: '
                        || string_agg(
                            'hirewire.' || found.table_name, ', ' order by found.table_name
                        )
                    from found_tables as found
                    where found.table_name not in (
                        select created.table_name from hirewire_created as created
                    )
                )
            -- The most telling kind of difference only: unknown tables, then unknown columns.
            else (
                select string_agg(problem.problem, ', ' order by problem.problem)
                from problems as problem
                where problem.rank = (select max(worst.rank) from problems as worst)
            )
        end as problem
    from summary
)

select * from final
