"""The sample job search: deterministic for a seed, valid, and plausible."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql

from hirewire import migrate, sample

END_ON = dt.date(2026, 11, 20)
AS_OF = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)

# Every column a user or the ETL sees, except load-time stamps (created_at, updated_at).
SNAPSHOT_QUERIES = {
    "candidates": "select id, name, email, is_default from hirewire.candidates",
    "companies": "select id, name, industry, company_size, location, website"
    " from hirewire.companies",
    "job_positions": "select id, company_id, title, location, remote_policy, salary_min,"
    " salary_max, url from hirewire.job_positions",
    "interview_processes": "select id, candidate_id, position_id, source_code, status_code,"
    " applied_on, contact_name, notes from hirewire.interview_processes",
    "process_status_history": "select id, process_id, from_status_code, to_status_code,"
    " effective_at from hirewire.process_status_history",
    "interviews": "select id, process_id, interview_type_code, status_code, scheduled_at,"
    " duration_minutes, interviewer_name, feedback, rating from hirewire.interviews",
    "interview_outcomes": "select id, process_id, outcome_code, decided_on, salary_offered"
    " from hirewire.interview_outcomes",
}


@pytest.fixture
def new_database(source_db: psycopg.Connection) -> Iterator:
    """A factory of extra migrated databases on the test server, dropped afterwards."""
    info = source_db.info
    params = {"host": info.host, "port": info.port, "user": info.user}
    created: list[str] = []

    def make() -> psycopg.Connection:
        dbname = f"hirewire_sample_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(sql.SQL("create database {}").format(sql.Identifier(dbname)))
        created.append(dbname)
        conn = psycopg.connect(dbname=dbname, autocommit=True, **params)
        migrate.apply_pending(conn, echo=lambda _line: None)
        return conn

    yield make
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        for dbname in created:
            admin.execute(
                sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(dbname))
            )


def _quiet(*_args, **_kwargs) -> None:
    return None


def _snapshot(conn: psycopg.Connection) -> dict[str, list[tuple]]:
    return {
        table: conn.execute(query + " order by id").fetchall()
        for table, query in SNAPSHOT_QUERIES.items()
    }


def test_same_seed_gives_identical_rows_and_another_seed_does_not(source_db, new_database):
    """Two loads with one seed give the same rows, ids included; another seed differs."""
    sample.load(source_db, 42, 150, 1, END_ON, echo=_quiet)
    other = new_database()
    sample.load(other, 42, 150, 1, END_ON, echo=_quiet)
    first = _snapshot(source_db)
    assert first == _snapshot(other)
    # Another seed, loaded next to the first (then rolled back): different applications.
    query = (
        "select source_code, status_code, applied_on from hirewire.interview_processes"
        " where id > 150 order by id"
    )
    with other.transaction(force_rollback=True):
        sample.load(other, 43, 150, 1, END_ON, echo=_quiet)
        third = other.execute(query).fetchall()
    assert len(third) == 150
    assert third != [row[3:6] for row in first["interview_processes"]]


def _scalar(conn: psycopg.Connection, query: str, params: tuple = ()) -> object:
    return conn.execute(query, params).fetchone()[0]


def test_default_sample_is_a_plausible_job_search(source_db):
    """The default sample spans months, many sources, every outcome, with sensible timings."""
    counts = sample.load(source_db, 42, 150, 1, END_ON, echo=_quiet)
    assert counts["interview_processes"] == 150
    assert 1.2 <= counts["interviews"] / 150 <= 1.9
    assert 2.5 <= counts["process_status_history"] / 150 <= 3.6
    first, last = source_db.execute(
        "select min(applied_on), max(applied_on) from hirewire.interview_processes"
    ).fetchone()
    assert (last - first).days >= 150 and last < END_ON and (END_ON - last).days <= 7
    assert (
        _scalar(source_db, "select count(distinct source_code) from hirewire.interview_processes")
        >= 7
    )
    statuses = {
        row[0]
        for row in source_db.execute(
            "select distinct status_code from hirewire.interview_processes"
        )
    }
    # Silent, rejected, ghosted, withdrawn, offers and applications still in progress.
    assert {"applied", "rejected", "ghosted", "withdrew", "accepted"} <= statuses
    assert statuses & {"screening", "interviewing", "technical_test", "final_round", "offer"}
    assert _scalar(source_db, "select count(*) from hirewire.companies") >= 50
    assert _scalar(source_db, "select count(distinct title) from hirewire.job_positions") >= 10

    # History: a chain per application, from applied to its current status, in time order,
    # never before the application date nor after the sample's "now".
    broken = _scalar(
        source_db,
        """
        with ordered as (
            select
                history.process_id,
                history.from_status_code,
                history.to_status_code,
                history.effective_at,
                lag(history.to_status_code) over process_order as previous_status,
                lag(history.effective_at) over process_order as previous_at,
                row_number() over (partition by history.process_id
                    order by history.effective_at desc) as from_last
            from hirewire.process_status_history as history
            window process_order as (partition by history.process_id order by history.effective_at)
        )
        select count(*)
        from ordered
        inner join hirewire.interview_processes as process on process.id = ordered.process_id
        where
            ordered.from_status_code is distinct from ordered.previous_status
            or ordered.effective_at < process.applied_on
            or ordered.effective_at >= %s
            or ordered.effective_at <= ordered.previous_at
            or (ordered.from_last = 1 and ordered.to_status_code <> process.status_code)
        """,
        (AS_OF,),
    )
    assert broken == 0
    screening_delay = _scalar(
        source_db,
        "select avg(history.effective_at::date - process.applied_on)"
        " from hirewire.process_status_history as history"
        " join hirewire.interview_processes as process on process.id = history.process_id"
        " where history.to_status_code = 'screening'",
    )
    assert 2 <= screening_delay <= 10

    # Interviews: several types, after applying; past ones mostly completed and rated,
    # some still scheduled in the future.
    assert (
        _scalar(source_db, "select count(distinct interview_type_code) from hirewire.interviews")
        >= 6
    )
    assert (
        _scalar(
            source_db,
            "select count(*) from hirewire.interviews as interview"
            " join hirewire.interview_processes as process on process.id = interview.process_id"
            " where interview.scheduled_at < process.applied_on",
        )
        == 0
    )
    rated = _scalar(
        source_db,
        "select count(*) from hirewire.interviews where status_code = 'completed'"
        " and rating is not null and scheduled_at < %s",
        (AS_OF,),
    )
    assert rated >= 100
    assert (
        _scalar(
            source_db,
            "select count(*) from hirewire.interviews where scheduled_at >= %s"
            " and status_code in ('scheduled', 'rescheduled')",
            (AS_OF,),
        )
        >= 1
    )
    assert (
        _scalar(
            source_db,
            "select count(*) from hirewire.interviews where scheduled_at >= %s"
            " and status_code not in ('scheduled', 'rescheduled')",
            (AS_OF,),
        )
        == 0
    )

    # Outcomes: closed applications have one, open ones none; offers carry salaries, some
    # outside the posted range.
    mismatched = _scalar(
        source_db,
        "select count(*) from hirewire.interview_processes as process"
        " left join hirewire.interview_outcomes as outcome on outcome.process_id = process.id"
        " where (process.status_code in ('rejected', 'ghosted', 'withdrew', 'offer', 'accepted'))"
        " <> (outcome.id is not null)",
    )
    assert mismatched == 0
    offers = source_db.execute(
        "select outcome.salary_offered, position.salary_min, position.salary_max"
        " from hirewire.interview_outcomes as outcome"
        " join hirewire.interview_processes as process on process.id = outcome.process_id"
        " join hirewire.job_positions as position on position.id = process.position_id"
        " where outcome.outcome_code in ('offer', 'accepted', 'declined')"
    ).fetchall()
    assert len(offers) >= 5
    assert all(salary is not None and salary > 20000 for salary, _, _ in offers)


def test_benchmark_scale_with_many_candidates_keeps_every_constraint(source_db):
    """Thousands of applications shared by many candidates load without breaking a key."""
    counts = sample.load(source_db, 5, 2000, 20, END_ON, echo=_quiet)
    assert counts["interview_processes"] == 2000
    assert counts["candidates"] == 21  # the default candidate "Me" and 20 sample candidates
    per_candidate = source_db.execute(
        "select min(n), max(n) from (select count(*) as n from hirewire.interview_processes"
        " group by candidate_id) as counted"
    ).fetchone()
    assert per_candidate == (100, 100)
    # Sequences continue after the explicit ids: the next insert gets the next id.
    assert (
        _scalar(
            source_db,
            "insert into hirewire.companies (name) values ('Brand new') returning id",
        )
        == counts["companies"] + 1
    )


def test_if_empty_loads_once_then_skips(source_env, cli):
    """--if-empty loads into an empty database, then skips and says so; plain runs refuse."""
    first = cli("hirewire.sample", "--applications", "30", "--if-empty")
    assert first.returncode == 0, first.stderr
    assert "Sample loaded:" in first.stdout and "30 interview_processes" in first.stdout
    again = cli("hirewire.sample", "--applications", "30", "--if-empty")
    assert again.returncode == 0
    assert "Sample skipped: the database already holds 30 applications." in again.stdout
    refused = cli("hirewire.sample", "--applications", "30")
    assert refused.returncode == 1
    assert refused.stderr.strip().splitlines()[-1].startswith("error: the database already holds")
    assert "Traceback" not in refused.stderr


@pytest.mark.parametrize(
    "arguments",
    [
        ["--applications", "0"],
        ["--applications", "lots"],
        ["--seed", "-1"],
        ["--end-date", "26/11/2026"],
    ],
)
def test_bad_arguments_exit_2_with_the_reason(source_env, cli, arguments):
    """Bad arguments are refused before anything is written, naming the argument."""
    done = cli("hirewire.sample", *arguments)
    assert done.returncode == 2
    assert arguments[0] in done.stderr.splitlines()[-1]


def test_sample_stays_apart_and_its_removal_never_touches_a_users_rows(source_env, source_db, cli):
    """The sample goes to its own candidate named as sample data, never to the default one;
    `--remove` deletes it and the companies and positions it created, except those the user's
    own applications use, leaves every row of the user's as it was, and `make all`'s
    --if-empty does not load it again."""
    from tests.helpers_entry import add_application

    loaded = cli("hirewire.sample", "--applications", "30", "--if-empty")
    assert loaded.returncode == 0, loaded.stderr
    candidates = source_db.execute(
        "select candidates.name, candidates.is_default, count(processes.id)"
        " from hirewire.candidates as candidates left join hirewire.interview_processes as"
        " processes on processes.candidate_id = candidates.id group by 1, 2 order by 2 desc"
    ).fetchall()
    assert candidates[0] == ("Me", True, 0)
    assert len(candidates) == 2 and candidates[1][1:] == (False, 30)
    assert candidates[1][0].endswith("(sample data)")
    # The user's own search: one application at a company the sample also created (same
    # company and title: the user's application takes the sample's position), one elsewhere.
    shared_company, shared_title = source_db.execute(
        "select companies.name, positions.title from hirewire.job_positions as positions"
        " inner join hirewire.companies as companies on companies.id = positions.company_id"
        " order by positions.id limit 1"
    ).fetchone()
    add_application(shared_company, shared_title, "2026-11-02")
    add_application("My Own Co", "Data Engineer", "2026-11-03", "--contact", "Jo")
    users_rows = (
        "select processes.id, processes.position_id, positions.title, companies.name,"
        " processes.candidate_id, processes.status_code, processes.contact_name,"
        " processes.updated_at from hirewire.interview_processes as processes"
        " inner join hirewire.job_positions as positions on positions.id = processes.position_id"
        " inner join hirewire.companies as companies on companies.id = positions.company_id"
        " where not processes.is_sample order by processes.id"
    )
    before = source_db.execute(users_rows).fetchall()
    users_history = (
        "select * from hirewire.process_status_history where process_id = any(%s) order by id"
    )
    history_before = source_db.execute(users_history, [[row[0] for row in before]]).fetchall()
    companies_before = _scalar(source_db, "select count(*) from hirewire.companies")

    removed = cli("hirewire.sample", "--remove")
    assert removed.returncode == 0, removed.stderr
    assert "history): 30 applications, " in removed.stdout
    assert ", 1 sample candidate.\n" in removed.stdout
    assert source_db.execute(users_rows).fetchall() == before
    history_after = source_db.execute(users_history, [[row[0] for row in before]]).fetchall()
    assert history_after == history_before
    # Left: the user's two applications, their two positions and two companies, and "Me".
    assert _scalar(source_db, "select count(*) from hirewire.interview_processes") == 2
    assert _scalar(source_db, "select count(*) from hirewire.job_positions") == 2
    assert _scalar(source_db, "select count(*) from hirewire.companies") == 2 < companies_before
    assert _scalar(source_db, "select string_agg(name, ',') from hirewire.candidates") == "Me"
    # Tombstones: the next refresh drops the sample from the warehouse.
    tombstones = "select count(*) from hirewire.deleted_rows where table_name = %s"
    assert _scalar(source_db, tombstones, ("interview_processes",)) == 30
    again = cli("hirewire.sample", "--applications", "30", "--if-empty")
    assert again.returncode == 0 and "Sample skipped" in again.stdout
    assert _scalar(source_db, "select count(*) from hirewire.interview_processes") == 2
    nothing = cli("hirewire.sample", "--remove")
    assert nothing.returncode == 0 and "No sample to remove" in nothing.stdout


def test_make_all_does_not_reload_a_removed_sample(source_env, cli):
    """After `make sample-remove` empties the database, `make all` (--if-empty) skips the
    sample and says how to load it again."""
    assert cli("hirewire.sample", "--applications", "5", "--if-empty").returncode == 0
    assert cli("hirewire.sample", "--remove").returncode == 0
    again = cli("hirewire.sample", "--applications", "5", "--if-empty")
    assert again.returncode == 0, again.stderr
    assert "Sample skipped: it was removed on " in again.stdout
    assert "`make sample` loads it again" in again.stdout
