"""The embedded PostgreSQL: `python -m hirewire.db up/down/status` and data surviving restarts."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from hirewire import settings


@pytest.fixture
def embedded_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """No PG* configured, and a private HIREWIRE_PGDATA; the server is stopped afterwards."""
    # Not under pytest's 0700 tmp dirs: as root, the server runs as its own system user and
    # must be able to reach its data directory.
    base = Path(tempfile.mkdtemp(prefix="hirewire-db-test-"))
    base.chmod(0o755)
    for name in settings.LIBPQ_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("HIREWIRE_EMBEDDED", raising=False)
    monkeypatch.setenv("HIREWIRE_ENV_FILE", os.devnull)
    monkeypatch.setenv("HIREWIRE_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("HIREWIRE_PGDATA", str(base / "pgdata"))
    try:
        yield base / "pgdata"
    finally:
        from hirewire import db

        db.stop_server()
        shutil.rmtree(base, ignore_errors=True)


def test_embedded_server_up_status_down_keeps_data(embedded_env, cli):
    """db up starts the embedded server, status names it, down stops it, data survives."""
    up = cli("hirewire.db", "up")
    assert up.returncode == 0, up.stderr
    assert "PostgreSQL ready: embedded PostgreSQL at socket" in up.stdout
    assert (embedded_env / "PG_VERSION").is_file()

    status = cli("hirewire.db", "status")
    assert status.returncode == 0, status.stderr
    assert ": up, version" in status.stdout

    with psycopg.connect(**settings.postgres("admin").connect_kwargs(), autocommit=True) as conn:
        conn.execute("create table survivors (name text)")
        conn.execute("insert into survivors values ('Survivor Inc')")

    down = cli("hirewire.db", "down")
    assert down.returncode == 0, down.stderr
    assert "Stopped embedded PostgreSQL" in down.stdout
    stopped = cli("hirewire.db", "status")
    assert stopped.returncode == 0, stopped.stderr  # a state, not a failure: no make error
    assert stopped.stdout.strip().endswith(": stopped (`make db-up` starts it)")
    # The pipeline starts it too, as data entry does, and says so (this database has no
    # HireWire schema, so the run itself then stops with its own message).
    etl = cli("etl", "run")
    assert "The embedded PostgreSQL in" in etl.stderr and "is stopped: starting it" in etl.stderr
    assert ": up, version" in cli("hirewire.db", "status").stdout
    # `make report` (which reads only the warehouse) starts it the same way: there is no
    # warehouse here, so the report then stops with its own message.
    assert cli("hirewire.db", "down").returncode == 0
    report = cli("hirewire.report", "--start-server")
    assert "is stopped: starting it" in report.stderr
    assert ": up, version" in cli("hirewire.db", "status").stdout

    assert cli("hirewire.db", "up").returncode == 0
    with psycopg.connect(**settings.postgres("admin").connect_kwargs()) as conn:
        names = conn.execute("select name from survivors").fetchall()
    assert names == [("Survivor Inc",)]
    # A second `up` on a running server changes nothing.
    again = cli("hirewire.db", "up")
    assert again.returncode == 0
    assert "Starting" not in again.stderr
