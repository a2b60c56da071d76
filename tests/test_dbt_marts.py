"""The dbt marts, built for real (dbt build, models and tests) on a small job search written into
the star schema, checked against numbers worked out by hand below.

The search (as of Tuesday 2026-03-31, ghost_after_days 30, silent_after_interview_days 45):

candidate 1
  A1 Acme "Data Engineer" (55-70k), linkedin, applied Mon 01-05: screening 01-08, interviewing
     01-12, offer 01-26, accepted 01-30; phone screen 01-09 (4), technical 01-14 (5);
     outcome accepted 01-30 at 65k.            furthest accepted, response 01-08 (3 days)
  A2 Beta, linkedin, applied 01-06, nothing.   ghosted: no response for 84 days
  A3 Gamma, indeed, applied 01-07: rejected 02-10 recorded first, then screening backdated to
     01-15; video 01-20 (2), video 02-03 cancelled; outcome rejected 02-10.
                                               furthest interviewing, response 01-15 (8 days)
  A4 Acme again "Senior Data Engineer" (60-75k), referral, applied 02-02, no status history at
     all, outcome offer 02-20 at 80k.          furthest offer, response 02-20 (18 days)
  A5 Delta, company_website, applied 03-02, technical interview 03-05 (3), no status change.
                                               furthest interviewing, response 03-05 (3 days)
  A6 Epsilon, indeed, applied 03-23, nothing.  not ghosted yet (8 days)
  A7 Zeta, linkedin, applied 01-12: interviewing 01-20; hr interview 01-22 (3), then silence.
                                               furthest interviewing, response 01-20 (8 days);
                                               ghosted: 68 days after the last interview
candidate 2
  B1 Acme "Data Engineer", france_travail, applied 03-10, withdrew 03-12 (outcome withdrew).
                                               furthest applied, no response (withdrew is not one)

The milestones (furthest stage, first response, offer, open) are the accumulating snapshot's,
computed by the ETL (tests/test_etl_metrics.py holds these histories through the real load);
the search states them as worked out here, and the marts must carry them and build on them.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from helpers_dbt import (
    ROOT,
    Application,
    Interview,
    StarSearch,
    query,
    query_dicts,
    repository_dbt_target,
)

from hirewire import analytics

pytestmark = pytest.mark.slow

AS_OF = date(2026, 3, 31)


def d(month: int, day: int) -> date:
    return date(2026, month, day)


SEARCH = StarSearch(
    candidates={1: "Me", 2: "Coached client"},
    companies={1: "Acme", 2: "Beta", 3: "Gamma", 4: "Delta", 5: "Epsilon", 6: "Zeta"},
    positions={
        1: (1, "Data Engineer", 55000, 70000),
        2: (2, "Analyst", None, None),
        3: (3, "Engineer", None, None),
        4: (1, "Senior Data Engineer", 60000, 75000),
        5: (4, "Engineer", None, None),
        6: (5, "Engineer", None, None),
        7: (6, "Engineer", None, None),
    },
    applications=[
        Application(
            1, 1, 1, 1, "linkedin", d(1, 5),
            changes=[("screening", d(1, 8)), ("interviewing", d(1, 12)),
                     ("offer", d(1, 26)), ("accepted", d(1, 30))],
            interviews=[Interview("phone_screen", d(1, 9), rating=4),
                        Interview("technical", d(1, 14), rating=5)],
            outcome=("accepted", d(1, 30), 65000),
            furthest="accepted", first_response_on=d(1, 8), offer_on=d(1, 26), is_open=False,
        ),
        Application(2, 1, 2, 2, "linkedin", d(1, 6)),
        Application(
            3, 1, 3, 3, "indeed", d(1, 7),
            changes=[("rejected", d(2, 10)), ("screening", d(1, 15))],
            interviews=[Interview("video", d(1, 20), rating=2),
                        Interview("video", d(2, 3), status="cancelled")],
            outcome=("rejected", d(2, 10), None),
            furthest="interviewing", first_response_on=d(1, 15), is_open=False,
        ),
        Application(
            4, 1, 1, 4, "referral", d(2, 2), has_history=False,
            outcome=("offer", d(2, 20), 80000),
            furthest="offer", first_response_on=d(2, 20), offer_on=d(2, 20), is_open=False,
        ),
        Application(
            5, 1, 4, 5, "company_website", d(3, 2),
            interviews=[Interview("technical", d(3, 5), rating=3)],
            furthest="interviewing", first_response_on=d(3, 5),
        ),
        Application(6, 1, 5, 6, "indeed", d(3, 23)),
        Application(
            7, 1, 6, 7, "linkedin", d(1, 12),
            changes=[("interviewing", d(1, 20))],
            interviews=[Interview("hr", d(1, 22), rating=3)],
            furthest="interviewing", first_response_on=d(1, 20),
        ),
        Application(
            8, 2, 1, 1, "france_travail", d(3, 10),
            changes=[("withdrew", d(3, 12))],
            outcome=("withdrew", d(3, 12), None),
            is_open=False,
        ),
    ],
)  # fmt: skip


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The search above in a star-schema DuckDB file, with `dbt build` run on it once."""
    directory = tmp_path_factory.mktemp("dbt_marts")
    path = SEARCH.write(directory / "warehouse.duckdb")
    analytics.run_dbt(
        ["build"], path, as_of=AS_OF, output=directory / "target", echo=lambda _line: None
    )
    return path


def test_build_runs_every_model_data_test_and_unit_test(warehouse: Path) -> None:
    """dbt build creates the ten marts and passes its data tests and unit tests."""
    results = json.loads((warehouse.parent / "target" / "run_results.json").read_text())
    kinds: dict[str, int] = {}
    for result in results["results"]:
        kind = result["unique_id"].split(".")[0]
        # An exposure has nothing to run: dbt reports it as a no-op.
        expected = ("no-op",) if kind == "exposure" else ("success", "pass")
        assert result["status"] in expected, result["unique_id"]
        kinds[kind] = kinds.get(kind, 0) + 1
    assert kinds["model"] >= 20 and kinds["test"] >= 100 and kinds["unit_test"] >= 5
    # Tables, and views for the marts that only select another table's columns.
    marts = {row[0] for row in query(warehouse, "select table_name from information_schema.tables")}
    assert {
        "mart_funnel", "mart_source_effectiveness", "mart_weekly_activity", "mart_applications",
        "mart_company_responsiveness", "mart_interview_performance", "mart_stage_flow",
        "mart_offers", "mart_work_search_log", "mart_candidates",
    } <= marts  # fmt: skip


def test_build_leaves_the_repository_dbt_target_alone(
    warehouse: Path, report_warehouse: Path, repository_dbt_target_at_start: dict[str, int]
) -> None:
    """A test build, this file's and the shared report warehouse's (built by a session
    fixture, before any file's own cache is set), keeps its output, its saved parse and its
    unit-test record out of the repository's dbt/target (the developer's own `make dbt`
    state), in the tests' parse cache."""
    assert repository_dbt_target() == repository_dbt_target_at_start
    cache = analytics.parse_cache()
    assert not cache.is_relative_to(ROOT) and (cache / "dev.msgpack").is_file()


def test_funnel_counts_applications_reaching_at_least_each_stage(warehouse: Path) -> None:
    """Funnel: reached at least each stage, whatever the current status, per candidate."""
    rows = query(
        warehouse,
        "select candidate_id, stage, stage_order, applications, pct_of_applied, pct_of_previous"
        " from mart_funnel order by candidate_id, stage_order",
    )
    # Furthest stages of candidate 1: accepted, applied, interviewing, offer, interviewing,
    # applied, interviewing.
    expected_1 = [("applied", 7), ("screening", 5), ("interviewing", 5), ("technical_test", 2),
                  ("final_round", 2), ("offer", 2), ("accepted", 1)]  # fmt: skip
    assert [(row[1], row[3]) for row in rows if row[0] == 1] == expected_1
    assert [row[2] for row in rows if row[0] == 1] == [1, 2, 3, 4, 5, 6, 7]
    assert [(row[1], row[3]) for row in rows if row[0] == 2] == [
        ("applied", 1), ("screening", 0), ("interviewing", 0), ("technical_test", 0),
        ("final_round", 0), ("offer", 0), ("accepted", 0),
    ]  # fmt: skip
    candidate_1 = {row[1]: row for row in rows if row[0] == 1}
    assert candidate_1["applied"][4:] == (100.0, 100.0)
    assert candidate_1["screening"][4] == pytest.approx(100 * 5 / 7)
    assert candidate_1["technical_test"][5] == pytest.approx(100 * 2 / 5)
    assert candidate_1["accepted"][4:] == (pytest.approx(100 / 7), pytest.approx(50.0))


def test_mart_applications_metrics(warehouse: Path) -> None:
    """Per application: furthest stage, first response, last activity and ghosting as of."""
    rows = {
        row["application_id"]: row
        for row in query_dicts(warehouse, "select * from mart_applications")
    }
    assert len(rows) == 8
    summary = {
        key: (
            row["furthest_stage"], row["has_responded"], row["days_to_first_response"],
            row["is_ghosted"], row["terminal_state"], row["interview_count"],
        )
        for key, row in rows.items()
    }  # fmt: skip
    assert summary == {
        1: ("accepted", True, 3, False, "accepted", 2),
        2: ("applied", False, None, True, "ghosted", 0),
        3: ("interviewing", True, 8, False, "rejected", 2),
        4: ("offer", True, 18, False, "offer", 0),
        5: ("interviewing", True, 3, False, "open", 1),
        6: ("applied", False, None, False, "open", 0),
        7: ("interviewing", True, 8, True, "ghosted", 1),
        8: ("applied", False, None, False, "withdrew", 0),
    }
    backdated = rows[3]
    assert backdated["first_response_on"] == d(1, 15)
    assert backdated["current_status"] == "rejected"
    assert backdated["last_activity_on"] == d(2, 10)
    assert backdated["days_since_last_activity"] == 49
    assert rows[2]["days_since_last_activity"] == 84
    assert rows[4]["current_status"] == "applied" and rows[4]["outcome"] == "offer"
    assert rows[4]["offer_salary"] == 80000
    assert (rows[1]["company_name"], rows[1]["job_title"], rows[1]["source"]) == (
        "Acme", "Data Engineer", "linkedin",
    )  # fmt: skip
    assert rows[1]["applied_on"] == d(1, 5)
    assert {row["as_of_date"] for row in rows.values()} == {AS_OF}
    # Open, not ghosted, quiet for 7 days or more: A5 (26 days) and A6 (8 days).
    assert {key for key, row in rows.items() if row["needs_follow_up"]} == {5, 6}


def test_source_effectiveness_response_rate_and_median(warehouse: Path) -> None:
    """Response rate = responded / applications; median over responded applications only."""
    rows = {
        (row[0], row[1]): row[2:]
        for row in query(
            warehouse,
            "select candidate_id, source, applications, responses, response_rate, interviewed,"
            " offers, median_days_to_first_response from mart_source_effectiveness",
        )
    }
    assert rows == {
        (1, "linkedin"): (3, 2, pytest.approx(2 / 3), 2, 1, 5.5),  # A1 3 days, A7 8 days
        (1, "indeed"): (2, 1, 0.5, 1, 0, 8.0),
        (1, "referral"): (1, 1, 1.0, 1, 1, 18.0),
        (1, "company_website"): (1, 1, 1.0, 1, 0, 3.0),
        (2, "france_travail"): (1, 0, 0.0, 0, 0, None),
    }


def test_company_responsiveness_counts_each_reapplication(warehouse: Path) -> None:
    """Reapplying to a company counts twice; ghost rate per company, as of the as-of date."""
    rows = {
        (row[0], row[1]): row[2:]
        for row in query(
            warehouse,
            "select candidate_id, company_name, applications, responses, response_rate,"
            " median_days_to_first_response, ghost_rate from mart_company_responsiveness",
        )
    }
    assert rows[(1, "Acme")] == (2, 2, 1.0, 10.5, 0.0)  # A1 3 days, A4 18 days
    assert rows[(1, "Beta")] == (1, 0, 0.0, None, 1.0)
    assert rows[(1, "Zeta")] == (1, 1, 1.0, 8.0, 1.0)
    assert rows[(1, "Epsilon")] == (1, 0, 0.0, None, 0.0)
    assert rows[(2, "Acme")] == (1, 0, 0.0, None, 0.0)
    assert len(rows) == 7


def test_weekly_activity_has_every_week_even_empty(warehouse: Path) -> None:
    """One row per ISO week (Monday) from the first to the last activity, zeros included."""
    rows = query(
        warehouse,
        "select week_start, applications_sent, interviews_held, offers, rejections"
        " from mart_weekly_activity where candidate_id = 1 order by week_start",
    )
    assert rows == [
        (d(1, 5), 3, 1, 0, 0),  # A1 A2 A3 sent; phone screen 01-09
        (d(1, 12), 1, 1, 0, 0),  # A7 sent; technical 01-14
        (d(1, 19), 0, 2, 0, 0),  # video 01-20, hr 01-22
        (d(1, 26), 0, 0, 1, 0),  # A1 offer 01-26
        (d(2, 2), 1, 0, 0, 0),  # A4 sent; the 02-03 video was cancelled
        (d(2, 9), 0, 0, 0, 1),  # A3 rejected 02-10
        (d(2, 16), 0, 0, 1, 0),  # A4 offer 02-20
        (d(2, 23), 0, 0, 0, 0),
        (d(3, 2), 1, 1, 0, 0),  # A5 sent, interviewed 03-05
        (d(3, 9), 0, 0, 0, 0),
        (d(3, 16), 0, 0, 0, 0),
        (d(3, 23), 1, 0, 0, 0),  # A6
    ]
    assert query(
        warehouse, "select week_start, applications_sent from mart_weekly_activity"
        " where candidate_id = 2",
    ) == [(d(3, 9), 1)]  # fmt: skip


def test_stage_flow_edges_follow_each_real_path_once(warehouse: Path) -> None:
    """Sankey edges from the history in date order, ending in the terminal state."""
    rows = {
        (row[0], row[1], row[2]): row[3]
        for row in query(
            warehouse,
            "select candidate_id, source_stage, target_stage, applications from mart_stage_flow",
        )
    }
    assert rows == {
        (1, "applied", "screening"): 2,  # A1, A3 (screening backdated before its interview)
        (1, "screening", "interviewing"): 2,  # A1 (phone screen 01-09), A3 (video 01-20)
        (1, "interviewing", "offer"): 1,  # A1
        (1, "offer", "accepted"): 1,  # A1
        (1, "interviewing", "rejected"): 1,  # A3
        (1, "applied", "ghosted"): 1,  # A2
        (1, "applied", "offer"): 1,  # A4: outcome with no history, offer pending
        (1, "applied", "interviewing"): 2,  # A5, A7
        (1, "interviewing", "open"): 1,  # A5
        (1, "interviewing", "ghosted"): 1,  # A7
        (1, "applied", "open"): 1,  # A6
        (2, "applied", "withdrew"): 1,
    }
    leaving_applied = query(
        warehouse,
        "select candidate_id, sum(applications) from mart_stage_flow"
        " where source_stage = 'applied' group by 1 order by 1",
    )
    assert leaving_applied == [(1, 7), (2, 1)]


def test_interview_performance_by_type(warehouse: Path) -> None:
    """Interviews, held, average rating, share followed by a further stage, per type."""
    rows = {
        row[0]: row[1:]
        for row in query(
            warehouse,
            "select interview_type, interviews, completed, average_rating,"
            " followed_by_further_stage, share_followed_by_further_stage"
            " from mart_interview_performance where candidate_id = 1",
        )
    }
    assert rows == {
        "phone_screen": (1, 1, 4.0, 1, 1.0),  # A1: the technical interview came next
        "technical": (2, 2, 4.0, 1, 0.5),  # A1 -> offer; A5 nothing yet
        "video": (2, 1, 2.0, 0, 0.0),  # A3: the next video was cancelled, then rejected
        "hr": (1, 1, 3.0, 0, 0.0),  # A7: silence
    }


def test_offers_against_posted_range(warehouse: Path) -> None:
    """Offers with the salary placed against the position's posted range."""
    rows = query(
        warehouse,
        "select application_id, offer_on, offer_salary, salary_vs_posted_range,"
        " pct_vs_posted_midpoint, outcome from mart_offers order by 1",
    )
    assert rows == [
        (1, d(1, 26), 65000, "within", pytest.approx(4.0), "accepted"),  # midpoint 62.5k
        (4, d(2, 20), 80000, "above", pytest.approx(100 * (80000 / 67500 - 1)), "offer"),
    ]


def test_work_search_log_lists_every_action(warehouse: Path) -> None:
    """One row per action: 8 applications, 6 interviews, 5 follow-ups, 4 outcomes."""
    counts = dict(
        query(warehouse, "select action_type, count(*) from mart_work_search_log group by 1")
    )
    # Follow-ups: A1 screening/interviewing/offer (accepted is the outcome's row), A3 screening
    # (rejected is the outcome's), A7 interviewing; B1's withdrew is its outcome.
    assert counts == {"application": 8, "interview": 6, "follow_up": 5, "outcome": 4}
    first = query_dicts(
        warehouse,
        "select * from mart_work_search_log where application_id = 7 order by action_on",
    )
    assert [(row["action_type"], row["action_on"]) for row in first] == [
        ("application", d(1, 12)), ("follow_up", d(1, 20)), ("interview", d(1, 22)),
    ]  # fmt: skip
    assert {(row["employer"], row["channel"]) for row in first} == {("Zeta", "LinkedIn")}


def test_candidates_overview_and_attention_rank(warehouse: Path) -> None:
    """One row per job seeker with the glossary's numbers; the one with follow-ups due first.

    Me: 7 applications; responded A1 A3 A4 A5 A7 (5); interviews 2+2+1+1 (6, cancelled ones
    count); offers A1 A4; ghosted A2 A7; latest activity A6 applied 03-23; follow-ups due A5 A6.
    Coached client: B1 withdrew (no response, not ghosted), last activity 03-12, nothing due.
    Me is the default candidate (data entry's); keys equal source ids.
    """
    rows = query_dicts(warehouse, "select * from mart_candidates order by attention_rank")
    assert rows == [
        {
            "candidate_key": 1, "candidate_name": "Me", "applications": 7,
            "responded_applications": 5, "response_rate": pytest.approx(5 / 7),
            "interviews": 6, "offers": 2, "ghosted_applications": 2,
            "ghost_rate": pytest.approx(2 / 7), "last_activity_on": d(3, 23),
            "follow_ups_due": 2, "attention_rank": 1, "candidate_id": 1, "is_default": True,
        },
        {
            "candidate_key": 2, "candidate_name": "Coached client", "applications": 1,
            "responded_applications": 0, "response_rate": 0.0, "interviews": 0, "offers": 0,
            "ghosted_applications": 0, "ghost_rate": 0.0, "last_activity_on": d(3, 12),
            "follow_ups_due": 0, "attention_rank": 2, "candidate_id": 2, "is_default": False,
        },
    ]  # fmt: skip
