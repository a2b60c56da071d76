"""DuckDB connections that never touch the network: extensions come from the project directory.

python -m hirewire.duck install   # fill .duckdb_extensions from the pinned pip package
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from pathlib import Path

import duckdb

from hirewire import settings
from hirewire.errors import UserError, run_cli


def config(read_only: bool = False) -> dict[str, object]:
    return {
        "extension_directory": str(settings.extension_dir()),
        # A missing extension must fail fast, never try a download.
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": True,
        "access_mode": "READ_ONLY" if read_only else "READ_WRITE",
    }


def corrupt_warehouse_fix(exc: BaseException, path: Path) -> str | None:
    """For a file DuckDB cannot read as a database, the sentence that really fixes it (a
    refresh alone reads the same broken file first); None for any other failure."""
    lowered = str(exc).lower()
    if "not a valid duckdb database" in lowered or "corrupt" in lowered or "checksum" in lowered:
        return (
            f"the warehouse {path} is corrupt or not a DuckDB file: move it away "
            f"(mv {path} {path}.broken) and run `make refresh` to rebuild it and its marts"
        )
    return None


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open a DuckDB database with the project's offline extension directory."""
    return duckdb.connect(str(path), config=config(read_only))


# DuckDB checks the extension's signature on every load: 0.3-0.5 s for the 42 MB postgres
# extension, a tenth of a small ETL run. `make setup` loads it once that way and records its
# SHA-256 here; a later load whose file still has that digest (0.03-0.05 s to hash) skips
# DuckDB's check, any other file (changed, another DuckDB version, no record) gets it as before.
# The record also keeps the file's identity (inode, size, modification and change times): while
# it is unchanged the file has not been written since its digest was taken (any write moves
# the change time, which no user can set back), and the hash is skipped too.
VERIFIED_RECORD = "verified-extensions.json"


def _digest(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _identity(path: Path) -> list[int]:
    status = path.stat()
    return [status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns]


def _write_record(directory: Path, extension: str, entry: dict[str, object]) -> None:
    record = directory / VERIFIED_RECORD
    known = json.loads(record.read_text(encoding="utf-8")) if record.exists() else {}
    known[extension] = entry
    partial = record.with_name(f".{record.name}.{os.getpid()}.partial")  # one per writer
    partial.write_text(json.dumps(known, indent=2) + "\n", encoding="utf-8")
    partial.replace(record)


def record_verified(con: duckdb.DuckDBPyConnection, extension: str = "postgres_scanner") -> None:
    """Remember the digest of an extension `con` loaded with DuckDB's signature check on."""
    row = con.execute(
        "select install_path from duckdb_extensions() where extension_name = ? and loaded",
        [extension],
    ).fetchone()
    if not (row and row[0]):
        return
    directory = settings.extension_dir()
    try:
        # Relative: a copied or moved directory keeps its record, and the record names no
        # file outside it.
        path = Path(row[0]).resolve()
        relative = path.relative_to(directory.resolve())
        identity = _identity(path)
        entry = {
            "duckdb": duckdb.__version__,
            "path": str(relative),
            "sha256": _digest(path),
            "identity": identity,
        }
        _write_record(directory, extension, entry)
    except (OSError, ValueError):
        pass  # a read-only or odd directory only costs later loads DuckDB's own check


def verified_extension(extension: str = "postgres_scanner") -> Path | None:
    """The extension file checked at setup, if it is still byte for byte that file."""
    try:
        directory = settings.extension_dir()
        entry = json.loads((directory / VERIFIED_RECORD).read_text(encoding="utf-8"))[extension]
        path = (directory / entry["path"]).resolve()
        inside = path.is_relative_to(directory.resolve())
        if entry["duckdb"] != duckdb.__version__ or not inside or not path.is_file():
            return None
        identity = _identity(path)
        if entry.get("identity") == identity:
            return path
        if _digest(path) != entry["sha256"]:
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    # The same bytes as another file (a copied directory): remember this one's identity.
    with contextlib.suppress(OSError, ValueError):
        _write_record(directory, extension, entry | {"identity": identity})
    return path


def connect_with_extension(
    path: Path | str, options: dict[str, object], verified: Path | None
) -> duckdb.DuckDBPyConnection:
    """duckdb.connect(path, options), then load `verified` (from verified_extension) without
    DuckDB's signature check; with None, DuckDB autoloads and checks the extension as usual."""
    if verified is not None:
        # Lets this connection load the one file whose digest was just compared; the load
        # statement is ours, never input.
        options = options | {"allow_unsigned_extensions": True}
    con = duckdb.connect(str(path), config=options)
    if verified is not None:
        quoted = str(verified).replace("'", "''")
        try:
            con.execute(f"load '{quoted}'")
        except BaseException:
            con.close()
            raise
    return con


def install_extensions() -> Path:
    """Copy the postgres extension from the duckdb-extension-postgres wheel, load it with
    DuckDB's signature check and record its digest; idempotent, and repairs a damaged copy."""
    import duckdb_extensions

    target = settings.extension_dir()
    if verified_extension() is not None:
        return target
    target.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(":memory:", config={"extension_directory": str(target)})
    try:
        installed = con.execute(
            "select installed from duckdb_extensions() where extension_name = 'postgres_scanner'"
        ).fetchone()
        if not (installed and installed[0]):
            duckdb_extensions.import_extension("postgres", con=con)
        try:
            con.execute("load postgres")
        except duckdb.Error:
            # A copy that fails its signature check (damaged, replaced): install it again.
            duckdb_extensions.import_extension("postgres", force_install=True, con=con)
            con.execute("load postgres")
        record_verified(con)
    except Exception as exc:
        raise UserError(
            f"the DuckDB postgres extension could not be installed into {target} ({exc}); "
            "run `make setup` again"
        ) from None
    finally:
        con.close()
    return target


def main() -> int:
    if sys.argv[1:] not in ([], ["install"]):
        print("usage: python -m hirewire.duck install", file=sys.stderr)
        return 2
    print(f"DuckDB extensions ready in {install_extensions()}")
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
