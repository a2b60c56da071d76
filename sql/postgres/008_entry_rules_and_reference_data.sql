-- Data-entry rules for plain SQL too, and reference data that lived in Python.
--
-- 1. Reference data in the lookup tables a DBA edits: the status each outcome puts its
--    application in (outcome_types.status_code) and the French label of every code
--    (label_fr, read by the work-search export; null falls back to the English label).
-- 2. The data-entry rules that can live in the database (docs/data-entry.md lists them all):
--    no application dated in the future, no interview, status change or outcome before its
--    application, no outcome in the future. They are triggers that check new writes only: rows
--    already in a database (an upgraded original HireWire, rows a DBA wrote) stay as they are
--    and still load, and the ETL counts them as special members. The Python rules compare
--    calendar days in the user's time zone; the triggers allow one day either way for time
--    zones. Each refusal names a constraint, so the entry commands say it in one sentence.
-- 3. Undo: the status-history trigger leaves the history alone when the writer sets
--    hirewire.history_written (undo-status deletes the last step and restores the status).

-- noqa: disable=LT02
alter table hirewire.outcome_types
add column status_code text
references hirewire.process_statuses (code) on update cascade on delete restrict;

update hirewire.outcome_types as outcome_types
set status_code = outcome_statuses.status_code
from (
    values
        ('offer', 'offer'),
        ('accepted', 'accepted'),
        ('declined', 'withdrew'),
        ('rejected', 'rejected'),
        ('ghosted', 'ghosted'),
        ('withdrew', 'withdrew')
) as outcome_statuses (outcome_code, status_code)
where outcome_types.code = outcome_statuses.outcome_code;

alter table hirewire.process_statuses add column label_fr text;
alter table hirewire.application_sources add column label_fr text;
alter table hirewire.interview_types add column label_fr text;
alter table hirewire.interview_statuses add column label_fr text;
alter table hirewire.outcome_types add column label_fr text;

update hirewire.application_sources as sources
set label_fr = labels.label_fr
from (
    values
        ('linkedin', 'LinkedIn'),
        ('indeed', 'Indeed'),
        ('welcome_to_the_jungle', 'Welcome to the Jungle'),
        ('company_website', 'Site de l''entreprise'),
        ('referral', 'Cooptation'),
        ('recruiter', 'Cabinet de recrutement'),
        ('france_travail', 'France Travail'),
        ('networking', 'Réseau'),
        ('job_fair', 'Salon de l''emploi'),
        ('apec', 'APEC'),
        ('other', 'Autre')
) as labels (code, label_fr)
where sources.code = labels.code;

update hirewire.process_statuses as statuses
set label_fr = labels.label_fr
from (
    values
        ('applied', 'En attente de réponse'),
        ('screening', 'Présélection'),
        ('interviewing', 'Entretiens en cours'),
        ('technical_test', 'Test technique'),
        ('final_round', 'Dernier entretien'),
        ('offer', 'Offre reçue'),
        ('accepted', 'Offre acceptée'),
        ('rejected', 'Refus'),
        ('withdrew', 'Candidature retirée'),
        ('ghosted', 'Sans réponse'),
        ('on_hold', 'En suspens')
) as labels (code, label_fr)
where statuses.code = labels.code;

update hirewire.interview_types as interview_types
set label_fr = labels.label_fr
from (
    values
        ('phone_screen', 'Entretien téléphonique'),
        ('hr', 'Entretien RH'),
        ('video', 'Visioconférence'),
        ('technical', 'Entretien technique'),
        ('coding_challenge', 'Exercice de code'),
        ('system_design', 'Conception de système'),
        ('take_home', 'Exercice à la maison'),
        ('behavioral', 'Entretien comportemental'),
        ('onsite', 'Entretien sur site'),
        ('final', 'Entretien final'),
        ('other', 'Autre')
) as labels (code, label_fr)
where interview_types.code = labels.code;

update hirewire.interview_statuses as interview_statuses
set label_fr = labels.label_fr
from (
    values
        ('scheduled', 'Prévu'),
        ('rescheduled', 'Reporté'),
        ('completed', 'Réalisé'),
        ('cancelled', 'Annulé'),
        ('no_show', 'Absence')
) as labels (code, label_fr)
where interview_statuses.code = labels.code;

update hirewire.outcome_types as outcome_types
set label_fr = labels.label_fr
from (
    values
        ('offer', 'Offre reçue'),
        ('accepted', 'Offre acceptée'),
        ('declined', 'Offre déclinée'),
        ('rejected', 'Refus'),
        ('ghosted', 'Sans réponse'),
        ('withdrew', 'Candidature retirée')
) as labels (code, label_fr)
where outcome_types.code = labels.code;
-- noqa: enable=LT02

-- An application is never dated in the future, and moving its date later never puts it after
-- what followed it.
create function hirewire.check_application_dates() returns trigger
language plpgsql as $$
begin
    if new.applied_on > current_date + 1 then
        raise exception 'the application date % is in the future', new.applied_on
        using errcode = 'check_violation', schema = 'hirewire',
        table = 'interview_processes', constraint = 'interview_processes_applied_on_not_future';
    end if;
    if tg_op = 'UPDATE' and new.applied_on > old.applied_on and (
        exists (
            select from hirewire.interviews
            where process_id = new.id and scheduled_at < (new.applied_on - 1)::timestamptz
        )
        or exists (
            select from hirewire.interview_outcomes
            where process_id = new.id and decided_on < new.applied_on
        )
        or exists (
            select from hirewire.process_status_history
            where
                process_id = new.id and from_status_code is not null
                and effective_at < (new.applied_on - 1)::timestamptz
        )
    ) then
        raise exception 'the application date % is after something that followed it',
            new.applied_on
        using errcode = 'check_violation', schema = 'hirewire',
        table = 'interview_processes',
        constraint = 'interview_processes_applied_on_before_events';
    end if;
    return new;
end
$$;

create trigger interview_processes_check_dates
before insert or update of applied_on on hirewire.interview_processes
for each row execute function hirewire.check_application_dates();

create function hirewire.check_interview_dates() returns trigger
language plpgsql as $$
begin
    if exists (
        select from hirewire.interview_processes
        where id = new.process_id and new.scheduled_at < (applied_on - 1)::timestamptz
    ) then
        raise exception 'the interview time % is before the application date', new.scheduled_at
        using errcode = 'check_violation', schema = 'hirewire', table = 'interviews',
        constraint = 'interviews_not_before_application';
    end if;
    return new;
end
$$;

create trigger interviews_check_dates
before insert or update of scheduled_at, process_id on hirewire.interviews
for each row execute function hirewire.check_interview_dates();

create function hirewire.check_outcome_dates() returns trigger
language plpgsql as $$
begin
    if new.decided_on > current_date + 1 then
        raise exception 'the decision date % is in the future', new.decided_on
        using errcode = 'check_violation', schema = 'hirewire', table = 'interview_outcomes',
        constraint = 'interview_outcomes_decided_on_not_future';
    end if;
    if exists (
        select from hirewire.interview_processes
        where id = new.process_id and new.decided_on < applied_on
    ) then
        raise exception 'the decision date % is before the application date', new.decided_on
        using errcode = 'check_violation', schema = 'hirewire', table = 'interview_outcomes',
        constraint = 'interview_outcomes_not_before_application';
    end if;
    return new;
end
$$;

create trigger interview_outcomes_check_dates
before insert or update of decided_on, process_id on hirewire.interview_outcomes
for each row execute function hirewire.check_outcome_dates();

create function hirewire.check_status_change_dates() returns trigger
language plpgsql as $$
begin
    if new.effective_at > now() + interval '1 day' then
        raise exception 'the status change date % is in the future', new.effective_at
        using errcode = 'check_violation', schema = 'hirewire',
        table = 'process_status_history',
        constraint = 'process_status_history_effective_at_not_future';
    end if;
    if exists (
        select from hirewire.interview_processes
        where id = new.process_id and new.effective_at < (applied_on - 1)::timestamptz
    ) then
        raise exception 'the status change date % is before the application date',
            new.effective_at
        using errcode = 'check_violation', schema = 'hirewire',
        table = 'process_status_history',
        constraint = 'process_status_history_not_before_application';
    end if;
    return new;
end
$$;

create trigger process_status_history_check_dates
before insert or update of effective_at, process_id on hirewire.process_status_history
for each row execute function hirewire.check_status_change_dates();

-- The status-history trigger of 004, taught to step aside when the writer keeps the history
-- itself (undo-status).
create or replace function hirewire.record_status_change() returns trigger
language plpgsql as $$
declare
    applied_at timestamptz := new.applied_on::timestamp at time zone 'UTC';
begin
    if coalesce(current_setting('hirewire.history_written', true), '') = 'on' then
        return null;
    end if;
    if tg_op = 'INSERT' then
        insert into hirewire.process_status_history
            (process_id, from_status_code, to_status_code, effective_at)
        values (new.id, null, 'applied', applied_at);
        if new.status_code <> 'applied' then
            insert into hirewire.process_status_history
                (process_id, from_status_code, to_status_code, effective_at)
            values (
                new.id, 'applied', new.status_code,
                greatest(coalesce(hirewire.effective_at_setting(), now()), applied_at)
            );
        end if;
    elsif new.status_code is distinct from old.status_code then
        insert into hirewire.process_status_history
            (process_id, from_status_code, to_status_code, effective_at)
        values (
            new.id, old.status_code, new.status_code,
            coalesce(hirewire.effective_at_setting(), now())
        );
    end if;
    if tg_op = 'UPDATE' and new.applied_on is distinct from old.applied_on then
        update hirewire.process_status_history
        set effective_at = applied_at
        where process_id = new.id and from_status_code is null;
    end if;
    return null;
end
$$;
