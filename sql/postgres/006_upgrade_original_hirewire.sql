-- Upgrade in place a database created by the original HireWire DDL: five tables in the public
-- schema (companies, job_positions, interview_processes, interviews, interview_outcomes) with
-- statuses, sources and types as free text in mixed spellings.
--
-- Every original row is copied into the hirewire schema with its id; identity sequences are
-- moved past the copied ids. Known spellings ('rejection', 'Offer', 'interview') map to the
-- vocabularies. A value outside them is kept: it becomes a vocabulary row flagged is_legacy
-- (code derived from the text, label = the text) and a NOTICE names it, so a DBA can review it
-- later. Rows the new constraints cannot hold as they are (no company, no position, no date,
-- impossible ratings or durations, duplicates) go to placeholders or get the nearest valid
-- value, and are reported the same way. The originals are then renamed public.original_<name>:
-- no row is ever lost, the raw data stays next to the upgraded one.
--
-- On a database without the original tables only the is_legacy columns are added.

alter table hirewire.process_statuses
add column is_legacy boolean not null default false;
alter table hirewire.application_sources
add column is_legacy boolean not null default false;
alter table hirewire.interview_types
add column is_legacy boolean not null default false;
alter table hirewire.interview_statuses
add column is_legacy boolean not null default false;
alter table hirewire.outcome_types
add column is_legacy boolean not null default false;

comment on column hirewire.process_statuses.is_legacy is
'Kept from the original HireWire data during the upgrade; review its label and category.';
comment on column hirewire.application_sources.is_legacy is
'Kept from the original HireWire data during the upgrade; review its label and category.';
comment on column hirewire.interview_types.is_legacy is
'Kept from the original HireWire data during the upgrade; review its label and category.';
comment on column hirewire.interview_statuses.is_legacy is
'Kept from the original HireWire data during the upgrade; review its label and category.';
comment on column hirewire.outcome_types.is_legacy is
'Kept from the original HireWire data during the upgrade; review its label and category.';

-- The spelling key: case, spaces, underscores and dashes do not matter.
create function pg_temp.legacy_key(raw text) returns text
language sql immutable as $$
    select nullif(lower(btrim(regexp_replace(raw, '[\s_-]+', ' ', 'g'))), '')
$$;

-- A vocabulary code made from free text: 'Waiting for feedback!' -> 'waiting_for_feedback'.
create function pg_temp.legacy_code(raw text) returns text
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

do $upgrade$
declare
    original_tables constant text[] := array[
        'companies', 'job_positions', 'interview_processes', 'interviews', 'interview_outcomes'
    ];
    table_name text;
    item record;
    placeholder_company bigint;
    placeholder_position bigint;
    affected bigint;
begin
    -- Only a database made by the original DDL: its interview_processes has application_date.
    if not exists (
        select from information_schema.columns as col
        where
            col.table_schema = 'public'
            and col.table_name = 'interview_processes'
            and col.column_name = 'application_date'
    ) then
        return;
    end if;
    foreach table_name in array original_tables loop
        if to_regclass(format('public.%I', table_name)) is null then
            raise exception 'public.% is missing: this looks like the original HireWire schema '
                'but not all five tables are there; restore it before upgrading', table_name;
        end if;
    end loop;
    if exists (select from hirewire.interview_processes) or exists (select from hirewire.companies)
    then
        raise exception 'both the original public tables and hirewire hold data; '
            'upgrade by hand or move one of them away';
    end if;
    raise notice 'original HireWire schema found in public: upgrading it in place';

    -- Known spellings of every vocabulary, beyond its codes and labels (matched anyway).
    create temp table upgrade_spellings on commit drop as
    select
        spelling.vocabulary,
        pg_temp.legacy_key(spelling.spelling) as spelling_key,
        spelling.code
    from (
        values
        ('process_statuses', 'application sent', 'applied'),
        ('process_statuses', 'sent', 'applied'),
        ('process_statuses', 'submitted', 'applied'),
        ('process_statuses', 'new', 'applied'),
        ('process_statuses', 'postulé', 'applied'),
        ('process_statuses', 'candidature envoyée', 'applied'),
        ('process_statuses', 'screen', 'screening'),
        ('process_statuses', 'phone screen', 'screening'),
        ('process_statuses', 'phone screening', 'screening'),
        ('process_statuses', 'hr screen', 'screening'),
        ('process_statuses', 'pre screening', 'screening'),
        ('process_statuses', 'interview', 'interviewing'),
        ('process_statuses', 'interviews', 'interviewing'),
        ('process_statuses', 'in interview', 'interviewing'),
        ('process_statuses', 'interview scheduled', 'interviewing'),
        ('process_statuses', 'in progress', 'interviewing'),
        ('process_statuses', 'entretien', 'interviewing'),
        ('process_statuses', 'tech test', 'technical_test'),
        ('process_statuses', 'test', 'technical_test'),
        ('process_statuses', 'coding test', 'technical_test'),
        ('process_statuses', 'take home', 'technical_test'),
        ('process_statuses', 'test technique', 'technical_test'),
        ('process_statuses', 'final', 'final_round'),
        ('process_statuses', 'final interview', 'final_round'),
        ('process_statuses', 'offer received', 'offer'),
        ('process_statuses', 'offre', 'offer'),
        ('process_statuses', 'hired', 'accepted'),
        ('process_statuses', 'offer accepted', 'accepted'),
        ('process_statuses', 'signed', 'accepted'),
        ('process_statuses', 'accepté', 'accepted'),
        ('process_statuses', 'rejection', 'rejected'),
        ('process_statuses', 'refused', 'rejected'),
        ('process_statuses', 'refusal', 'rejected'),
        ('process_statuses', 'not selected', 'rejected'),
        ('process_statuses', 'refus', 'rejected'),
        ('process_statuses', 'refusé', 'rejected'),
        ('process_statuses', 'withdrawn', 'withdrew'),
        ('process_statuses', 'withdraw', 'withdrew'),
        ('process_statuses', 'withdrawal', 'withdrew'),
        ('process_statuses', 'declined', 'withdrew'),
        ('process_statuses', 'abandoned', 'withdrew'),
        ('process_statuses', 'désisté', 'withdrew'),
        ('process_statuses', 'ghost', 'ghosted'),
        ('process_statuses', 'no answer', 'ghosted'),
        ('process_statuses', 'no response', 'ghosted'),
        ('process_statuses', 'no reply', 'ghosted'),
        ('process_statuses', 'sans réponse', 'ghosted'),
        ('process_statuses', 'hold', 'on_hold'),
        ('process_statuses', 'paused', 'on_hold'),
        ('process_statuses', 'en attente', 'on_hold'),
        ('application_sources', 'linked in', 'linkedin'),
        ('application_sources', 'linkedin easy apply', 'linkedin'),
        ('application_sources', 'wttj', 'welcome_to_the_jungle'),
        ('application_sources', 'welcometothejungle', 'welcome_to_the_jungle'),
        ('application_sources', 'website', 'company_website'),
        ('application_sources', 'company site', 'company_website'),
        ('application_sources', 'careers page', 'company_website'),
        ('application_sources', 'career page', 'company_website'),
        ('application_sources', 'site web', 'company_website'),
        ('application_sources', 'direct', 'company_website'),
        ('application_sources', 'referred', 'referral'),
        ('application_sources', 'cooptation', 'referral'),
        ('application_sources', 'recommendation', 'referral'),
        ('application_sources', 'headhunter', 'recruiter'),
        ('application_sources', 'agency', 'recruiter'),
        ('application_sources', 'recruitment agency', 'recruiter'),
        ('application_sources', 'chasseur de têtes', 'recruiter'),
        ('application_sources', 'pole emploi', 'france_travail'),
        ('application_sources', 'pôle emploi', 'france_travail'),
        ('application_sources', 'network', 'networking'),
        ('application_sources', 'meetup', 'networking'),
        ('application_sources', 'réseau', 'networking'),
        ('application_sources', 'career fair', 'job_fair'),
        ('application_sources', 'salon', 'job_fair'),
        ('application_sources', 'forum', 'job_fair'),
        ('application_sources', 'others', 'other'),
        ('application_sources', 'autre', 'other'),
        ('interview_types', 'phone', 'phone_screen'),
        ('interview_types', 'phone call', 'phone_screen'),
        ('interview_types', 'phone interview', 'phone_screen'),
        ('interview_types', 'call', 'phone_screen'),
        ('interview_types', 'screening', 'phone_screen'),
        ('interview_types', 'rh', 'hr'),
        ('interview_types', 'video call', 'video'),
        ('interview_types', 'visio', 'video'),
        ('interview_types', 'zoom', 'video'),
        ('interview_types', 'teams', 'video'),
        ('interview_types', 'tech', 'technical'),
        ('interview_types', 'technical interview', 'technical'),
        ('interview_types', 'coding', 'coding_challenge'),
        ('interview_types', 'coding test', 'coding_challenge'),
        ('interview_types', 'live coding', 'coding_challenge'),
        ('interview_types', 'architecture', 'system_design'),
        ('interview_types', 'home assignment', 'take_home'),
        ('interview_types', 'assignment', 'take_home'),
        ('interview_types', 'case study', 'take_home'),
        ('interview_types', 'behavioural', 'behavioral'),
        ('interview_types', 'culture fit', 'behavioral'),
        ('interview_types', 'fit', 'behavioral'),
        ('interview_types', 'on site', 'onsite'),
        ('interview_types', 'in person', 'onsite'),
        ('interview_types', 'final round', 'final'),
        ('interview_statuses', 'planned', 'scheduled'),
        ('interview_statuses', 'upcoming', 'scheduled'),
        ('interview_statuses', 'booked', 'scheduled'),
        ('interview_statuses', 'prévu', 'scheduled'),
        ('interview_statuses', 'postponed', 'rescheduled'),
        ('interview_statuses', 'done', 'completed'),
        ('interview_statuses', 'complete', 'completed'),
        ('interview_statuses', 'held', 'completed'),
        ('interview_statuses', 'finished', 'completed'),
        ('interview_statuses', 'canceled', 'cancelled'),
        ('interview_statuses', 'cancel', 'cancelled'),
        ('interview_statuses', 'annulé', 'cancelled'),
        ('interview_statuses', 'noshow', 'no_show'),
        ('interview_statuses', 'missed', 'no_show'),
        ('outcome_types', 'offer received', 'offer'),
        ('outcome_types', 'offre', 'offer'),
        ('outcome_types', 'hired', 'accepted'),
        ('outcome_types', 'offer accepted', 'accepted'),
        ('outcome_types', 'signed', 'accepted'),
        ('outcome_types', 'offer declined', 'declined'),
        ('outcome_types', 'rejection', 'rejected'),
        ('outcome_types', 'refused', 'rejected'),
        ('outcome_types', 'not selected', 'rejected'),
        ('outcome_types', 'refus', 'rejected'),
        ('outcome_types', 'no answer', 'ghosted'),
        ('outcome_types', 'no response', 'ghosted'),
        ('outcome_types', 'withdrawn', 'withdrew'),
        ('outcome_types', 'withdraw', 'withdrew'),
        ('outcome_types', 'abandoned', 'withdrew')
    ) as spelling (vocabulary, spelling, code);

    -- Every vocabulary's own codes and labels are spellings too.
    insert into upgrade_spellings (vocabulary, spelling_key, code)
    select 'process_statuses', pg_temp.legacy_key(spelling), code
    from hirewire.process_statuses
    cross join lateral (values (code), (label)) as known (spelling)
    union all
    select 'application_sources', pg_temp.legacy_key(spelling), code
    from hirewire.application_sources
    cross join lateral (values (code), (label)) as known (spelling)
    union all
    select 'interview_types', pg_temp.legacy_key(spelling), code
    from hirewire.interview_types
    cross join lateral (values (code), (label)) as known (spelling)
    union all
    select 'interview_statuses', pg_temp.legacy_key(spelling), code
    from hirewire.interview_statuses
    cross join lateral (values (code), (label)) as known (spelling)
    union all
    select 'outcome_types', pg_temp.legacy_key(spelling), code
    from hirewire.outcome_types
    cross join lateral (values (code), (label)) as known (spelling);

    -- Every distinct raw value found, with the code it maps to.
    create temp table upgrade_values on commit drop as
    with raw_values as (
        select 'process_statuses' as vocabulary, status as raw, count(*) as row_count
        from public.interview_processes group by status
        union all
        select 'application_sources', source, count(*)
        from public.interview_processes group by source
        union all
        select 'interview_types', interview_type, count(*)
        from public.interviews group by interview_type
        union all
        select 'interview_statuses', status, count(*)
        from public.interviews group by status
        union all
        select 'outcome_types', outcome, count(*)
        from public.interview_outcomes group by outcome
    )

    select
        raw_values.vocabulary,
        raw_values.raw,
        raw_values.row_count,
        known.code as known_code,
        coalesce(known.code, pg_temp.legacy_code(raw_values.raw)) as code
    from raw_values
    left join lateral (
        select min(spelling.code) as code
        from upgrade_spellings as spelling
        where
            spelling.vocabulary = raw_values.vocabulary
            and (
                spelling.spelling_key = pg_temp.legacy_key(raw_values.raw)
                -- 'Other!' is 'other' once made a code.
                or spelling.code = pg_temp.legacy_code(raw_values.raw)
            )
    ) as known on true
    where pg_temp.legacy_key(raw_values.raw) is not null;

    -- Unknown values join their vocabulary, flagged for review, after the reviewed ones.
    insert into hirewire.process_statuses
        (code, label, category, sort_order, is_terminal, is_legacy)
    select distinct on (code)
        code, btrim(raw), 'open',
        (select max(sort_order) from hirewire.process_statuses)
        + 10 * dense_rank() over (order by code),
        false, true
    from upgrade_values
    where vocabulary = 'process_statuses' and known_code is null
    order by code, raw;

    insert into hirewire.application_sources
        (code, label, channel_category, sort_order, is_legacy)
    select distinct on (code)
        code, btrim(raw), 'other',
        (select max(sort_order) from hirewire.application_sources)
        + 10 * dense_rank() over (order by code),
        true
    from upgrade_values
    where vocabulary = 'application_sources' and known_code is null
    order by code, raw;

    insert into hirewire.interview_types (code, label, category, sort_order, is_legacy)
    select distinct on (code)
        code, btrim(raw), 'other',
        (select max(sort_order) from hirewire.interview_types)
        + 10 * dense_rank() over (order by code),
        true
    from upgrade_values
    where vocabulary = 'interview_types' and known_code is null
    order by code, raw;

    insert into hirewire.interview_statuses (code, label, category, sort_order, is_legacy)
    select distinct on (code)
        code, btrim(raw), 'planned',
        (select max(sort_order) from hirewire.interview_statuses)
        + 10 * dense_rank() over (order by code),
        true
    from upgrade_values
    where vocabulary = 'interview_statuses' and known_code is null
    order by code, raw;

    insert into hirewire.outcome_types (code, label, category, sort_order, is_legacy)
    select distinct on (code)
        code, btrim(raw), 'neutral',
        (select max(sort_order) from hirewire.outcome_types)
        + 10 * dense_rank() over (order by code),
        true
    from upgrade_values
    where vocabulary = 'outcome_types' and known_code is null
    order by code, raw;

    for item in
        select vocabulary, raw, code, row_count
        from upgrade_values
        where known_code is null
        order by vocabulary, raw
    loop
        raise notice 'unknown value kept: % % -> legacy code % (% rows); review it in hirewire.% '
            '(is_legacy = true)',
            item.vocabulary, quote_literal(item.raw), quote_literal(item.code), item.row_count,
            item.vocabulary;
    end loop;

    -- Companies. Names were free text: a blank one gets a placeholder, and a name repeated with
    -- another case (unique now) gets its original id appended.
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
        'Upgraded from the original HireWire schema.',
        coalesce(company.created_at at time zone 'UTC', now())
    from public.companies as company
    order by company.id;
    select count(*) into affected
    from hirewire.companies as company
    where company.name ~ ' \(#\d+\)$' or company.name ~ '^Unnamed company #';
    if affected > 0 then
        raise notice '% companies had a blank or repeated name: renamed with their original id '
            '(search hirewire.companies for "(#" and "Unnamed")', affected;
    end if;

    -- Placeholders for positions without a company and applications without a position.
    if exists (select from public.job_positions where company_id is null)
        or exists (select from public.interview_processes where position_id is null)
    then
        perform setval(pg_get_serial_sequence('hirewire.companies', 'id'),
            (select max(id) from hirewire.companies));
        insert into hirewire.companies (name, notes)
        values (
            'Unknown company (original HireWire)',
            'Placeholder for original rows that named no company.'
        )
        returning id into placeholder_company;
    end if;

    insert into hirewire.job_positions (
        id, company_id, title, description, location, remote_policy, salary_min, salary_max,
        created_at
    )
    overriding system value
    select
        position.id,
        coalesce(position.company_id, placeholder_company),
        case
            when nullif(btrim(position.title), '') is null then 'Untitled position #' || position.id
            when row_number() over (
                partition by position.company_id, lower(btrim(position.title))
                order by position.id
            ) > 1 then left(btrim(position.title), 280) || ' (#' || position.id || ')'
            else left(btrim(position.title), 300)
        end,
        concat_ws(
            e'\n',
            position.description,
            case
                when position.remote_type is not null and remote.policy is null
                    then 'Original remote type: ' || position.remote_type
            end,
            case
                when position.salary_min > position.salary_max
                    then 'Original salary range was reversed.'
            end,
            case
                when position.salary_min < 0 or position.salary_max < 0
                    then 'Original salary range: ' || concat_ws(' - ', position.salary_min,
                        position.salary_max)
            end
        ),
        position.location,
        remote.policy,
        case
            when position.salary_min > position.salary_max then position.salary_max
            when position.salary_min >= 0 then position.salary_min
        end,
        case
            when position.salary_min > position.salary_max then position.salary_min
            when position.salary_max >= 0 then position.salary_max
        end,
        coalesce(position.created_at at time zone 'UTC', now())
    from public.job_positions as position
    left join lateral (
        select case
            when pg_temp.legacy_key(position.remote_type) in (
                'remote', 'full remote', 'fully remote', 'remote first', 'télétravail',
                'teletravail'
            ) then 'remote'
            when pg_temp.legacy_key(position.remote_type) in (
                'hybrid', 'hybride', 'partial remote', 'flexible'
            ) then 'hybrid'
            when pg_temp.legacy_key(position.remote_type) in (
                'onsite', 'on site', 'office', 'in office', 'sur site', 'présentiel',
                'presentiel'
            ) then 'onsite'
        end as policy
    ) as remote on true
    order by position.id;
    for item in
        select
            count(*) filter (where company_id is null) as without_company,
            count(*) filter (
                where exists (
                    select from public.job_positions as same
                    where
                        same.company_id = original.company_id
                        and lower(btrim(same.title)) = lower(btrim(original.title))
                        and same.id < original.id
                )
            ) as repeated_titles,
            count(*) filter (where salary_min > salary_max) as reversed_salaries,
            count(*) filter (where salary_min < 0 or salary_max < 0) as negative_salaries,
            count(*) filter (
                where remote_type is not null
                and not exists (
                    select from hirewire.job_positions as upgraded
                    where upgraded.id = original.id and upgraded.remote_policy is not null
                )
            ) as unknown_remote
        from public.job_positions as original
    loop
        if item.without_company > 0 then
            raise notice '% positions had no company: attached to "Unknown company (original '
                'HireWire)"', item.without_company;
        end if;
        if item.repeated_titles > 0 then
            raise notice '% positions repeated a title of their company: renamed with their '
                'original id', item.repeated_titles;
        end if;
        if item.reversed_salaries > 0 then
            raise notice '% positions had salary_min above salary_max: swapped (noted in their '
                'description)', item.reversed_salaries;
        end if;
        if item.negative_salaries > 0 then
            raise notice '% positions had a negative salary: left empty (original noted in '
                'their description)', item.negative_salaries;
        end if;
        if item.unknown_remote > 0 then
            raise notice '% positions had an unknown remote type: kept in their description',
                item.unknown_remote;
        end if;
    end loop;

    if placeholder_company is not null
        and exists (select from public.interview_processes where position_id is null)
    then
        perform setval(pg_get_serial_sequence('hirewire.job_positions', 'id'),
            (select max(id) from hirewire.job_positions));
        insert into hirewire.job_positions (company_id, title, description)
        values (
            placeholder_company,
            'Unknown position (original HireWire)',
            'Placeholder for original applications that named no position.'
        )
        returning id into placeholder_position;
    end if;

    -- Applications. Two applications to one position on one day are one too many for the new
    -- natural key: the later one moves to a copy of the position named after it.
    create temp table upgrade_applications on commit drop as
    select
        process.id,
        coalesce(process.position_id, placeholder_position) as position_id,
        process.position_id as original_position_id,
        case
            when process.application_date between date '1990-01-01' and date '2100-12-31'
                then process.application_date
            else coalesce(
                (process.created_at at time zone 'UTC')::date,
                (process.updated_at at time zone 'UTC')::date,
                current_date
            )
        end as applied_on,
        process.application_date,
        coalesce(
            (
                select value.code from upgrade_values as value
                where value.vocabulary = 'process_statuses' and value.raw = process.status
            ),
            'applied'
        ) as status_code,
        coalesce(
            (
                select value.code from upgrade_values as value
                where value.vocabulary = 'application_sources' and value.raw = process.source
            ),
            'other'
        ) as source_code,
        process.status,
        process.notes,
        coalesce(process.created_at at time zone 'UTC', now()) as created_at,
        coalesce(process.updated_at, process.created_at) at time zone 'UTC' as changed_at
    from public.interview_processes as process;

    with duplicated as (
        select
            application.id,
            application.position_id,
            row_number() over (
                partition by application.position_id, application.applied_on
                order by application.id
            ) as rank_in_day
        from upgrade_applications as application
    ),

    copied as (
        insert into hirewire.job_positions (company_id, title, description, location)
        select
            position.company_id,
            left(position.title, 260) || ' (application #' || duplicated.id || ')',
            'Copy of position #' || position.id || ' for a second application the same day.',
            position.location
        from duplicated
        inner join hirewire.job_positions as position on duplicated.position_id = position.id
        where duplicated.rank_in_day > 1
        returning id, title
    )

    update upgrade_applications as application
    set position_id = copied.id
    from copied
    where copied.title like '% (application #' || application.id || ')';
    get diagnostics affected = row_count;
    if affected > 0 then
        raise notice '% applications repeated another to the same position on the same day: '
            'each moved to a copy of the position named "(application #id)"', affected;
    end if;

    insert into hirewire.interview_processes (
        id, position_id, source_code, status_code, applied_on, notes, created_at
    )
    overriding system value
    select id, position_id, source_code, status_code, applied_on, notes, created_at
    from upgrade_applications
    order by id;

    -- The trigger dated each application's current status at the upgrade; the original row's
    -- last update is the best-known time of that change.
    update hirewire.process_status_history as history
    set
        effective_at = greatest(
            least(coalesce(application.changed_at, history.effective_at), now()),
            application.applied_on::timestamp at time zone 'UTC'
        ),
        note = 'Upgraded from the original HireWire: time of the last original update.'
    from upgrade_applications as application
    where history.process_id = application.id and history.from_status_code is not null;

    for item in
        select
            count(*) filter (where original_position_id is null) as without_position,
            count(*) filter (
                where application_date is null
                or application_date not between date '1990-01-01' and date '2100-12-31'
            ) as without_date,
            count(*) filter (where pg_temp.legacy_key(status) is null) as without_status
        from upgrade_applications
    loop
        if item.without_position > 0 then
            raise notice '% applications had no position: attached to "Unknown position '
                '(original HireWire)"', item.without_position;
        end if;
        if item.without_date > 0 then
            raise notice '% applications had no or an impossible application date: dated by '
                'their creation (original date kept in public.original_interview_processes)',
                item.without_date;
        end if;
        if item.without_status > 0 then
            raise notice '% applications had no status: upgraded as applied',
                item.without_status;
        end if;
    end loop;

    -- Interviews. One without an application cannot exist any more: it stays in the original
    -- table only, and is reported.
    insert into hirewire.interviews (
        id, process_id, interview_type_code, status_code, scheduled_at, duration_minutes,
        interviewer_name, feedback, rating, created_at
    )
    overriding system value
    select
        interview.id,
        interview.process_id,
        coalesce(type_value.code, 'other'),
        coalesce(status_value.code, 'scheduled'),
        case
            when interview.scheduled_date between timestamp '1990-01-01' and timestamp '2100-12-31'
                then interview.scheduled_date at time zone 'UTC'
            else application.applied_on::timestamp at time zone 'UTC'
        end,
        case when interview.duration_minutes between 1 and 1440 then interview.duration_minutes end,
        interview.interviewer_name,
        concat_ws(
            e'\n',
            interview.feedback,
            case
                when interview.rating not between 1 and 5
                    then 'Original rating: ' || interview.rating
            end,
            case
                when interview.scheduled_date is null then 'Original date: none.'
                when interview.scheduled_date
                    not between timestamp '1990-01-01' and timestamp '2100-12-31'
                    then 'Original date: ' || interview.scheduled_date
            end
        ),
        case when interview.rating between 1 and 5 then interview.rating end,
        coalesce(interview.created_at at time zone 'UTC', now())
    from public.interviews as interview
    inner join upgrade_applications as application on interview.process_id = application.id
    left join upgrade_values as type_value
        on type_value.vocabulary = 'interview_types' and interview.interview_type = type_value.raw
    left join upgrade_values as status_value
        on status_value.vocabulary = 'interview_statuses' and interview.status = status_value.raw
    order by interview.id;

    for item in
        select
            count(*) filter (where process_id is null) as without_application,
            count(*) filter (
                where process_id is not null and (
                    scheduled_date is null
                    or scheduled_date not between timestamp '1990-01-01' and timestamp '2100-12-31'
                )
            ) as without_date,
            count(*) filter (where rating not between 1 and 5) as bad_rating,
            count(*) filter (where duration_minutes not between 1 and 1440) as bad_duration
        from public.interviews
    loop
        if item.without_application > 0 then
            raise notice '% interviews had no application: not upgraded, kept in '
                'public.original_interviews', item.without_application;
        end if;
        if item.without_date > 0 then
            raise notice '% interviews had no or an impossible date: dated at their '
                'application date (original noted in feedback)', item.without_date;
        end if;
        if item.bad_rating > 0 then
            raise notice '% interviews had a rating outside 1-5: rating left empty, original '
                'noted in feedback', item.bad_rating;
        end if;
        if item.bad_duration > 0 then
            raise notice '% interviews had a duration outside 1-1440 minutes: left empty',
                item.bad_duration;
        end if;
    end loop;

    -- Outcomes: at most one per application now; the latest one wins, the others stay in the
    -- original table. An outcome with no value or no application cannot be upgraded.
    insert into hirewire.interview_outcomes (
        id, process_id, outcome_code, decided_on, salary_offered, notes, created_at
    )
    overriding system value
    select distinct on (outcome.process_id)
        outcome.id,
        outcome.process_id,
        outcome_value.code,
        case
            when outcome.outcome_date between date '1990-01-01' and date '2100-12-31'
                then outcome.outcome_date
            else coalesce((outcome.created_at at time zone 'UTC')::date, application.applied_on)
        end,
        case when outcome.salary_offered >= 0 then outcome.salary_offered end,
        outcome.notes,
        coalesce(outcome.created_at at time zone 'UTC', now())
    from public.interview_outcomes as outcome
    inner join upgrade_applications as application on outcome.process_id = application.id
    inner join upgrade_values as outcome_value
        on outcome_value.vocabulary = 'outcome_types' and outcome.outcome = outcome_value.raw
    order by
        outcome.process_id, outcome.outcome_date desc nulls last, outcome.id desc;
    get diagnostics affected = row_count;
    affected := (select count(*) from public.interview_outcomes) - affected;
    if affected > 0 then
        raise notice '% outcomes were not upgraded (no application, no outcome value, or an '
            'older second outcome of one application): kept in public.original_interview_outcomes',
            affected;
    end if;

    -- Identities continue after the copied ids.
    foreach table_name in array original_tables loop
        execute format(
            'select setval(pg_get_serial_sequence(%L, ''id''), max(id)) from hirewire.%I '
            'having max(id) is not null',
            'hirewire.' || table_name, table_name
        );
    end loop;

    -- The originals stay, renamed, so every raw row remains next to its upgrade.
    foreach table_name in array original_tables loop
        execute format('alter table public.%I rename to %I', table_name, 'original_' || table_name);
    end loop;

    for item in
        select
            (select count(*) from hirewire.companies) as companies,
            (select count(*) from hirewire.job_positions) as positions,
            (select count(*) from hirewire.interview_processes) as applications,
            (select count(*) from hirewire.interviews) as interviews,
            (select count(*) from hirewire.interview_outcomes) as outcomes
    loop
        raise notice 'upgraded: % companies, % positions, % applications, % interviews, % '
            'outcomes; originals kept as public.original_*',
            item.companies, item.positions, item.applications, item.interviews, item.outcomes;
    end loop;
end
$upgrade$;

drop function pg_temp.legacy_key(text);
drop function pg_temp.legacy_code(text);
