-- Upgrade in place a database made by the original HireWire (github.com/nicosouv/hirewire).
-- Its tables live in schema hirewire with HireWire's very names: the migration runner moved
-- its five (companies, job_positions, interview_processes, interviews, interview_outcomes) to
-- schema hirewire_original before 003, in the same transaction as every migration. Here:
--   - every row of the five is copied into HireWire's tables with its id; each application
--     gets its status history (applied at its application date, then its current status at
--     the best date known: for a decided application the date of the outcome that says that
--     status, else of its latest outcome; otherwise the original row's last update);
--     identities continue after the copied ids;
--   - vocabularies map (tech_test -> technical_test, rejection -> rejected, wttj ->
--     welcome_to_the_jungle, referral_internal / referral_external -> referral, ...); a value
--     nothing maps becomes a vocabulary row flagged is_legacy, and is reported;
--   - each original user becomes a candidate (user 1 is the default candidate 1), owning the
--     user's applications; no password hash is copied;
--   - the original's triggers, functions and CHECKs that contradict HireWire's model are dropped
--     and reported; its other tables (users, exports, profiles, gamification) stay untouched,
--     out of reach of HireWire's roles, and are listed.
-- The five original tables stay in hirewire_original as they were: every column HireWire has
-- no place for (department, level, interview_round, technical_topics, rejection_reason, ...)
-- is there, keyed by the same id. Everything is reported with RAISE NOTICE.
-- On any other database (no schema hirewire_original) this migration does nothing.

-- The spelling key: case, spaces, underscores and dashes do not matter ('On-site' = 'on site').
create function pg_temp.original_key(raw text) returns text
language sql immutable as $$
    select nullif(lower(btrim(regexp_replace(raw, '[\s_-]+', ' ', 'g'))), '')
$$;

-- A vocabulary code made from free text: 'Waiting for feedback!' -> 'waiting_for_feedback'.
create function pg_temp.original_code(raw text) returns text
language sql immutable as $$
    select case when slug ~ '^[a-z]' then slug else 'legacy_' || slug end
    from (
        select coalesce(nullif(btrim(regexp_replace(
            lower(translate(
                btrim(raw),
                'àâäáãéèêëíìîïóòôöõúùûüçñÀÂÄÁÃÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÇÑ',
                'aaaaaeeeeiiiiooooouuuucnAAAAAEEEEIIIIOOOOOUUUUCN'
            )),
            '[^a-z0-9]+', '_', 'g'
        ), '_'), ''), 'unknown') as slug
    ) as cleaned
$$;

-- The original's timestamps have no time zone; its server ran in UTC (its compose default).
create function pg_temp.original_at(raw timestamp) returns timestamptz
language sql immutable as $$
    select case
        when raw between timestamp '1990-01-01' and timestamp '2100-12-31' then raw at time zone 'UTC'
    end
$$;

create function pg_temp.original_on(raw date) returns date
language sql immutable as $$
    select case when raw between date '1990-01-01' and date '2100-12-31' then raw end
$$;

create function pg_temp.original_currency(raw text) returns text
language sql immutable as $$
    select coalesce(
        case when upper(btrim(raw)) ~ '^[A-Z]{3}$' then upper(btrim(raw)) end, 'EUR'
    )
$$;

do $upgrade$
declare
    item record;
    has_users boolean;
    placeholder_company bigint;
    placeholder_position bigint;
    affected bigint;
begin
    if to_regclass('hirewire_original.interview_processes') is null then
        return;
    end if;
    if exists (select from hirewire.interview_processes) or exists (select from hirewire.companies)
    then
        raise exception 'hirewire already holds applications next to the original HireWire''s '
            'tables in hirewire_original: restore the backup taken before the upgrade';
    end if;

    -- 1. The original's behaviour that contradicts HireWire's model: its triggers (a second open
    -- application refused, statuses rewritten from outcomes, per-user counters) and the CHECKs
    -- that fix vocabularies and date windows HireWire keeps in tables and wider ranges.
    for item in
        select trigger.tgname as name, trigger.tgrelid::regclass::text as on_table
        from pg_trigger as trigger
        inner join pg_class as relation on trigger.tgrelid = relation.oid
        inner join pg_namespace as namespace on relation.relnamespace = namespace.oid
        where namespace.nspname = 'hirewire_original' and not trigger.tgisinternal
        order by 2, 1
    loop
        execute format('drop trigger %I on %s', item.name, item.on_table);
        raise notice 'removed the original trigger % on %', item.name, item.on_table;
    end loop;
    for item in
        select procedure.oid::regprocedure::text as signature
        from pg_proc as procedure
        inner join pg_namespace as namespace on procedure.pronamespace = namespace.oid
        where
            (namespace.nspname, procedure.proname) in (
                ('public', 'check_single_active_process'),
                ('public', 'check_process_outcome_consistency'),
                ('hirewire', 'update_user_stats')
            )
            and not exists (select from pg_trigger as trigger where trigger.tgfoid = procedure.oid)
        order by 1
    loop
        execute format('drop function %s', item.signature);
        raise notice 'removed the original function %', item.signature;
    end loop;
    for item in
        select constraint_row.conname as name, constraint_row.conrelid::regclass::text as on_table
        from pg_constraint as constraint_row
        inner join pg_class as relation on constraint_row.conrelid = relation.oid
        inner join pg_namespace as namespace on relation.relnamespace = namespace.oid
        where
            namespace.nspname = 'hirewire_original'
            and constraint_row.contype = 'c'
            and constraint_row.conname in (
                'check_valid_process_status', 'check_valid_source',
                'check_valid_interview_status', 'check_valid_outcome',
                'check_application_date_logical', 'check_interview_dates_logical',
                'check_outcome_date_logical', 'check_duration_reasonable'
            )
        order by 2, 1
    loop
        execute format('alter table %s drop constraint %I', item.on_table, item.name);
        raise notice 'removed the original check % on %', item.name, item.on_table;
    end loop;

    -- 2. Vocabularies: every distinct original value, the code it maps to, or a legacy code.
    create temp table original_spellings on commit drop as
    select
        spelling.vocabulary,
        pg_temp.original_key(spelling.spelling) as spelling_key,
        spelling.code
    from (
        values
        ('process_statuses', 'tech test', 'technical_test'),
        ('process_statuses', 'test', 'technical_test'),
        ('process_statuses', 'coding test', 'technical_test'),
        ('process_statuses', 'take home', 'technical_test'),
        ('process_statuses', 'sent', 'applied'),
        ('process_statuses', 'submitted', 'applied'),
        ('process_statuses', 'new', 'applied'),
        ('process_statuses', 'phone screen', 'screening'),
        ('process_statuses', 'interview', 'interviewing'),
        ('process_statuses', 'in progress', 'interviewing'),
        ('process_statuses', 'final', 'final_round'),
        ('process_statuses', 'offer received', 'offer'),
        ('process_statuses', 'hired', 'accepted'),
        ('process_statuses', 'rejection', 'rejected'),
        ('process_statuses', 'refused', 'rejected'),
        ('process_statuses', 'not selected', 'rejected'),
        ('process_statuses', 'withdrawn', 'withdrew'),
        ('process_statuses', 'abandoned', 'withdrew'),
        ('process_statuses', 'no answer', 'ghosted'),
        ('process_statuses', 'no response', 'ghosted'),
        ('process_statuses', 'hold', 'on_hold'),
        ('application_sources', 'wttj', 'welcome_to_the_jungle'),
        ('application_sources', 'welcometothejungle', 'welcome_to_the_jungle'),
        ('application_sources', 'referral internal', 'referral'),
        ('application_sources', 'referral external', 'referral'),
        ('application_sources', 'referred', 'referral'),
        ('application_sources', 'linked in', 'linkedin'),
        ('application_sources', 'website', 'company_website'),
        ('application_sources', 'company site', 'company_website'),
        ('application_sources', 'careers page', 'company_website'),
        ('application_sources', 'headhunter', 'recruiter'),
        ('application_sources', 'agency', 'recruiter'),
        ('application_sources', 'pole emploi', 'france_travail'),
        ('application_sources', 'pôle emploi', 'france_travail'),
        ('application_sources', 'network', 'networking'),
        ('application_sources', 'career fair', 'job_fair'),
        ('interview_types', 'phone', 'phone_screen'),
        ('interview_types', 'phone call', 'phone_screen'),
        ('interview_types', 'phone interview', 'phone_screen'),
        ('interview_types', 'screening', 'phone_screen'),
        ('interview_types', 'rh', 'hr'),
        ('interview_types', 'video call', 'video'),
        ('interview_types', 'visio', 'video'),
        ('interview_types', 'on site', 'onsite'),
        ('interview_types', 'in person', 'onsite'),
        ('interview_types', 'tech', 'technical'),
        ('interview_types', 'coding', 'coding_challenge'),
        ('interview_types', 'live coding', 'coding_challenge'),
        ('interview_types', 'home assignment', 'take_home'),
        ('interview_types', 'behavioural', 'behavioral'),
        ('interview_types', 'culture fit', 'behavioral'),
        ('interview_types', 'final round', 'final'),
        ('interview_statuses', 'planned', 'scheduled'),
        ('interview_statuses', 'postponed', 'rescheduled'),
        ('interview_statuses', 'done', 'completed'),
        ('interview_statuses', 'canceled', 'cancelled'),
        ('outcome_types', 'rejection', 'rejected'),
        ('outcome_types', 'refused', 'rejected'),
        ('outcome_types', 'offer received', 'offer'),
        ('outcome_types', 'hired', 'accepted'),
        ('outcome_types', 'withdrawn', 'withdrew'),
        ('outcome_types', 'no answer', 'ghosted')
    ) as spelling (vocabulary, spelling, code);

    -- A vocabulary's own codes and labels are spellings too.
    insert into original_spellings (vocabulary, spelling_key, code)
    select 'process_statuses', pg_temp.original_key(known.spelling), vocabulary.code
    from hirewire.process_statuses as vocabulary
    cross join lateral (values (vocabulary.code), (vocabulary.label)) as known (spelling)
    union all
    select 'application_sources', pg_temp.original_key(known.spelling), vocabulary.code
    from hirewire.application_sources as vocabulary
    cross join lateral (values (vocabulary.code), (vocabulary.label)) as known (spelling)
    union all
    select 'interview_types', pg_temp.original_key(known.spelling), vocabulary.code
    from hirewire.interview_types as vocabulary
    cross join lateral (values (vocabulary.code), (vocabulary.label)) as known (spelling)
    union all
    select 'interview_statuses', pg_temp.original_key(known.spelling), vocabulary.code
    from hirewire.interview_statuses as vocabulary
    cross join lateral (values (vocabulary.code), (vocabulary.label)) as known (spelling)
    union all
    select 'outcome_types', pg_temp.original_key(known.spelling), vocabulary.code
    from hirewire.outcome_types as vocabulary
    cross join lateral (values (vocabulary.code), (vocabulary.label)) as known (spelling);

    create temp table original_values on commit drop as
    with raw_values as (
        select 'process_statuses' as vocabulary, process.status as raw, count(*) as row_count
        from hirewire_original.interview_processes as process
        group by process.status
        union all
        select 'application_sources', process.source, count(*)
        from hirewire_original.interview_processes as process
        group by process.source
        union all
        select 'interview_types', interview.interview_type, count(*)
        from hirewire_original.interviews as interview
        where interview.process_id is not null
        group by interview.interview_type
        union all
        select 'interview_statuses', interview.status, count(*)
        from hirewire_original.interviews as interview
        where interview.process_id is not null
        group by interview.status
        union all
        select 'outcome_types', outcome.outcome, count(*)
        from hirewire_original.interview_outcomes as outcome
        group by outcome.outcome
    )

    select
        raw_values.vocabulary,
        raw_values.raw::text as raw,
        raw_values.row_count,
        known.code as known_code,
        coalesce(known.code, pg_temp.original_code(raw_values.raw)) as code
    from raw_values
    left join lateral (
        select min(spelling.code) as code
        from original_spellings as spelling
        where
            spelling.vocabulary = raw_values.vocabulary
            and (
                spelling.spelling_key = pg_temp.original_key(raw_values.raw)
                or spelling.code = pg_temp.original_code(raw_values.raw)
            )
    ) as known on true
    where pg_temp.original_key(raw_values.raw) is not null;

    -- Unknown values join their vocabulary after the reviewed ones, flagged is_legacy.
    insert into hirewire.process_statuses
        (code, label, category, sort_order, is_terminal, is_legacy)
    select distinct on (code)
        code, initcap(left(btrim(raw), 1)) || substr(btrim(raw), 2), 'open',
        (select max(sort_order) from hirewire.process_statuses)
        + 10 * dense_rank() over (order by code),
        false, true
    from original_values
    where vocabulary = 'process_statuses' and known_code is null
    order by code, raw;
    insert into hirewire.application_sources
        (code, label, channel_category, sort_order, is_legacy)
    select distinct on (code)
        code, initcap(left(btrim(raw), 1)) || substr(btrim(raw), 2), 'other',
        (select max(sort_order) from hirewire.application_sources)
        + 10 * dense_rank() over (order by code),
        true
    from original_values
    where vocabulary = 'application_sources' and known_code is null
    order by code, raw;
    insert into hirewire.interview_types (code, label, category, sort_order, is_legacy)
    select distinct on (code)
        code, initcap(left(btrim(raw), 1)) || substr(btrim(raw), 2), 'other',
        (select max(sort_order) from hirewire.interview_types)
        + 10 * dense_rank() over (order by code),
        true
    from original_values
    where vocabulary = 'interview_types' and known_code is null
    order by code, raw;
    insert into hirewire.interview_statuses (code, label, category, sort_order, is_legacy)
    select distinct on (code)
        code, initcap(left(btrim(raw), 1)) || substr(btrim(raw), 2), 'planned',
        (select max(sort_order) from hirewire.interview_statuses)
        + 10 * dense_rank() over (order by code),
        true
    from original_values
    where vocabulary = 'interview_statuses' and known_code is null
    order by code, raw;
    insert into hirewire.outcome_types (code, label, category, sort_order, is_legacy)
    select distinct on (code)
        code, initcap(left(btrim(raw), 1)) || substr(btrim(raw), 2), 'neutral',
        (select max(sort_order) from hirewire.outcome_types)
        + 10 * dense_rank() over (order by code),
        true
    from original_values
    where vocabulary = 'outcome_types' and known_code is null
    order by code, raw;

    for item in
        select vocabulary, raw, code, known_code, row_count
        from original_values
        where known_code is null or raw is distinct from code
        order by vocabulary, raw
    loop
        if item.known_code is null then
            raise notice 'unknown value kept: % % -> legacy code % (% rows); review it in '
                'hirewire.% (is_legacy = true)',
                item.vocabulary, quote_literal(item.raw), quote_literal(item.code),
                item.row_count, item.vocabulary;
        else
            raise notice 'value mapped: % % -> % (% rows)',
                item.vocabulary, quote_literal(item.raw), quote_literal(item.code),
                item.row_count;
        end if;
    end loop;

    -- 3. Candidates: one per original user, with the user's id (user 1 is the default
    -- candidate 1). Name and e-mail only: the password hash stays in hirewire.users.
    has_users := to_regclass('hirewire.users') is not null and exists (
        select from information_schema.columns as col
        where
            col.table_schema = 'hirewire_original'
            and col.table_name = 'interview_processes'
            and col.column_name = 'user_id'
    );
    create temp table original_owners (process_id bigint primary key, candidate_id bigint)
    on commit drop;
    if has_users then
        create temp table original_candidates on commit drop as
        select
            original_user.id,
            coalesce(
                left(nullif(btrim(concat_ws(' ', btrim(original_user.first_name),
                    btrim(original_user.last_name))), ''), 200),
                'User #' || original_user.id
            ) as name,
            case
                when lower(btrim(original_user.email)) ~ '^[^@\s]+@[^@\s]+$'
                    and row_number() over (
                        partition by lower(btrim(original_user.email)) order by original_user.id
                    ) = 1
                    then lower(btrim(original_user.email))
            end as email,
            concat_ws(
                ' ',
                'Original HireWire user #' || original_user.id || ' (' || original_user.email
                || ').',
                case when not original_user.is_active then 'Inactive in the original.' end
            ) as notes,
            coalesce(pg_temp.original_at(original_user.created_at), now()) as created_at
        from hirewire.users as original_user;

        update hirewire.candidates as candidate
        set name = original.name, email = original.email, notes = original.notes
        from original_candidates as original
        where candidate.id = 1 and original.id = 1;
        insert into hirewire.candidates (id, name, email, notes, created_at)
        overriding system value
        select id, name, email, notes, created_at
        from original_candidates
        where id <> 1
        order by id;
        perform setval(pg_get_serial_sequence('hirewire.candidates', 'id'),
            (select max(id) from hirewire.candidates));
        execute 'insert into original_owners (process_id, candidate_id) '
            'select id, user_id from hirewire_original.interview_processes '
            'where user_id is not null';
        raise notice '% original users became candidates (user 1 is the default candidate); '
            'password hashes stay in hirewire.users only',
            (select count(*) from original_candidates);
    end if;

    -- 4. Companies. A blank name gets a placeholder; a name repeated with another case or
    -- spacing (unique in HireWire) gets its original id appended.
    insert into hirewire.companies (
        id, name, industry, company_size, location, website, notes, created_at
    )
    overriding system value
    select
        company.id,
        case
            when nullif(btrim(company.name), '') is null then 'Unnamed company #' || company.id
            when row_number() over (
                partition by lower(btrim(company.name)) order by company.id
            ) > 1 then left(btrim(company.name), 180) || ' (#' || company.id || ')'
            else left(btrim(company.name), 200)
        end,
        company.industry,
        company.size,
        company.location,
        company.website,
        case
            when length(btrim(company.name)) > 180 then 'Original name: ' || company.name
        end,
        coalesce(pg_temp.original_at(company.created_at), now())
    from hirewire_original.companies as company
    order by company.id;
    select count(*) into affected
    from hirewire.companies as company
    where company.name ~ ' \(#\d+\)$' or company.name ~ '^Unnamed company #';
    if affected > 0 then
        raise notice '% companies had a blank or repeated name: renamed with their original id '
            '(search hirewire.companies for "(#" and "Unnamed")', affected;
    end if;

    -- Placeholders for positions without a company and applications without a position.
    if exists (select from hirewire_original.job_positions where company_id is null)
        or exists (select from hirewire_original.interview_processes where job_position_id is null)
    then
        perform setval(pg_get_serial_sequence('hirewire.companies', 'id'),
            greatest((select max(id) from hirewire.companies), 1));
        insert into hirewire.companies (name, notes)
        values (
            'Unknown company (original HireWire)',
            'Placeholder for original rows that named no company.'
        )
        returning id into placeholder_company;
    end if;

    -- 5. Positions. Department, level and employment type have no place in HireWire: they stay
    -- in hirewire_original.job_positions.
    insert into hirewire.job_positions (
        id, company_id, title, remote_policy, salary_min, salary_max, currency, created_at
    )
    overriding system value
    select
        position.id,
        coalesce(position.company_id, placeholder_company),
        case
            when nullif(btrim(position.title), '') is null then 'Untitled position #' || position.id
            when row_number() over (
                partition by coalesce(position.company_id, placeholder_company),
                lower(btrim(position.title))
                order by position.id
            ) > 1 then left(btrim(position.title), 280) || ' (#' || position.id || ')'
            else btrim(position.title)
        end,
        case
            when pg_temp.original_key(position.remote_policy) in (
                'remote', 'full remote', 'fully remote', 'télétravail', 'teletravail'
            ) then 'remote'
            when pg_temp.original_key(position.remote_policy) in ('hybrid', 'hybride', 'flexible')
                then 'hybrid'
            when pg_temp.original_key(position.remote_policy) in (
                'onsite', 'on site', 'office', 'in office', 'sur site', 'présentiel'
            ) then 'onsite'
        end,
        case
            when position.salary_min > position.salary_max then position.salary_max
            when position.salary_min >= 0 then position.salary_min
        end,
        case
            when position.salary_min > position.salary_max then position.salary_min
            when position.salary_max >= 0 then position.salary_max
        end,
        pg_temp.original_currency(position.currency),
        coalesce(pg_temp.original_at(position.created_at), now())
    from hirewire_original.job_positions as position
    order by position.id;
    for item in
        select
            count(*) filter (where original.company_id is null) as without_company,
            count(*) filter (where upgraded.title ~ ' \(#\d+\)$') as repeated_titles,
            count(*) filter (
                where original.remote_policy is not null and upgraded.remote_policy is null
            ) as unknown_remote,
            count(*) filter (where original.salary_min > original.salary_max) as reversed,
            count(*) filter (
                where original.salary_min < 0 or original.salary_max < 0
            ) as negative_salaries
        from hirewire_original.job_positions as original
        inner join hirewire.job_positions as upgraded on original.id = upgraded.id
    loop
        if item.without_company > 0 then
            raise notice '% positions had no company: attached to "Unknown company (original '
                'HireWire)"', item.without_company;
        end if;
        if item.repeated_titles > 0 then
            raise notice '% positions repeated a title of their company: renamed with their '
                'original id', item.repeated_titles;
        end if;
        if item.unknown_remote > 0 then
            raise notice '% positions had a remote policy HireWire does not know: left empty '
                '(kept in hirewire_original.job_positions)', item.unknown_remote;
        end if;
        if item.reversed > 0 then
            raise notice '% positions had salary_min above salary_max: swapped', item.reversed;
        end if;
        if item.negative_salaries > 0 then
            raise notice '% positions had a negative salary: left empty (kept in '
                'hirewire_original.job_positions)', item.negative_salaries;
        end if;
    end loop;

    if exists (select from hirewire_original.interview_processes where job_position_id is null)
    then
        perform setval(pg_get_serial_sequence('hirewire.job_positions', 'id'),
            greatest((select max(id) from hirewire.job_positions), 1));
        insert into hirewire.job_positions (company_id, title)
        values (placeholder_company, 'Unknown position (original HireWire)')
        returning id into placeholder_position;
    end if;

    -- 6. Applications. The original allowed no application date; HireWire needs one: the day
    -- the row was created stands in. Two applications of one candidate to one position on one
    -- day break HireWire's natural key: the later one moves to a copy of the position.
    create temp table original_applications on commit drop as
    select
        process.id,
        coalesce(owner.candidate_id, 1) as candidate_id,
        coalesce(process.job_position_id, placeholder_position) as position_id,
        process.job_position_id as original_position_id,
        process.application_date,
        coalesce(
            pg_temp.original_on(process.application_date),
            (pg_temp.original_at(process.created_at) at time zone 'UTC')::date,
            (pg_temp.original_at(process.updated_at) at time zone 'UTC')::date,
            current_date
        ) as applied_on,
        coalesce(status_value.code, 'applied') as status_code,
        coalesce(source_value.code, 'other') as source_code,
        process.notes,
        coalesce(pg_temp.original_at(process.created_at), now()) as created_at,
        pg_temp.original_at(coalesce(process.updated_at, process.created_at)) as changed_at
    from hirewire_original.interview_processes as process
    left join original_owners as owner on process.id = owner.process_id
    left join original_values as status_value
        on status_value.vocabulary = 'process_statuses' and process.status = status_value.raw
    left join original_values as source_value
        on source_value.vocabulary = 'application_sources' and process.source = source_value.raw;

    with duplicated as (
        select
            application.id,
            application.position_id,
            row_number() over (
                partition by application.candidate_id, application.position_id,
                application.applied_on
                order by application.id
            ) as rank_in_day
        from original_applications as application
    ),

    copied as (
        insert into hirewire.job_positions (company_id, title, location, currency)
        select
            position.company_id,
            left(position.title, 260) || ' (application #' || duplicated.id || ')',
            position.location,
            position.currency
        from duplicated
        inner join hirewire.job_positions as position on duplicated.position_id = position.id
        where duplicated.rank_in_day > 1
        returning id, title
    )

    update original_applications as application
    set position_id = copied.id
    from copied
    where copied.title like '% (application #' || application.id || ')';
    get diagnostics affected = row_count;
    if affected > 0 then
        raise notice '% applications repeated another to the same position on the same day: '
            'each moved to a copy of the position named "(application #id)"', affected;
    end if;

    insert into hirewire.interview_processes (
        id, candidate_id, position_id, source_code, status_code, applied_on, notes, created_at
    )
    overriding system value
    select id, candidate_id, position_id, source_code, status_code, applied_on, notes, created_at
    from original_applications
    order by id;

    -- HireWire's trigger wrote each history: applied at the application date, then the current
    -- status at the upgrade's time. The best-known time of that change is an outcome's date
    -- for a decided application, else the original row's last update.
    update hirewire.process_status_history as history
    set
        effective_at = greatest(
            least(coalesce(decided.decided_at, application.changed_at, history.effective_at), now()),
            application.applied_on::timestamp at time zone 'UTC'
        ),
        note = case
            when decided.decided_at is not null
                then 'Upgraded from the original HireWire: dated by its outcome.'
            else 'Upgraded from the original HireWire: dated by its last original update.'
        end
    from original_applications as application
    inner join hirewire.process_statuses as status on application.status_code = status.code
    -- The outcome that says the current status (an offer for 'offer'), else the latest one.
    left join lateral (
        select pg_temp.original_on(outcome.outcome_date)::timestamp at time zone 'UTC'
            as decided_at
        from hirewire_original.interview_outcomes as outcome
        left join original_values as outcome_value
            on outcome_value.vocabulary = 'outcome_types' and outcome.outcome = outcome_value.raw
        where
            outcome.process_id = application.id
            and status.category <> 'open'
            and pg_temp.original_on(outcome.outcome_date) is not null
        order by
            outcome_value.code is not distinct from application.status_code desc,
            outcome.outcome_date desc, outcome.id desc
        limit 1
    ) as decided on true
    where history.process_id = application.id and history.from_status_code is not null;

    for item in
        select
            count(*) filter (where original_position_id is null) as without_position,
            count(*) filter (where pg_temp.original_on(application_date) is null)
                as without_date
        from original_applications
    loop
        if item.without_position > 0 then
            raise notice '% applications had no position: attached to "Unknown position '
                '(original HireWire)"', item.without_position;
        end if;
        if item.without_date > 0 then
            raise notice '% applications had no application date: dated by the day they were '
                'created', item.without_date;
        end if;
    end loop;

    -- 7. Interviews. Round, actual date, interviewer role and technical topics stay in
    -- hirewire_original.interviews. One without an application cannot exist in HireWire.
    insert into hirewire.interviews (
        id, process_id, interview_type_code, status_code, scheduled_at, duration_minutes,
        interviewer_name, feedback, rating, created_at
    )
    overriding system value
    select
        interview.id,
        interview.process_id,
        coalesce(type_value.code, 'other'),
        coalesce(
            status_value.code,
            case when interview.actual_date is not null then 'completed' else 'scheduled' end
        ),
        coalesce(
            pg_temp.original_at(interview.scheduled_date),
            pg_temp.original_at(interview.actual_date),
            application.applied_on::timestamp at time zone 'UTC'
        ),
        case when interview.duration_minutes between 1 and 1440 then interview.duration_minutes end,
        interview.interviewer_name,
        interview.feedback,
        case when interview.rating between 1 and 5 then interview.rating end,
        coalesce(pg_temp.original_at(interview.created_at), now())
    from hirewire_original.interviews as interview
    inner join original_applications as application on interview.process_id = application.id
    left join original_values as type_value
        on type_value.vocabulary = 'interview_types' and interview.interview_type = type_value.raw
    left join original_values as status_value
        on status_value.vocabulary = 'interview_statuses' and interview.status = status_value.raw
    order by interview.id;
    for item in
        select
            count(*) filter (where process_id is null) as without_application,
            count(*) filter (
                where process_id is not null
                and pg_temp.original_at(scheduled_date) is null
            ) as without_date
        from hirewire_original.interviews
    loop
        if item.without_application > 0 then
            raise notice '% interviews had no application: not upgraded, kept in '
                'hirewire_original.interviews', item.without_application;
        end if;
        if item.without_date > 0 then
            raise notice '% interviews had no scheduled date: dated by their actual date, else '
                'their application date', item.without_date;
        end if;
    end loop;

    -- 8. Outcomes: HireWire keeps one per application, the latest. Rejection reason, feedback
    -- received, would reapply and the experience rating stay in hirewire_original.
    insert into hirewire.interview_outcomes (
        id, process_id, outcome_code, decided_on, salary_offered, currency, notes, created_at
    )
    overriding system value
    select distinct on (outcome.process_id)
        outcome.id,
        outcome.process_id,
        outcome_value.code,
        coalesce(
            pg_temp.original_on(outcome.outcome_date),
            (pg_temp.original_at(outcome.created_at) at time zone 'UTC')::date,
            application.applied_on
        ),
        case when outcome.offer_salary >= 0 then outcome.offer_salary end,
        pg_temp.original_currency(outcome.offer_currency),
        outcome.notes,
        coalesce(pg_temp.original_at(outcome.created_at), now())
    from hirewire_original.interview_outcomes as outcome
    inner join original_applications as application on outcome.process_id = application.id
    inner join original_values as outcome_value
        on outcome_value.vocabulary = 'outcome_types' and outcome.outcome = outcome_value.raw
    order by outcome.process_id, outcome.outcome_date desc nulls last, outcome.id desc;
    get diagnostics affected = row_count;
    affected := (select count(*) from hirewire_original.interview_outcomes) - affected;
    if affected > 0 then
        raise notice '% outcomes were not upgraded (no application, or an older second outcome '
            'of one application): kept in hirewire_original.interview_outcomes', affected;
    end if;

    -- Identities continue after the copied ids.
    perform setval(pg_get_serial_sequence('hirewire.' || table_name, 'id'), max_id)
    from (
        values
        ('companies', (select max(id) from hirewire.companies)),
        ('job_positions', (select max(id) from hirewire.job_positions)),
        ('interview_processes', (select max(id) from hirewire.interview_processes)),
        ('interviews', (select max(id) from hirewire.interviews)),
        ('interview_outcomes', (select max(id) from hirewire.interview_outcomes))
    ) as maxima (table_name, max_id)
    where max_id is not null;

    -- 9. The original's other tables: HireWire does not use them. 005 granted its roles access
    -- to every table of schema hirewire; these go back to what they were.
    for item in
        select relation.oid::regclass::text as name
        from pg_class as relation
        inner join pg_namespace as namespace on relation.relnamespace = namespace.oid
        where
            namespace.nspname = 'hirewire'
            and relation.relkind = 'r'
            and relation.relname in (
                'users', 'exports', 'user_profiles', 'data_export_requests',
                'profile_audit_log', 'achievements', 'user_achievements', 'user_stats',
                'activity_log'
            )
        order by 1
    loop
        execute format('revoke all on %s from hirewire_app, hirewire_etl', item.name);
        execute format('select count(*) from %s', item.name) into affected;
        raise notice 'kept untouched, not used by HireWire: % (% rows)', item.name, affected;
    end loop;
    for item in
        select sequence.oid::regclass::text as name
        from pg_class as sequence
        inner join pg_depend as dependency
            on sequence.oid = dependency.objid and dependency.deptype = 'a'
        inner join pg_class as owner on dependency.refobjid = owner.oid
        inner join pg_namespace as namespace on owner.relnamespace = namespace.oid
        where
            sequence.relkind = 'S'
            and namespace.nspname = 'hirewire'
            and owner.relname in (
                'users', 'exports', 'user_profiles', 'data_export_requests',
                'profile_audit_log', 'achievements', 'user_achievements', 'user_stats',
                'activity_log'
            )
    loop
        execute format('revoke all on sequence %s from hirewire_app, hirewire_etl', item.name);
    end loop;

    for item in
        select
            (select count(*) from hirewire.candidates) as candidates,
            (select count(*) from hirewire.companies) as companies,
            (select count(*) from hirewire.job_positions) as positions,
            (select count(*) from hirewire.interview_processes) as applications,
            (select count(*) from hirewire.interviews) as interviews,
            (select count(*) from hirewire.interview_outcomes) as outcomes
    loop
        raise notice 'upgraded: % candidates, % companies, % positions, % applications, % '
            'interviews, % outcomes; the original tables are kept in schema hirewire_original',
            item.candidates, item.companies, item.positions, item.applications, item.interviews,
            item.outcomes;
    end loop;
end
$upgrade$;

drop function pg_temp.original_key(text);
drop function pg_temp.original_code(text);
drop function pg_temp.original_at(timestamp);
drop function pg_temp.original_on(date);
drop function pg_temp.original_currency(text);
