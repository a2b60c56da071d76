"""The warehouse file: open it, create or upgrade its schema, explain DuckDB failures."""

from __future__ import annotations

import errno
from pathlib import Path

import duckdb

from hirewire import duck, settings
from hirewire.errors import UserError

SQL_DIR = settings.ROOT / "sql" / "duckdb"
LOAD_DIR = SQL_DIR / "load"
# Written for old readers (BI drivers lag behind): with storage compatibility v1.0.0 the oldest
# DuckDB that opens a published warehouse is 1.1.0; 1.0.0 cannot (tests/test_compose_runtime.py
# proves both with those releases).
STORAGE_VERSION = "v1.0.0"
OLDEST_READER = "1.1.0"
# The contract's tables, in dependency order: `make check` and the publish check use them.
TABLES = (
    "dim_date",
    "dim_candidate",
    "dim_company",
    "dim_position",
    "dim_source",
    "dim_status",
    "dim_interview_type",
    "dim_outcome",
    "fct_application",
    "fct_interview",
    "fct_status_change",
    "etl_run",
)


def schema_files() -> list[Path]:
    """The schema files (000_star_schema.sql, then additive ones), in order."""
    return sorted(SQL_DIR.glob("[0-9][0-9][0-9]_*.sql"))


def transform_files(mode: str) -> list[Path]:
    """The load's transforms in order; `NN_x.full.sql` / `NN_x.incremental.sql` run in one mode."""
    other = "incremental" if mode == "full" else "full"
    return [
        path for path in sorted(LOAD_DIR.glob("*.sql")) if not path.name.endswith(f".{other}.sql")
    ]


def open_warehouse(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open a warehouse file; a new file is written in the old-reader-friendly storage version."""
    config = duck.config(read_only)
    if not read_only:
        config["storage_compatibility_version"] = STORAGE_VERSION
        # Spill big joins to disk next to the warehouse instead of failing for memory.
        config["temp_directory"] = str(path.with_name(f"{path.name}.tmp"))
        config["preserve_insertion_order"] = False
        # A bound on memory; what does not fit spills to the temp directory above. The process
        # stays some hundreds of MB above it (memory DuckDB does not manage), so the default
        # keeps a large load under the 1.5 GB target while spilling little
        # (docs/performance.md, "Settings, and why").
        config["memory_limit"] = settings.env("HIREWIRE_ETL_MEMORY_LIMIT", "768MB") or "768MB"
        # Commit straight into the database file: a WAL copy of a whole load is wasted work
        # (a build file that fails is thrown away anyway).
        config["checkpoint_threshold"] = "1b"
    try:
        return duckdb.connect(str(path), config=config)
    except duckdb.Error as exc:
        raise UserError(explain_duckdb_error(exc, path)) from None


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create what is missing; every schema file is idempotent and additive."""
    for path in schema_files():
        con.execute(path.read_text(encoding="utf-8"))


def schema_fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """A digest of the star schema's columns: a load after it changes is a full load."""
    row = con.execute((SQL_DIR / "run" / "schema_fingerprint.sql").read_text(encoding="utf-8"))
    return str(row.fetchone()[0])


def catalog_fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """A digest of every table, view and index: whether applying the schema changed anything."""
    row = con.execute((SQL_DIR / "run" / "catalog_fingerprint.sql").read_text(encoding="utf-8"))
    return str(row.fetchone()[0])


def storage_version(con: duckdb.DuckDBPyConnection) -> str:
    """The storage version tag of the connection's main database, e.g. 'v1.0.0+'."""
    row = con.execute(
        "select tags['storage_version'] from duckdb_databases() "
        "where database_name = current_database()"
    ).fetchone()
    return str(row[0]) if row and row[0] else "unknown"


def published_name(path: Path) -> Path:
    """The published warehouse a private build file stands for (messages name what users know)."""
    name, marker, _pid = path.name.partition(".build-")
    if marker and name.startswith("."):
        return path.with_name(name[1:])
    return path


# What the postgres extension says when the server drops its connection mid-load (the
# original error is sometimes replaced by the failed ROLLBACK's).
LOST_CONNECTION = (
    'failed to execute query "rollback"',
    "terminating connection",
    "server closed the connection",
    "could not receive data",
    "connection to server",
    "no connection to the server",
)
# Prefix of the messages the load files raise themselves with DuckDB's error().
SQL_ERROR_MARK = "hirewire: "


def explain_duckdb_error(exc: BaseException, path: Path) -> str:
    """One sentence with the fix for the DuckDB failures a user can meet."""
    path = published_name(path)
    text = str(exc)
    lowered = text.lower()
    if "no space left" in lowered or "file too large" in lowered or _is_disk_full(exc):
        return (
            f"the disk is full while writing the warehouse next to {path}: free some space "
            "and run again (the published warehouse was left as it was)"
        )
    if "could not set lock" in lowered or "conflicting lock" in lowered:
        return (
            f"the warehouse {path} is locked by another process that opened it for writing: "
            "close that DuckDB session (readers must open it read-only) and run again"
        )
    if "not a valid duckdb database" in lowered or "corrupt" in lowered or "checksum" in lowered:
        return (
            f"the warehouse {path} is corrupt or not a DuckDB file: move it away "
            f"(mv {path} {path}.broken) and run `make refresh` to rebuild it and its marts"
        )
    if any(sign in lowered for sign in LOST_CONNECTION):
        return (
            "lost the connection to PostgreSQL while reading the source: the published "
            f"warehouse {path} was left as it was; check the server and run again"
        )
    extension = explain_extension_error(exc)
    if extension:
        return extension
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    if SQL_ERROR_MARK in first:
        # Raised on purpose by a load file with error(): the message already names the fix.
        return first.split(SQL_ERROR_MARK, 1)[1]
    return f"DuckDB failed on {path.name}: {first}"


def explain_extension_error(exc: BaseException) -> str | None:
    """The fix when DuckDB could not load the postgres extension; None for other failures."""
    lowered = str(exc).lower()
    if "extension" not in lowered or "postgres" not in lowered:
        return None
    if "signature" in lowered:
        return (
            f"the DuckDB postgres extension in {settings.extension_dir()} fails its "
            "signature check (damaged or replaced): reinstall it with "
            "`.venv/bin/python -m hirewire.duck install`"
        )
    return (
        f"the DuckDB postgres extension is missing from {settings.extension_dir()}: "
        "run `make setup` to install it"
    )


def _is_disk_full(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)
