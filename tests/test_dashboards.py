"""Metabase dashboard questions (dashboards/metabase/*.sql) and the provisioning payloads.

No Metabase runs here: the SQL runs for real against a warehouse built from the sample data,
and the spec and payloads that `make metabase-setup` sends are checked as data. The REST calls
themselves are not exercised (docs/dashboards.md says so).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from hirewire import metabase
from hirewire.errors import UserError

# The issue names six questions: funnel, stage flow, weekly activity, sources, companies,
# follow-ups. File names say which is which.
TOPICS = ("funnel", "stage_flow", "weekly_activity", "sources", "companies", "follow_ups")


@pytest.mark.slow
def test_every_question_runs_on_the_sample_warehouse(report_warehouse: Path) -> None:
    """Each SQL file runs on a warehouse built from the sample data, returns rows, and has the
    columns its chart settings name."""
    spec = metabase.build_spec()
    con = duckdb.connect(str(report_warehouse), read_only=True)
    try:
        for question in spec.questions:
            cursor = con.execute(question.sql)
            columns = [column[0] for column in cursor.description]
            rows = cursor.fetchall()
            assert rows, f"{question.slug}.sql returned no row on the sample data"
            for name in (*question.dimensions, *question.metrics):
                assert name in columns, f"{question.slug}.sql has no column {name!r}"
    finally:
        con.close()


def test_spec_has_the_six_questions_on_a_tidy_grid() -> None:
    """One card per file, the six topics present, unique titles, cards inside the 24-column
    grid and never overlapping."""
    spec = metabase.build_spec()
    slugs = [question.slug for question in spec.questions]
    assert sorted(slugs) == sorted(path.stem for path in metabase.QUESTIONS_DIR.glob("*.sql"))
    for topic in TOPICS:
        assert any(slug.endswith(topic) for slug in slugs), f"no question about {topic}"
    titles = [question.title for question in spec.questions]
    assert len(set(titles)) == len(titles)
    cells: set[tuple[int, int]] = set()
    for question in spec.questions:
        assert question.col + question.width <= metabase.GRID_WIDTH
        mine = {
            (row, col)
            for row in range(question.row, question.row + question.height)
            for col in range(question.col, question.col + question.width)
        }
        assert not cells & mine, f"{question.slug} overlaps another card"
        cells |= mine


def test_payloads_point_at_the_read_only_warehouse() -> None:
    """The database is the mounted warehouse, read-only; cards are native SQL on it."""
    database = metabase.database_payload("/duckdb-data/hirewire.duckdb")
    assert database["engine"] == "duckdb"
    assert database["details"]["database_file"] == "/duckdb-data/hirewire.duckdb"
    assert database["details"]["read_only"] is True
    question = metabase.build_spec().questions[0]
    card = metabase.card_payload(question, database_id=4, collection_id=9)
    assert card["dataset_query"] == {
        "type": "native",
        "database": 4,
        "native": {"query": question.sql, "template-tags": {}},
    }
    assert card["collection_id"] == 9
    assert card["visualization_settings"]


def test_rerun_updates_dashcards_in_place() -> None:
    """Second run: existing dashcards keep their ids, a new question is added (negative id),
    a dashcard whose question is gone is dropped: no duplicates."""
    questions = metabase.build_spec().questions
    card_ids = {question.slug: 100 + number for number, question in enumerate(questions)}
    first = metabase.dashcards_payload(questions, card_ids, existing=[])
    assert [dashcard["id"] for dashcard in first] == [-(n + 1) for n in range(len(questions))]

    # What Metabase holds after the first run: real ids, plus a stale card from older files.
    stored = [{**dashcard, "id": 500 + number} for number, dashcard in enumerate(first)]
    stored.append({"id": 999, "card_id": 42})
    second = metabase.dashcards_payload(questions, card_ids, existing=stored)
    assert [dashcard["id"] for dashcard in second] == [500 + n for n in range(len(questions))]
    assert [dashcard["card_id"] for dashcard in second] == list(card_ids.values())
    assert metabase.dashcards_payload(questions, card_ids, existing=stored) == second


def test_malformed_question_file_is_named(tmp_path: Path) -> None:
    """A SQL file without its header lines fails with the file and the missing keys named."""
    (tmp_path / "01_broken.sql").write_text("-- title: Broken\nselect 1\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"01_broken.sql: header line\(s\) missing: -- display"):
        metabase.build_spec(tmp_path)


def test_setup_needs_admin_credentials(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without METABASE_ADMIN_EMAIL/PASSWORD: one line naming them, exit 1; --dry-run lists the
    cards without contacting anything."""
    monkeypatch.setenv("HIREWIRE_ENV_FILE", "/dev/null")
    monkeypatch.delenv("METABASE_ADMIN_EMAIL", raising=False)
    monkeypatch.delenv("METABASE_ADMIN_PASSWORD", raising=False)
    done = cli("hirewire.metabase", "setup")
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "error: set METABASE_ADMIN_EMAIL and METABASE_ADMIN_PASSWORD in .env (no default)"
    )
    dry = cli("hirewire.metabase", "setup", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert len(dry.stdout.strip().splitlines()) == len(metabase.build_spec().questions)
