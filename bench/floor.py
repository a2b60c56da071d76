"""The floor: how fast Postgres hands out the source data on this machine.

Reads every source table once with `COPY (select ...) TO STDOUT (FORMAT binary)` as the
read-only ETL role and throws the bytes away. Nothing can load the warehouse faster than this,
so the full ETL is judged against it. Prints one line per table to stderr and a JSON summary
({"rows": ..., "bytes": ..., "tables": {...}}) on stdout.

    python -m bench.floor     # against the database named by PG* (the bench sets them)
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from psycopg import sql

from hirewire import db
from hirewire.errors import run_cli

SQL_DIR = Path(__file__).resolve().parent / "sql"


def read_table(conn, table: str) -> tuple[int, int]:
    """Stream one table out as binary COPY; returns (rows, bytes)."""
    statement = sql.SQL("copy (select * from hirewire.{}) to stdout (format binary)").format(
        sql.Identifier(table)
    )
    size = 0
    with conn.cursor() as cursor:
        with cursor.copy(statement) as copy:
            while data := copy.read():
                size += len(data)
        return cursor.rowcount, size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.floor",
        description="Read every HireWire source table once with binary COPY, bytes discarded.",
        epilog="example: PGDATABASE=hirewire_bench python -m bench.floor",
    )
    parser.parse_args(argv)
    tables: dict[str, dict[str, float]] = {}
    with db.connect("etl") as conn:
        names = [row[0] for row in conn.execute((SQL_DIR / "source_tables.sql").read_text())]
        for name in names:
            started = time.perf_counter()
            rows, size = read_table(conn, name)
            seconds = time.perf_counter() - started
            tables[name] = {"rows": rows, "bytes": size, "seconds": round(seconds, 3)}
            print(
                f"  floor {name}: {rows:,} rows, {size / 1e6:,.1f} MB in {seconds:.2f} s",
                file=sys.stderr,
            )
    summary = {
        "rows": sum(int(table["rows"]) for table in tables.values()),
        "bytes": sum(int(table["bytes"]) for table in tables.values()),
        "tables": tables,
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
