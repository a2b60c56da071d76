"""`make lint`'s SQL cache (scripts/lint_sql.py): it skips only what passed, unchanged."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def lint(directory: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "lint_sql.py"), "sql"],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_changed_file_or_config_is_linted_again(tmp_path: Path) -> None:
    """A file that passed is skipped while neither it nor any sqlfluff config changed; an edit
    that breaks a rule, or a config that makes it break one, is linted and fails."""
    shutil.copy(ROOT / ".sqlfluff", tmp_path / ".sqlfluff")
    query = tmp_path / "sql" / "query.sql"
    query.parent.mkdir()
    query.write_text("select 1 as one\n")

    first = lint(tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "All Finished" in first.stdout  # sqlfluff ran
    second = lint(tmp_path)
    assert second.returncode == 0, second.stdout + second.stderr
    assert second.stdout.splitlines() == [
        "sqlfluff: 1 unchanged files passed before, not linted again"
    ]

    query.write_text("SELECT 1 AS one\n")  # upper-case keywords: CP01
    broken = lint(tmp_path)
    assert broken.returncode == 1 and "CP01" in broken.stdout, broken.stdout + broken.stderr
    assert "CP01" in lint(tmp_path).stdout  # a failure is never remembered

    query.write_text("select 1 as one\n")
    assert lint(tmp_path).stdout.startswith("sqlfluff: 1 unchanged")
    config = tmp_path / ".sqlfluff"
    config.write_text(config.read_text().replace("policy = lower", "policy = upper", 1))
    stricter = lint(tmp_path)
    assert stricter.returncode == 1 and "CP01" in stricter.stdout, stricter.stdout
