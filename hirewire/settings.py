"""Every setting HireWire reads, in one place: the environment first, then `.env`.

The Postgres connection uses the standard libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD,
PGDATABASE). When none of them is set, HireWire uses its embedded PostgreSQL in data/postgres.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIBPQ_VARIABLES = ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE")
# The user's own values of the libpq variables while a caller overrides them for a connection
# (etl.source.libpq_environment), so that origin() still names where the user set each one.
LIBPQ_USER_VALUES: dict[str, str | None] = {}


def _read_dotenv(path: Path) -> dict[str, str]:
    """Parse KEY=VALUE lines of a .env file (comments, blank lines and quotes allowed)."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.removeprefix("export ").partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def env(name: str, default: str | None = None) -> str | None:
    """A setting from the environment, else from .env, else the default."""
    if name in os.environ:
        return os.environ[name]
    dotenv = _read_dotenv(Path(os.environ.get("HIREWIRE_ENV_FILE", ROOT / ".env")))
    return dotenv.get(name, default)


def origin(name: str) -> str:
    """Where a setting comes from, for messages: 'the shell', '.env' or 'not set'."""
    if name in LIBPQ_USER_VALUES:
        if LIBPQ_USER_VALUES[name] is not None:
            return "the shell"
    elif name in os.environ:
        return "the shell"
    env_file = Path(os.environ.get("HIREWIRE_ENV_FILE", ROOT / ".env"))
    return ".env" if name in _read_dotenv(env_file) else "not set"


def program(module_command: str) -> str:
    """The command name a usage line shows: how the user called it (`./scripts/main.sh
    data-entry`, which main.sh passes in HIREWIRE_PROG) or `python -m <module>`. Read once and
    removed, so that programs this one starts show their own names."""
    return os.environ.pop("HIREWIRE_PROG", "") or module_command


def data_dir() -> Path:
    return Path(env("HIREWIRE_DATA_DIR", str(ROOT / "data")))


def warehouse_path() -> Path:
    """The published DuckDB warehouse (HIREWIRE_WAREHOUSE overrides data/hirewire.duckdb)."""
    return Path(env("HIREWIRE_WAREHOUSE", str(data_dir() / "hirewire.duckdb")))


def report_path() -> Path:
    return Path(env("HIREWIRE_REPORT", str(data_dir() / "report.html")))


def extension_dir() -> Path:
    """Project-local DuckDB extension directory, filled by `make setup` (nothing downloads)."""
    return Path(env("HIREWIRE_EXTENSION_DIR", str(ROOT / ".duckdb_extensions")))


def embedded_pgdata() -> Path:
    return Path(env("HIREWIRE_PGDATA", str(data_dir() / "postgres")))


@dataclass(frozen=True)
class PostgresSettings:
    """Connection parameters for one role. `password` is never printed."""

    host: str
    port: int
    dbname: str
    user: str
    password: str | None
    embedded: bool

    def libpq_env(self) -> dict[str, str]:
        """Environment variables for libpq clients (psql, DuckDB's ATTACH '')."""
        values = {
            "PGHOST": self.host,
            "PGPORT": str(self.port),
            "PGDATABASE": self.dbname,
            "PGUSER": self.user,
        }
        if self.password:
            values["PGPASSWORD"] = self.password
        return values

    def connect_kwargs(self) -> dict[str, object]:
        kwargs: dict[str, object] = {
            "host": self.host,
            "port": self.port,
            "dbname": self.dbname,
            "user": self.user,
            "connect_timeout": int(env("HIREWIRE_CONNECT_TIMEOUT", "5") or 5),
            "application_name": "hirewire",
        }
        if self.password:
            kwargs["password"] = self.password
        return kwargs

    def describe(self) -> str:
        """One line naming the server, safe to print (no password)."""
        kind = "embedded PostgreSQL" if self.embedded else "PostgreSQL"
        where = f"socket {self.host}" if self.host.startswith("/") else f"{self.host}:{self.port}"
        return f"{kind} at {where}, database {self.dbname}, user {self.user}"


def embedded_socket() -> tuple[str, int]:
    """Socket directory and port of the embedded server, read from its postmaster.pid."""
    pgdata = embedded_pgdata()
    try:
        lines = (pgdata / "postmaster.pid").read_text().splitlines()
        return lines[4].strip() or str(pgdata), int(lines[3])
    except (OSError, IndexError, ValueError):
        return str(pgdata), 5432


def uses_embedded_postgres() -> bool:
    """True when no libpq variable is configured in the environment or .env."""
    if (env("HIREWIRE_EMBEDDED") or "").lower() in ("1", "true", "yes"):
        return True
    return not any(env(name) for name in LIBPQ_VARIABLES)


def _port() -> int:
    raw = env("PGPORT", "5432") or "5432"
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise SettingsError(f"PGPORT={raw!r} is not a port number: set it to 1-65535 in .env.")
    return int(raw)


def postgres(role: str = "admin") -> PostgresSettings:
    """Connection settings for `admin` (migrations), `app` (data entry) or `etl` (read-only)."""
    if uses_embedded_postgres():
        host, port = embedded_socket()
        dbname = "hirewire"
        admin_user, admin_password = "postgres", None
    else:
        host = env("PGHOST", "127.0.0.1") or "127.0.0.1"
        port = _port()
        admin_user = env("PGUSER", "postgres") or "postgres"
        admin_password = env("PGPASSWORD")
        dbname = env("PGDATABASE", "hirewire") or "hirewire"
    if role == "admin":
        user, password = admin_user, admin_password
    elif role == "app":
        user = env("HIREWIRE_APP_USER", "hirewire_app") or "hirewire_app"
        password = env("HIREWIRE_APP_PASSWORD")
    elif role == "etl":
        user = env("HIREWIRE_ETL_USER", "hirewire_etl") or "hirewire_etl"
        password = env("HIREWIRE_ETL_PASSWORD")
    else:
        raise ValueError(f"unknown role {role!r}")
    return PostgresSettings(host, port, dbname, user, password, uses_embedded_postgres())


class SettingsError(Exception):
    """A configuration problem, with a message that says how to fix it."""
