"""Random changes to a source database, for the property tests of incremental loads and refreshes
(tests/test_etl_incremental.py, tests/test_refresh_incremental.py).

A change is (operation, selector, days): the operation names what is written, the selector picks
which existing row (modulo the number of rows it may pick) and the days date it (`base` + days).
A round may be scoped to some candidates: its applications, interviews and candidate changes
then touch only theirs (a company, position or source change still reaches whoever uses it, and
any candidate's application may be reassigned to one of theirs). The source's own rules refuse
some changes (a foreign key, a required column, a unique name, a date rule), rolled back like a
user's refused write; `Tally` counts them so that a test sees every kind of change applied and
refusals never dominate.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import psycopg
from hypothesis import strategies as st

# The operations that write an application or one of its children (interviews, outcome,
# status history): each applied one changes at least one application.
WRITING_APPLICATIONS = (
    "add_application",
    "change_status",
    "add_interview",
    "plan_interview",
    "update_interview",
    "delete_interview",
    "set_outcome",
    "delete_application",
    "delete_application_with_children",
    "move_applied_on",
    "reassign_application",
)
APPLICATION_OPERATIONS = frozenset(WRITING_APPLICATIONS)
OPERATIONS = (
    *WRITING_APPLICATIONS,
    "add_position",
    "move_position",
    "rename_position",
    "rename_company",
    "add_company",
    "delete_company",
    "delete_position",
    "rename_candidate",
    "relabel_source",
)
STATUSES = ("screening", "interviewing", "offer", "rejected", "ghosted", "on_hold", "applied")
# Refusals a random change may meet, each one of the source's rules. CheckViolation: migration
# 008's date rules (nothing before the application or in the future) refuse some random dates,
# as they refuse a user's.
ALLOWED_REFUSALS = frozenset(
    {"ForeignKeyViolation", "NotNullViolation", "UniqueViolation", "CheckViolation"}
)
# Changes are dated up to this many days after `base`.
DAYS = 120


def default_base() -> date:
    """The first day changes are dated: DAYS - 5 days ago, so that nearly all dates are past and
    the last few are in the future (refused for an application, planned for an interview), the
    same mix whatever day the tests run; few refusals let a few rounds apply every operation."""
    return datetime.now(UTC).date() - timedelta(days=DAYS - 5)


def search_start() -> date:
    """Where a test's initial search starts: before the changes' first day, so that an added
    application (selector and days 0 come first) does not repeat one of the search's."""
    return default_base() - timedelta(days=10)


@st.composite
def change_rounds(
    draw: st.DrawFn, operations: tuple[str, ...] = OPERATIONS, extra: int = 10
) -> list[tuple[str, int, int]]:
    """A round of random changes, (operation, selector, days) each: every one of `operations`
    once plus up to `extra` more, in a random order (a few examples try every kind of change)."""
    operations = [*operations, *draw(st.lists(st.sampled_from(operations), max_size=extra))]
    return [
        (
            operation,
            draw(st.integers(min_value=0, max_value=1000)),
            draw(st.integers(min_value=0, max_value=DAYS)),
        )
        for operation in draw(st.permutations(operations))
    ]


def pick(conn: psycopg.Connection, table: str, selector: int) -> int | None:
    """The id of an existing row of `table`, chosen by `selector` (None when the table is empty)."""
    query = psycopg.sql.SQL("select id from hirewire.{} order by id").format(
        psycopg.sql.Identifier(table)
    )
    return choose(conn, query, selector)


def choose(
    conn: psycopg.Connection, query: object, selector: int, params: dict | None = None
) -> int | None:
    """One of the ids a query returns, chosen by `selector` (None when it returns none)."""
    ids = [row[0] for row in conn.execute(query, params).fetchall()]
    return ids[selector % len(ids)] if ids else None


# Rows of the scoped candidates (all candidates when the scope is null).
SCOPED_CANDIDATES = (
    "select id from hirewire.candidates "
    "where %(scope)s::bigint[] is null or id = any(%(scope)s::bigint[]) order by id"
)
SCOPED_APPLICATIONS = (
    "select id from hirewire.interview_processes "
    "where %(scope)s::bigint[] is null or candidate_id = any(%(scope)s::bigint[]) order by id"
)
SCOPED_INTERVIEWS = (
    "select interview.id from hirewire.interviews as interview "
    "inner join hirewire.interview_processes as application on interview.process_id = "
    "application.id where %(scope)s::bigint[] is null "
    "or application.candidate_id = any(%(scope)s::bigint[]) order by interview.id"
)
SCOPED_APPLICATIONS_WITH_CHILDREN = (
    "select id from hirewire.interview_processes as application "
    "where (%(scope)s::bigint[] is null or candidate_id = any(%(scope)s::bigint[])) "
    "and (exists (select from hirewire.interviews where process_id = application.id) "
    "or exists (select from hirewire.interview_outcomes where process_id = application.id)) "
    "order by id"
)

COMPANIES = (
    "select id from hirewire.companies order by id",
    "select id from hirewire.companies as company where not exists "
    "(select from hirewire.job_positions where company_id = company.id) order by id",
)
POSITIONS = (
    "select id from hirewire.job_positions order by id",
    "select id from hirewire.job_positions as position where not exists "
    "(select from hirewire.interview_processes where position_id = position.id) order by id",
)


def apply(
    conn: psycopg.Connection,
    operation: str,
    selector: int,
    days: int,
    base: date | None = None,
    candidates: list[int] | None = None,
) -> str:
    """One random change to the source, dated `base` (default_base()) + `days`, touching only
    the applications of `candidates` (all when None): "applied", "no target" (nothing to change:
    an empty table, no such row) or the name of the constraint error that refused it (rolled
    back)."""
    day = (base or default_base()) + timedelta(days=days)
    moment = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
    scope = {"scope": candidates}
    app = choose(conn, SCOPED_APPLICATIONS, selector, scope)
    cursor = None
    try:
        with conn.transaction():
            if operation == "add_application":
                position = pick(conn, "job_positions", selector)
                candidate = choose(conn, SCOPED_CANDIDATES, days, scope)
                cursor = conn.execute(
                    "insert into hirewire.interview_processes (candidate_id, position_id, "
                    "applied_on, source_code) values (%s, %s, %s, %s)",
                    [candidate, position, day, ("linkedin", "referral", "indeed")[selector % 3]],
                )
            elif operation == "change_status" and app:
                conn.execute("select set_config('hirewire.effective_at', %s, true)", [str(moment)])
                cursor = conn.execute(
                    "update hirewire.interview_processes set status_code = %s where id = %s",
                    [STATUSES[selector % len(STATUSES)], app],
                )
            elif operation == "add_interview" and app:
                cursor = conn.execute(
                    "insert into hirewire.interviews (process_id, scheduled_at, status_code) "
                    "values (%s, %s, %s)",
                    [app, moment, ("scheduled", "completed", "cancelled")[selector % 3]],
                )
            elif operation == "plan_interview" and app:
                # After today whatever `base` is: an interview still to come.
                today = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0)
                cursor = conn.execute(
                    "insert into hirewire.interviews (process_id, scheduled_at, status_code) "
                    "values (%s, %s, 'scheduled')",
                    [app, today + timedelta(days=1 + days % 30)],
                )
            elif operation == "update_interview":
                interview = choose(conn, SCOPED_INTERVIEWS, selector, scope)
                cursor = conn.execute(
                    "update hirewire.interviews set scheduled_at = %s, status_code = 'completed' "
                    "where id = %s",
                    [moment, interview],
                )
            elif operation == "delete_interview":
                interview = choose(conn, SCOPED_INTERVIEWS, selector, scope)
                cursor = conn.execute("delete from hirewire.interviews where id = %s", [interview])
            elif operation == "set_outcome" and app:
                cursor = conn.execute(
                    "insert into hirewire.interview_outcomes (process_id, outcome_code, "
                    "decided_on, salary_offered) values (%s, %s, %s, %s) on conflict (process_id) "
                    "do update set outcome_code = excluded.outcome_code, "
                    "decided_on = excluded.decided_on",
                    [app, ("offer", "rejected", "accepted", "declined")[selector % 4], day, 50000],
                )
            elif operation == "delete_application" and app:
                cursor = conn.execute(
                    "delete from hirewire.interview_processes where id = %s", [app]
                )
            elif operation == "delete_application_with_children":
                parent = choose(conn, SCOPED_APPLICATIONS_WITH_CHILDREN, selector, scope)
                cursor = conn.execute(
                    "delete from hirewire.interview_processes where id = %s", [parent]
                )
            elif operation == "move_applied_on" and app:
                cursor = conn.execute(
                    "update hirewire.interview_processes set applied_on = %s where id = %s",
                    [day, app],
                )
            elif operation == "reassign_application":
                # Any candidate's application, to one of the round's: the one it leaves may
                # have no other change.
                moved = pick(conn, "interview_processes", selector)
                candidate = choose(conn, SCOPED_CANDIDATES, days, scope)
                cursor = conn.execute(
                    "update hirewire.interview_processes set candidate_id = %s where id = %s",
                    [candidate, moved],
                )
            elif operation == "add_position":
                company = pick(conn, "companies", selector)
                cursor = conn.execute(
                    "insert into hirewire.job_positions (company_id, title, salary_min, "
                    "salary_max) values (%s, %s, %s, %s)",
                    [company, f"Role {selector}-{days}", 1000 * days, 1000 * days + 5000],
                )
            elif operation == "move_position":
                position = pick(conn, "job_positions", selector)
                company = pick(conn, "companies", days)
                cursor = conn.execute(
                    "update hirewire.job_positions set company_id = %s where id = %s",
                    [company, position],
                )
            elif operation == "rename_position":
                position = pick(conn, "job_positions", selector)
                cursor = conn.execute(
                    "update hirewire.job_positions set title = %s where id = %s",
                    [f"Retitled {selector}-{days}", position],
                )
            elif operation == "rename_company":
                company = pick(conn, "companies", selector)
                cursor = conn.execute(
                    "update hirewire.companies set name = %s where id = %s",
                    [f"Renamed {selector}-{days}", company],
                )
            elif operation == "add_company":
                cursor = conn.execute(
                    "insert into hirewire.companies (name) values (%s)", [f"New {selector}-{days}"]
                )
            elif operation == "delete_company":
                # Half of the time one with no position: a delete the source accepts.
                company = choose(conn, COMPANIES[selector % 2], selector)
                cursor = conn.execute("delete from hirewire.companies where id = %s", [company])
            elif operation == "delete_position":
                # Half of the time one with no application: a delete the source accepts.
                position = choose(conn, POSITIONS[selector % 2], selector)
                cursor = conn.execute(
                    "delete from hirewire.job_positions where id = %s", [position]
                )
            elif operation == "rename_candidate":
                candidate = choose(conn, SCOPED_CANDIDATES, selector, scope)
                cursor = conn.execute(
                    "update hirewire.candidates set name = %s where id = %s",
                    [f"Seeker {selector}-{days}", candidate],
                )
            elif operation == "relabel_source":
                cursor = conn.execute(
                    "update hirewire.application_sources set label = %s where code = 'indeed'",
                    [f"Indeed {selector}"],
                )
    except psycopg.errors.IntegrityError as refused:
        return type(refused).__name__
    return "applied" if cursor is not None and cursor.rowcount > 0 else "no target"


class Tally:
    """What a test's random changes did: outcomes ("applied", "no target", a refusal) and how
    many of each operation were applied."""

    def __init__(self, operations: tuple[str, ...] = OPERATIONS) -> None:
        self.operations = operations
        self.outcomes: Counter[str] = Counter()
        self.applied: Counter[str] = Counter()

    def apply_all(
        self,
        conn: psycopg.Connection,
        changes: list[tuple[str, int, int]],
        base: date | None = None,
        candidates: list[int] | None = None,
    ) -> set[str]:
        """Apply a round of changes (see `apply`); returns the operations it applied."""
        done = set()
        for operation, selector, days in changes:
            outcome = apply(conn, operation, selector, days, base, candidates)
            self.outcomes[outcome] += 1
            self.applied[operation] += outcome == "applied"
            if outcome == "applied":
                done.add(operation)
        return done

    def check(self) -> None:
        """Every kind of change was applied at least once; refusals are the source's rules
        only, and fewer than half as many as the changes applied."""
        never = [operation for operation in self.operations if not self.applied[operation]]
        assert never == [], (never, self.outcomes)
        refused = set(self.outcomes) - {"applied", "no target"}
        assert refused <= ALLOWED_REFUSALS, self.outcomes
        total_refused = sum(self.outcomes[reason] for reason in refused)
        assert self.outcomes["applied"] > 2 * total_refused, self.outcomes
