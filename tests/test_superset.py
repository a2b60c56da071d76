"""Apache Superset as `make superset` serves it: installed into .venv-superset (setup, done by
`make superset-install`, which `make test` runs first), set up on a warehouse built by the real
ETL and dbt, served on 127.0.0.1, and looked at in headless Chromium through Selenium and
Debian's chromedriver.

One server for the whole file: setting Superset up takes a minute or two, the tests then share it.
Set HIREWIRE_SUPERSET_SCREENSHOT=docs/superset.png to keep the dashboard's screenshot.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import psycopg
import pytest
from conftest import PG_HOST, PG_PORT, PG_USER, ROOT
from helpers_etl import make_application, make_company, make_position
from helpers_reliability import free_port
from helpers_report import (
    SAMPLE_APPLICATIONS,
    SAMPLE_CANDIDATES,
    build_sample_warehouse,
    drop_database,
)
from helpers_superset import CHART_STATE_JS, Api, browser, number
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

DASHBOARD = "/superset/dashboard/hirewire/"


class Server:
    def __init__(self, directory: Path, env: dict[str, str], first_output: str, dbname: str):
        self.directory = directory
        self.env = env
        self.first_output = first_output
        self.dbname = dbname
        self.base = f"http://127.0.0.1:{env['SUPERSET_PORT']}"
        self.password = (directory / "superset" / "admin_password").read_text().strip()

    def make(self, *targets: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["make", "--no-print-directory", *targets],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    def api(self) -> Api:
        return Api(self.base, "admin", self.password)

    def module(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
        )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, clone_report_source) -> Iterator[Server]:
    """`make superset` on a fresh data directory (sample search, 2 candidates, real ETL and
    dbt), no admin password configured, on a free port; stopped at the end."""
    if not (ROOT / ".venv-superset" / ".installed").is_file():
        # Installing is setup, as for .venv: the tests time and check Superset, not pip.
        pytest.fail("no Superset in .venv-superset: run make superset-install first", pytrace=False)
    directory = tmp_path_factory.mktemp("superset-data")
    dbname = f"hirewire_superset_{os.getpid()}"
    # The sample the report tests share, copied (source database and warehouse): the same
    # search and refresh, built once per run; built here only when its source is gone already.
    if not clone_report_source(dbname, directory):
        build_sample_warehouse(directory, PG_HOST, PG_PORT, PG_USER, dbname)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SUPERSET_", "PYTEST_"))
    }
    env |= {
        "PGHOST": PG_HOST,
        "PGPORT": str(PG_PORT),
        "PGUSER": PG_USER,
        "PGDATABASE": dbname,
        "HIREWIRE_ENV_FILE": os.devnull,
        "HIREWIRE_DATA_DIR": str(directory),
        "HIREWIRE_WAREHOUSE": str(directory / "hirewire.duckdb"),
        "HIREWIRE_EXTENSION_DIR": str(ROOT / ".duckdb_extensions"),
        "SUPERSET_PORT": str(free_port()),
        "DBT_TARGET_PATH": str(directory / "dbt-target"),
        "DBT_LOG_PATH": str(directory / "dbt-logs"),
    }
    env.pop("PGPASSWORD", None)
    first = subprocess.run(
        ["make", "--no-print-directory", "superset"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert first.returncode == 0, first.stdout + first.stderr
    running = Server(directory, env, first.stdout + first.stderr, dbname)
    try:
        yield running
    finally:
        running.make("superset-stop")
        drop_database(PG_HOST, PG_PORT, PG_USER, dbname)


def test_secrets_are_private_and_the_password_printed_once(server: Server) -> None:
    """With no SUPERSET_ADMIN_PASSWORD, the generated password is printed by the first run and
    kept in a 0600 file; the secret key is a 0600 file too; a second `make superset` with
    nothing changed answers in seconds and prints neither."""
    state = server.directory / "superset"
    for name in ("admin_password", "secret_key"):
        assert stat.S_IMODE((state / name).stat().st_mode) == 0o600, name
    assert server.password in server.first_output
    secret_key = (state / "secret_key").read_text().strip()
    started = time.monotonic()
    again = server.make("superset")
    elapsed = time.monotonic() - started
    assert again.returncode == 0, again.stdout + again.stderr
    assert "already running" in again.stdout
    assert elapsed < 20, f"second make superset took {elapsed:.0f} s"
    output = again.stdout + again.stderr
    assert server.password not in output and secret_key not in output
    log = (server.directory / "superset.log").read_text()
    assert server.password not in log and secret_key not in log


def test_anonymous_sees_nothing_and_only_loopback_listens(server: Server) -> None:
    """Without logging in, the API answers 401 and the dashboard sends to the login page; the
    server listens on 127.0.0.1 only."""
    anonymous = Api(server.base)
    for path in ("/api/v1/dashboard/", "/api/v1/chart/", "/api/v1/dataset/", "/api/v1/database/"):
        status, _ = anonymous.call("GET", path)
        assert status == 401, path
    status, body = anonymous.call("GET", DASHBOARD)
    assert "login" in str(body).lower() and "HireWire Admin" not in str(body)
    pid = int((server.directory / "superset" / "server.pid").read_text())
    listening = {
        (connection.laddr.ip, connection.laddr.port)
        for process in (psutil.Process(pid), *psutil.Process(pid).children(recursive=True))
        for connection in process.net_connections(kind="inet")
        if connection.status == psutil.CONN_LISTEN
    }
    assert listening == {("127.0.0.1", int(server.env["SUPERSET_PORT"]))}


def test_port_in_use_is_one_clear_line(server: Server) -> None:
    """Another program on SUPERSET_PORT: `make superset` says so and how to choose another
    port, exits non-zero, and the running server is left alone."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        taken = other.getsockname()[1]
        elsewhere = server.directory.parent / "superset-port-taken"
        elsewhere.mkdir(exist_ok=True)
        env = server.env | {"SUPERSET_PORT": str(taken), "HIREWIRE_DATA_DIR": str(elsewhere)}
        result = subprocess.run(
            [sys.executable, "-m", "hirewire.superset", "start"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"error: port {taken} on 127.0.0.1 is already in use by another program: stop it, or "
        f"choose another port with SUPERSET_PORT={taken + 1} make superset"
    ]
    assert Api(server.base).call("GET", "/health")[0] == 200


def test_reimport_updates_in_place(server: Server) -> None:
    """Importing the dashboards again (as after an edit) keeps one dashboard, one chart per
    file and one dataset per file: same uuids, no duplicate."""
    from hirewire import superset

    sources = superset.load_sources()
    bundle = server.directory / "superset" / "hirewire_dashboards.zip"
    env = server.env | {
        "SUPERSET_CONFIG_PATH": str(superset.CONFIG_FILE),
        "HIREWIRE_SUPERSET_HOME": str(server.directory / "superset"),
    }
    superset_cli = str(ROOT / ".venv-superset" / "bin" / "superset")
    done = subprocess.run(
        [superset_cli, "import-dashboards", "-p", str(bundle), "-u", "admin"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    api = server.api()
    status, body = api.call("GET", "/api/v1/chart/?q=(page_size:100)")
    assert status == 200 and body["count"] == len(sources["charts"])
    status, body = api.call("GET", "/api/v1/dataset/?q=(page_size:100)")
    assert status == 200 and body["count"] == len(sources["datasets"])
    assert list(api.ids("dashboard")) == [sources["dashboard"]["dashboard_title"]]


def _chart_states(driver, timeout: float = 120) -> list[dict]:
    """Every chart of the page once none is loading any more."""
    states: list[dict] = []

    def settled(_driver) -> bool:
        nonlocal states
        states = driver.execute_script(CHART_STATE_JS)
        return bool(states) and not any(state["loading"] for state in states)

    WebDriverWait(driver, timeout, poll_frequency=0.5).until(settled)
    return states


def _headline(states: list[dict], title: str) -> float:
    return number(next(state["number"] for state in states if state["title"] == title))


def _ready_username_field(driver):
    """The login form's user field once it can take keys, else False (WebDriverWait polls)."""
    field = driver.find_element(By.CSS_SELECTOR, "input[name=username], #username")
    return field if field.is_displayed() and field.is_enabled() else False


def _log_in(driver, server: Server, attempts: int = 3) -> None:
    """Log in as admin through the login page. The page is drawn by JavaScript: keys typed
    before the form is ready can be lost, so each attempt waits for the form, and a page that
    stays on /login gets a fresh one (at most `attempts`; the last failure is raised)."""
    for attempt in range(1, attempts + 1):
        driver.get(f"{server.base}/login/")
        username = WebDriverWait(driver, 30).until(_ready_username_field)
        username.send_keys("admin")
        driver.find_element(By.CSS_SELECTOR, "input[type=password]").send_keys(
            server.password + Keys.ENTER
        )
        try:
            WebDriverWait(driver, 30).until(lambda d: "/login" not in d.current_url)
            return
        except TimeoutException:
            if attempt == attempts:
                raise


def test_dashboard_in_a_real_browser(server: Server) -> None:
    """Log in, open the HireWire dashboard: every chart draws data with no error or empty panel,
    and choosing a job seeker in the filter bar changes the headline numbers to theirs: the
    sample's applications are spread over its job seekers, so one of them has fewer than all.
    The filter offers every job seeker, one without an application too."""
    from hirewire import superset

    expected_charts = len(superset.load_sources()["charts"])
    driver = browser()
    try:
        _log_in(driver, server)
        driver.get(f"{server.base}{DASHBOARD}")
        states = _chart_states(driver)
        assert len(states) == expected_charts
        for state in states:
            assert not state["error"], f"{state['title']}: {state['error']}"
            assert not state["empty"], f"{state['title']}: {state['empty']}"
            assert state["drawn"] or state["rows"] or state["number"], (
                f"{state['title']} drew nothing"
            )
        everyone = _headline(states, "Applications")
        assert everyone == SAMPLE_APPLICATIONS
        screenshot = os.environ.get("HIREWIRE_SUPERSET_SCREENSHOT")
        if screenshot:
            driver.save_screenshot(str(ROOT / screenshot))

        # The sample's job seekers, and "Me", the default candidate, with no application yet
        # (the sample is filed under its own candidates).
        overview = next(s for s in states if s["title"].startswith("Job seekers"))
        assert overview["rows"] == SAMPLE_CANDIDATES + 1
        names = driver.execute_script(
            "return Array.from(document.querySelectorAll('.dashboard-component-chart-holder')"
            "[0].querySelectorAll('tbody tr td:first-child')).map(c => c.textContent.trim())"
        )
        # A job seeker of the sample: they have applications for the filter to narrow to.
        chosen = next(name for name in reversed(names) if name.endswith("(sample data)"))
        select = driver.find_element(
            By.CSS_SELECTOR, '[data-test="filter-bar"] .ant-select-selector'
        )
        select.click()
        # Every job seeker is a choice, the default candidate without an application included.
        without_applications = next(name for name in names if not name.endswith("(sample data)"))
        WebDriverWait(driver, 30).until(
            lambda d: d.find_elements(
                By.CSS_SELECTOR, f'.ant-select-item-option[title="{without_applications}"]'
            )
        )
        typed = driver.find_element(By.CSS_SELECTOR, '[data-test="filter-bar"] .ant-select input')
        typed.send_keys(chosen)
        WebDriverWait(driver, 30).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, f'.ant-select-item-option[title="{chosen}"]')
        )
        typed.send_keys(Keys.ENTER)
        driver.find_element(By.CSS_SELECTOR, '[data-test="filter-bar__apply-button"]').click()
        WebDriverWait(driver, 60).until(
            lambda d: _headline(_chart_states(d), "Applications") != everyone
        )
        states = _chart_states(driver)
        theirs = _headline(states, "Applications")
        assert 0 < theirs < everyone
        for state in states:
            assert not state["error"], f"{state['title']} with {chosen}: {state['error']}"
    finally:
        driver.quit()


def test_refresh_while_charts_load(server: Server) -> None:
    """A real refresh (ETL + dbt, published by rename) while chart queries keep running: no
    query fails (each counts the applications before or after), and the next load counts the
    new one: SAMPLE_APPLICATIONS + 1."""
    api = server.api()
    dataset = api.ids("dataset")["mart_candidates"]  # the headline numbers' dataset
    query = {
        "datasource": {"id": dataset, "type": "table"},
        "force": True,
        "queries": [{"metrics": ["applications"], "columns": [], "filters": [], "row_limit": 1}],
        "result_format": "json",
        "result_type": "full",
    }

    def applications() -> tuple[int, object]:
        status, body = api.call("POST", "/api/v1/chart/data", query)
        if status != 200 or body["result"][0]["status"] != "success":
            return status, body
        return status, body["result"][0]["data"][0]["applications"]

    before = SAMPLE_APPLICATIONS
    assert applications() == (200, before)
    with psycopg.connect(
        host=PG_HOST, port=PG_PORT, user=PG_USER, dbname=server.dbname, autocommit=True
    ) as conn:
        company = make_company(conn, "Refresh Test Company")
        make_application(
            conn, make_position(conn, company, "Refresh Test Role"), dt.date(2026, 11, 18)
        )

    results: list[tuple[int, object]] = []
    stop = threading.Event()

    def load() -> None:
        while not stop.is_set():
            results.append(applications())

    loader = threading.Thread(target=load)
    loader.start()
    try:
        refreshed = server.module("hirewire.analytics", "refresh", "--as-of", "2026-11-20")
    finally:
        stop.set()
        loader.join(timeout=120)
    assert refreshed.returncode == 0, refreshed.stdout + refreshed.stderr
    assert len(results) >= 3, "too few loads during the refresh to prove anything"
    failed = [
        result for result in results if result[0] != 200 or result[1] not in (before, before + 1)
    ]
    assert not failed, failed[:3]
    assert applications() == (200, before + 1)
