"""`make lint`'s SQL half: sqlfluff on the files that changed since they last passed.

    .venv/bin/python scripts/lint_sql.py sql/postgres sql/duckdb dbt/models ...   # from the root
    .venv/bin/python scripts/lint_sql.py --no-cache sql/postgres ...   # every file

sqlfluff has no cache of its own and parses every file on each run. A file that passed is
remembered by the hash of its path and content, under a key made of the sqlfluff version and
every input that can change a verdict without changing the file: each .sqlfluff and
.sqlfluffignore, pyproject.toml, and the dbt macros and generic tests the jinja templater loads.
Any of those changed, and every file is linted again. A file is remembered only once it passed.
Cache: .lint-cache/ in the directory it runs from (git-ignored); `make clean` removes it.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

# The repository root when make runs it; sqlfluff finds the root .sqlfluff from here too.
ROOT = Path.cwd()
CACHE = ROOT / ".lint-cache" / "sqlfluff"
# Inputs of sqlfluff's verdict beside the file itself, by name anywhere in the tree, and the
# folders whose SQL the jinja templater loads as macros (dbt/.sqlfluff).
CONFIG_NAMES = {".sqlfluff", ".sqlfluffignore", "pyproject.toml", "setup.cfg", "tox.ini"}
MACRO_DIRS = ("dbt/macros", "dbt/tests/generic")
# Never holds configuration of ours, and is large to walk.
SKIPPED_DIRS = {".git", ".venv", ".venv-superset", ".venv-duckdb-oldest", ".lint-cache", "data"}


def sqlfluff() -> Path:
    return Path(sys.executable).parent / "sqlfluff"


def digest(*parts: bytes) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(len(part).to_bytes(8, "big"))
        hasher.update(part)
    return hasher.hexdigest()


def config_files() -> list[Path]:
    found: set[Path] = set()
    for directory, subdirectories, names in os.walk(ROOT):
        subdirectories[:] = [name for name in subdirectories if name not in SKIPPED_DIRS]
        found.update(Path(directory) / name for name in CONFIG_NAMES.intersection(names))
    for macros in MACRO_DIRS:
        found.update((ROOT / macros).rglob("*.sql"))
    return sorted(found)


def config_key() -> str:
    parts = [importlib.metadata.version("sqlfluff").encode()]
    for path in config_files():
        parts += [str(path.relative_to(ROOT)).encode(), path.read_bytes()]
    return digest(*parts)


def sql_files(paths: list[str]) -> list[Path]:
    files: set[Path] = set()
    for name in paths:
        path = ROOT / name
        files.update([path] if path.is_file() else path.rglob("*.sql"))
    return sorted(files)


def file_key(path: Path) -> str:
    return digest(str(path.relative_to(ROOT)).encode(), path.read_bytes())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="SQL folders or files, from the repository root")
    parser.add_argument("--no-cache", action="store_true", help="lint every file")
    options = parser.parse_args(argv)

    passed = CACHE / config_key()
    files = sql_files(options.paths)
    keys = {path: file_key(path) for path in files}
    todo = [path for path in files if options.no_cache or not (passed / keys[path]).exists()]
    if len(todo) < len(files):
        print(f"sqlfluff: {len(files) - len(todo)} unchanged files passed before, not linted again")
    if not todo:
        return 0
    # One process per core (--processes 0): linting is CPU-bound, one file at a time each. Its
    # worker pool leaves a harmless "leaked semaphore" warning at exit: not shown.
    environment = os.environ | {"PYTHONWARNINGS": "ignore:resource_tracker:UserWarning"}
    done = subprocess.run(
        [str(sqlfluff()), "lint", "--processes", "0", *(str(p.relative_to(ROOT)) for p in todo)],
        cwd=ROOT,
        env=environment,
    )
    if done.returncode == 0:
        passed.mkdir(parents=True, exist_ok=True)
        for path in todo:
            (passed / keys[path]).touch()
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
