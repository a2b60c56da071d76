"""Security: least privilege at every layer, no secret in any output, private files."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import stat
import subprocess
import tempfile
import time
from datetime import date
from pathlib import Path

import duckdb
import psycopg
import psycopg.sql
import pytest
import yaml

from hirewire import duck
from tests.helpers_etl import make_application, make_company, make_position, make_search
from tests.helpers_reliability import (
    FAKE_PASSWORD,
    ROOT,
    dbt_env,
    files_containing,
    free_port,
    opens_and_counts,
    process_titles,
    python_module,
    run,
    source_applications,
)
from tests.helpers_report import empty_warehouse


def role_connection(source_db: psycopg.Connection, role: str) -> psycopg.Connection:
    info = source_db.info
    return psycopg.connect(
        host=info.host, port=info.port, dbname=info.dbname, user=role, autocommit=True
    )


@pytest.mark.timeout(60)
def test_etl_reads_as_hirewire_etl_only(source_db, source_env, warehouse_path, monkeypatch):
    """The server lets only hirewire_etl connect to the source database (CONNECT revoked from
    everyone else; PGUSER, the admin setting, names hirewire_app, a role that exists but may
    not connect): a whole load still succeeds, so each of its connections was hirewire_etl."""
    make_search(source_db, applications=4)
    database = psycopg.sql.Identifier(source_db.info.dbname)
    source_db.execute(psycopg.sql.SQL("revoke connect on database {} from public").format(database))
    source_db.execute(
        psycopg.sql.SQL("grant connect on database {} to hirewire_etl").format(database)
    )
    monkeypatch.setenv("PGUSER", "hirewire_app")
    info = source_db.info
    with pytest.raises(psycopg.OperationalError, match="permission denied"):
        psycopg.connect(host=info.host, port=info.port, dbname=info.dbname, user="hirewire_app")
    loaded = subprocess.run(
        python_module("etl", "run"), cwd=ROOT, env=os.environ.copy(), capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    assert loaded.returncode == 0, loaded.stderr
    assert "user hirewire_etl" in loaded.stderr
    assert source_applications(source_db) == 4
    assert opens_and_counts(warehouse_path) == 4


@pytest.mark.timeout(60)
def test_source_writes_refused_by_role_and_by_read_only_attach(source_db, source_env):
    """hirewire_etl cannot write even through a read-write ATTACH, and the ETL's READ_ONLY
    ATTACH refuses writes even to a superuser: two independent locks."""
    make_search(source_db, applications=1)
    info = source_db.info
    before = source_db.execute("select count(*) from hirewire.companies").fetchone()[0]

    with role_connection(source_db, "hirewire_etl") as etl:
        for statement in (
            "insert into hirewire.companies (name) values ('Nope')",
            "update hirewire.companies set name = 'Nope'",
            "delete from hirewire.interview_processes",
            "create table hirewire.intruder (id int)",
        ):
            with pytest.raises(psycopg.Error) as refused:
                etl.execute(statement)
            assert isinstance(
                refused.value,
                psycopg.errors.InsufficientPrivilege | psycopg.errors.ReadOnlySqlTransaction,
            ), statement

    con = duck.connect(":memory:")
    try:
        dsn = f"host={info.host} port={info.port} dbname={info.dbname}"
        con.execute(f"attach '{dsn} user=hirewire_etl' as by_role (type postgres)")
        with pytest.raises(duckdb.Error, match=r"(?i)read-only|permission denied"):
            con.execute("insert into by_role.hirewire.companies (name) values ('Nope')")
        con.execute(f"attach '{dsn} user={info.user}' as as_admin (type postgres, read_only)")
        with pytest.raises(duckdb.Error, match=r"(?i)read.only"):
            con.execute("insert into as_admin.hirewire.companies (name) values ('Nope')")
        with pytest.raises(duckdb.Error, match=r"(?i)read.only"):
            con.execute("delete from as_admin.hirewire.companies")
    finally:
        con.close()
    after = source_db.execute("select count(*) from hirewire.companies").fetchone()[0]
    assert after == before


# What the data-entry role must never do, with the reason it is refused (owner-only DDL,
# no CREATE on the schema, tombstones and migrations written by the system only).
FORBIDDEN_TO_APP = (
    "drop table hirewire.companies",
    "alter table hirewire.companies add column spy text",
    "alter table hirewire.interview_processes drop constraint interview_processes_natural_key",
    "truncate hirewire.interview_processes",
    "create table hirewire.intruder (id int)",
    "drop trigger interview_processes_status_history on hirewire.interview_processes",
    "insert into hirewire.deleted_rows (table_name, row_id) values ('companies', 1)",
    "delete from hirewire.schema_migrations",
)


@pytest.mark.timeout(30)
def test_data_entry_role_cannot_change_the_schema(source_db):
    """hirewire_app writes data but can neither drop, alter, truncate nor forge tombstones."""
    with role_connection(source_db, "hirewire_app") as app:
        app.execute("insert into hirewire.companies (name) values ('Allowed')")
        for statement in FORBIDDEN_TO_APP:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                app.execute(statement)
    columns = source_db.execute(
        "select count(*) from information_schema.columns where table_schema = 'hirewire' "
        "and table_name = 'companies' and column_name = 'spy'"
    ).fetchone()[0]
    assert columns == 0
    assert source_db.execute("select count(*) from hirewire.schema_migrations").fetchone()[0] > 0


@pytest.mark.timeout(120)
def test_no_password_in_any_output_file_or_process_title(
    source_db, source_env, data_dir, warehouse_path, monkeypatch
):
    """With a distinctive password in PGPASSWORD and every role's variable, nothing prints it:
    not the ETL, `etl check`, connection errors, data entry, `dbt debug`, process titles, the
    data directory, or dbt's log directory (the dbt build itself: test_reliability_dbt.py)."""
    make_search(source_db, applications=4)
    secret = {
        "PGPASSWORD": FAKE_PASSWORD,
        "HIREWIRE_ETL_PASSWORD": FAKE_PASSWORD,
        "HIREWIRE_APP_PASSWORD": FAKE_PASSWORD,
    }
    for name, value in (secret | dbt_env(data_dir.parent)).items():
        monkeypatch.setenv(name, value)
    outputs: list[str] = []
    titles: list[str] = []

    def watched(*command: str) -> subprocess.CompletedProcess:
        process = subprocess.Popen(
            command, cwd=ROOT, env=os.environ.copy(), stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        while process.poll() is None:
            titles.append(process_titles())
            time.sleep(0.05)
        out, err = process.communicate()
        outputs.extend([out, err])
        return subprocess.CompletedProcess(command, process.returncode, out, err)

    loaded = watched(*python_module("etl", "run"))
    assert loaded.returncode == 0, loaded.stderr
    assert watched(*python_module("etl", "check")).returncode == 0
    for env in ({"PGPORT": str(free_port())}, {"PGDATABASE": "hirewire_missing"}):
        failed = run("etl", "run", env=env)
        assert failed.returncode == 1
        outputs.extend([failed.stdout, failed.stderr])
    entry = run("hirewire.entry", "list", "--format", "csv")
    assert entry.returncode == 0, entry.stderr
    outputs.extend([entry.stdout, entry.stderr])
    dbt = str(ROOT / ".venv" / "bin" / "dbt")
    debug = watched(dbt, "debug", "--project-dir", "dbt", "--profiles-dir", "dbt")
    assert debug.returncode == 0 and "OK connection ok" in debug.stdout, debug.stdout
    assert len(titles) > 5
    assert not [text for text in outputs if FAKE_PASSWORD in text]
    assert not [text for text in titles if FAKE_PASSWORD in text]
    for directory in (data_dir, Path(os.environ["DBT_LOG_PATH"])):
        assert any(directory.rglob("*")), directory
        assert files_containing(directory, FAKE_PASSWORD.encode()) == []


def test_compose_binds_localhost_and_reads_passwords_from_git_ignored_env():
    """Published ports listen on 127.0.0.1; passwords are `${VAR:?...}` read from .env, which
    git ignores; no committed file carries a password value."""
    compose = yaml.safe_load((ROOT / "compose.yml").read_text(encoding="utf-8"))
    ports = [port for service in compose["services"].values() for port in service.get("ports", [])]
    assert ports and all(str(port).startswith("127.0.0.1:") for port in ports)
    passwords = [
        (key, value)
        for service in compose["services"].values()
        for key, value in (service.get("environment") or {}).items()
        if "PASSWORD" in key
    ]
    assert passwords
    for key, value in passwords:
        assert re.fullmatch(r"\$\{[A-Z_]+:\?[^}]+\}", str(value)), key
    ignored = subprocess.run(
        ["git", "check-ignore", "--quiet", ".env"], cwd=ROOT, capture_output=True, timeout=30
    )
    assert ignored.returncode == 0, ".env must be git-ignored"
    tracked = subprocess.run(
        ["git", "ls-files", ".env"], cwd=ROOT, capture_output=True, text=True, timeout=30
    )
    assert tracked.stdout.strip() == ""
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert not re.search(r"^\s*[A-Z_]*PASSWORD\s*=\s*\S", example, flags=re.MULTILINE)


DANGEROUS = ('=HYPERLINK("http://x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1")


@pytest.mark.timeout(60)
def test_exported_csv_cells_cannot_run_as_formulas(source_db, source_env, data_dir, tmp_path):
    """Company, title, contact and notes that start like a formula come out quoted with a
    leading apostrophe in every CSV export (applications, work-search log, list)."""
    for number, text in enumerate(DANGEROUS):
        company = make_company(source_db, f"{text} corp {number}")
        position = make_position(source_db, company, text)
        application = make_application(source_db, position, date(2026, 11, 2 + number))
        source_db.execute(
            "update hirewire.interview_processes set contact_name = %s, notes = %s where id = %s",
            [text, text, application],
        )
    exports = [
        run("hirewire.exports", "applications"),
        run(
            "hirewire.exports",
            "work-search",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--lang",
            "en",
        ),
        run("hirewire.entry", "list", "--format", "csv"),
    ]
    cells = 0
    for result in exports:
        assert result.returncode == 0, result.stderr
        for row in csv.reader(io.StringIO(result.stdout)):
            for cell in row:
                cells += 1
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (cell, row)
    quoted = [
        cell
        for result in exports
        for row in csv.reader(io.StringIO(result.stdout))
        for cell in row
        if cell.startswith("'")
    ]
    assert len(quoted) >= 3 * len(DANGEROUS), quoted
    assert cells > 0


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.timeout(90)
def test_warehouse_report_and_embedded_postgres_are_private(
    source_db, source_env, data_dir, warehouse_path, tmp_path, monkeypatch
):
    """The published warehouse and the report are 0600; the embedded PostgreSQL's data
    directory and its runtime directory are 0700, whatever the umask."""
    make_search(source_db, applications=2)
    old_umask = os.umask(0o022)
    try:
        assert run("etl", "run").returncode == 0
        assert mode(warehouse_path) == 0o600, oct(mode(warehouse_path))

        report_source = tmp_path / "report-source.duckdb"
        empty_warehouse(report_source, [(1, "Me", True)])
        report = tmp_path / "private" / "report.html"
        made = run("hirewire.report", env={"HIREWIRE_WAREHOUSE": str(report_source),
                                            "HIREWIRE_REPORT": str(report)})  # fmt: skip
        assert made.returncode == 0, made.stderr
        assert mode(report) == 0o600, oct(mode(report))

        # As root the embedded server runs as its own system user: its parent must be
        # traversable (tmp_path is not), as the repository's data/ is.
        embedded = Path(tempfile.mkdtemp(prefix="hirewire-embedded-")) / "data"
        embedded.parent.chmod(0o755)
        env = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith("PG") and name != "XDG_RUNTIME_DIR"
        } | {"HIREWIRE_DATA_DIR": str(embedded), "HIREWIRE_ENV_FILE": os.devnull}
        up = subprocess.run(
            python_module("hirewire.db", "up"), cwd=ROOT, env=env, capture_output=True,
            text=True, timeout=60,
        )  # fmt: skip
        try:
            assert up.returncode == 0, up.stderr
            assert "embedded PostgreSQL" in up.stdout + up.stderr
            pgdata = embedded / "postgres"
            assert mode(pgdata) == 0o700, oct(mode(pgdata))
            assert mode(embedded / ".runtime") == 0o700
            # Inside the 0700 directory nothing is reachable; still, no sub-directory is open.
            open_dirs = [
                str(path) for path in pgdata.rglob("*") if path.is_dir() and mode(path) & 0o007
            ]
            assert open_dirs == []
        finally:
            subprocess.run(
                python_module("hirewire.db", "down"), cwd=ROOT, env=env, capture_output=True,
                timeout=60,
            )  # fmt: skip
            shutil.rmtree(embedded.parent, ignore_errors=True)
    finally:
        os.umask(old_umask)
