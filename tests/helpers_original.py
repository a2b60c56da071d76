"""Databases made by the original HireWire (github.com/nicosouv/hirewire), from fixtures written
after each of its migrations (tests/fixtures/original_hirewire/)."""

from __future__ import annotations

from pathlib import Path

import psycopg

ORIGINAL = Path(__file__).resolve().parent / "fixtures" / "original_hirewire"
# The original HireWire's migrations in order, each with the rows its users typed after it.
ORIGINAL_STEPS = (
    "01_init_raw_schema.sql",
    "02_add_constraints.sql",
    "06_create_users_table.sql",
    "07_create_exports_table.sql",
    "007_user_profiles.sql",
    "008_gamification.sql",
)


def make_original(conn: psycopg.Connection, steps: int = len(ORIGINAL_STEPS)) -> None:
    """Apply the first `steps` original migrations with their rows; a database that stopped at
    01 also holds the free-text rows its 02 would refuse. A second open application for one
    position comes last, as it happens whatever the version."""
    for name in ORIGINAL_STEPS[:steps]:
        conn.execute((ORIGINAL / name).read_text())
    if steps == 1:
        conn.execute((ORIGINAL / "01_free_text_rows.sql").read_text())
    conn.execute((ORIGINAL / "99_second_open_application.sql").read_text())
