"""DuckDB connections that never touch the network: extensions come from the project directory.

python -m hirewire.duck install   # fill .duckdb_extensions from the pinned pip package
"""

from __future__ import annotations

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


def install_extensions() -> Path:
    """Copy the postgres extension from the duckdb-extension-postgres wheel and load it with
    DuckDB's signature check; idempotent, and repairs a damaged or replaced copy."""
    import duckdb_extensions

    target = settings.extension_dir()
    target.mkdir(parents=True, exist_ok=True)
    # Left by earlier versions, which skipped the signature check for the file it named.
    (target / "verified-extensions.json").unlink(missing_ok=True)
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
