"""The design's ETL command line, kept working: `python3 /scripts/etl/etl_postgres_to_duckdb.py`
in the app image (/scripts is /app/scripts) or `.venv/bin/python scripts/etl/...` here.

It is `python -m etl run` under the design's name: the same load, options and exit codes
(`--mode full`, `--wait`, `--help`).
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a file, Python puts this folder first on the path, not the repository root.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from etl.__main__ import main
from hirewire.errors import run_cli

if __name__ == "__main__":
    sys.exit(run_cli(lambda: main(["run", *sys.argv[1:]])))
