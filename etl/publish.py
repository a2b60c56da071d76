"""Atomic publish: build on a private copy next to the warehouse, then rename it over it.

    with build_then_publish(warehouse_path, "etl") as build_path:
        load_warehouse(build_path)          # or anything else that writes the warehouse

Readers holding the published file open keep their version (a rename never touches an open
file); a failed or killed build leaves the published file byte-identical; the next writer
removes what a killed one left behind. One writer at a time, by an exclusive lock file.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import duckdb

from etl import source, warehouse
from hirewire.errors import UserError


def lock_path(published: Path) -> Path:
    return published.with_name(f".{published.name}.lock")


def build_prefix(published: Path) -> str:
    return f".{published.name}.build-"


@contextlib.contextmanager
def writer_lock(published: Path, wait: bool = False) -> Iterator[Path]:
    """Hold the exclusive writer lock; the kernel releases it when the process dies."""
    path = lock_path(published)
    try:
        published.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+")  # noqa: SIM115 - held open for the whole with-block
    except OSError as exc:
        raise UserError(
            f"cannot write next to the warehouse {published} ({exc.strerror}): fix "
            "HIREWIRE_WAREHOUSE or HIREWIRE_DATA_DIR in .env"
        ) from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise UserError(
                f"another HireWire refresh is running (pid {holder}); wait for it or remove "
                f"{path} if stale"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield path
    finally:
        handle.close()


def remove_leftovers(published: Path) -> list[Path]:
    """Delete build files (and their WAL and spill dirs) left by killed runs; we hold the lock."""
    removed = []
    prefix = build_prefix(published)
    for path in published.parent.glob(f"{prefix}*"):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def copy_file(source: Path, target: Path) -> None:
    """Copy with copy_file_range, which shares blocks (reflink) on file systems that can (XFS,
    btrfs): copying a multi-gigabyte warehouse is then nearly free; else a plain copy."""
    try:
        with open(source, "rb") as reader, open(target, "wb") as writer:
            remaining = os.fstat(reader.fileno()).st_size
            while remaining > 0:
                copied = os.copy_file_range(reader.fileno(), writer.fileno(), remaining)
                if copied == 0:
                    break
                remaining -= copied
            if remaining == 0:
                return
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
            raise
    shutil.copyfile(source, target)


def start_writeback(path: Path) -> None:
    """Write a fresh copy's pages to disk in the background while the load runs: DuckDB's
    first commit fsyncs the file and would otherwise wait for the whole copy then (about
    0.5 s for the 1.4 GB warehouse of 5M applications)."""
    fd = os.open(path, os.O_RDONLY)

    def flush() -> None:
        try:
            os.fsync(fd)
        except OSError:
            pass  # DuckDB's own fsync at commit reports any real write error
        finally:
            os.close(fd)

    threading.Thread(target=flush, name="hirewire-writeback", daemon=True).start()


def _fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_build(build: Path) -> None:
    for path in (build, build.with_name(build.name + ".wal")):
        path.unlink(missing_ok=True)
    shutil.rmtree(build.with_name(f"{build.name}.tmp"), ignore_errors=True)


def ensure_not_held_for_writing(published: Path) -> None:
    """Refuse to replace a file another process holds open read-write: its writes would be
    lost. Read-only readers share the lock and pass; a damaged file is reported here too."""
    try:
        duckdb.connect(str(published), read_only=True).close()
    except duckdb.Error as exc:
        raise UserError(warehouse.explain_duckdb_error(exc, published)) from None


def validate(build: Path, require_applications: bool = True) -> None:
    """Refuse to publish a file that is not a complete warehouse; fold any WAL into it."""
    try:
        con = warehouse.open_warehouse(build)
    except UserError:
        raise
    try:
        con.execute("checkpoint")
        present = {
            row[0] for row in con.execute("select table_name from duckdb_tables()").fetchall()
        }
        missing = [table for table in warehouse.TABLES if table not in present]
        if missing:
            raise UserError(
                f"the new warehouse lacks {', '.join(missing)}: not published; run `make init`"
            )
        applications = int(con.execute("select count(*) from fct_application").fetchone()[0])
    except duckdb.Error as exc:
        raise UserError(warehouse.explain_duckdb_error(exc, build)) from None
    finally:
        con.close()
    if require_applications and applications == 0 and source.source_has_applications():
        raise UserError(
            "the new warehouse has no applications while the source has some: not published "
            "(the previous warehouse is kept); run `make etl MODE=full` and check its output"
        )


@contextlib.contextmanager
def build_then_publish(
    published_path: Path,
    label: str,
    wait: bool = False,
    require_applications: bool = True,
) -> Iterator[Path]:
    """Yield a private build copy of the warehouse; publish it atomically on success.

    On an exception the build file is removed and the published file is left untouched.
    `require_applications=False` lets `make init` publish an empty schema.
    """
    published = Path(published_path).resolve()
    with writer_lock(published, wait=wait):
        for path in remove_leftovers(published):
            print(f"Removed {path.name}, left by an interrupted run.", file=sys.stderr)
        build = published.with_name(f"{build_prefix(published)}{os.getpid()}")
        if published.exists():
            ensure_not_held_for_writing(published)
        try:
            if published.exists():
                copy_file(published, build)
                start_writeback(build)
                wal = published.with_name(published.name + ".wal")
                if wal.exists():
                    copy_file(wal, build.with_name(build.name + ".wal"))
            yield build
            validate(build, require_applications)
            # The warehouse holds a person's job search: readable by its owner only.
            os.chmod(build, 0o600)
            os.replace(build, published)
            # A WAL of the old file must never be replayed onto the new one.
            published.with_name(published.name + ".wal").unlink(missing_ok=True)
            _fsync_directory(published.parent)
        except OSError as exc:
            _remove_build(build)
            raise UserError(warehouse.explain_duckdb_error(exc, published)) from None
        except BaseException:
            _remove_build(build)
            raise
        _remove_build(build)
        print(f"Published {published} ({label}).", file=sys.stderr)
