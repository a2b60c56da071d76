"""Talking to a running Superset as a user would: its REST API with a session or a token, and
headless Chromium through Selenium and Debian's chromedriver (SE_OFFLINE: nothing downloads)."""

from __future__ import annotations

import json
import os
import re
import shutil
import urllib.error
import urllib.request
from typing import Any

os.environ.setdefault("SE_OFFLINE", "true")

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from hirewire.report.browser import find_chromium


class Api:
    """A Superset REST client logged in with a bearer token (the database auth provider)."""

    def __init__(self, base: str, user: str | None = None, password: str | None = None) -> None:
        self.base = base
        self.token: str | None = None
        if user is not None:
            status, body = self.call(
                "POST",
                "/api/v1/security/login",
                {"username": user, "password": password, "provider": "db", "refresh": False},
            )
            assert status == 200, f"login failed: {status} {body}"
            self.token = body["access_token"]

    def call(self, method: str, path: str, payload: Any = None) -> tuple[int, Any]:
        data = None if payload is None else json.dumps(payload).encode()
        request = urllib.request.Request(f"{self.base}{path}", data=data, method=method)  # noqa: S310
        request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                raw = response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            raw, status = error.read(), error.code
        try:
            return status, json.loads(raw)
        except ValueError:
            return status, raw.decode(errors="replace")

    def ids(self, kind: str) -> dict[str, int]:
        """{name: id} of every chart, dataset or dashboard Superset holds."""
        label = {"chart": "slice_name", "dataset": "table_name", "dashboard": "dashboard_title"}
        query = "(page_size:100)"
        status, body = self.call("GET", f"/api/v1/{kind}/?q={query}")
        assert status == 200, body
        return {row[label[kind]]: row["id"] for row in body["result"]}


def browser() -> webdriver.Chrome:
    """Headless Chromium (the report's lookup) driven by the chromedriver on PATH (Debian's
    chromium-driver, which `.ci/run` installs): Selenium never fetches a driver."""
    driver = shutil.which("chromedriver")
    assert driver, "no chromedriver on PATH: install it (Debian: apt-get install chromium-driver)"
    options = webdriver.ChromeOptions()
    options.binary_location = find_chromium()
    for flag in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1600,2400",
        "--no-first-run",
        "--disable-extensions",
    ):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(driver), options=options)


# One object per chart on the page: its title, whether it is still loading, an error or empty
# panel's text, and what it drew (canvas/svg marks, table rows, a big number).
CHART_STATE_JS = """
return Array.from(document.querySelectorAll('.dashboard-component-chart-holder')).map(holder => {
  const title = (holder.querySelector('[data-test="editable-title"], .header-title')
                 || {}).textContent || '';
  const error = holder.querySelector('[data-test="error-alert"], .ant-alert-error, .alert-danger');
  const empty = holder.querySelector('.empty-state, [data-test="empty-state"]');
  const loading = holder.querySelector('[data-test="loading-indicator"], .loading');
  return {
    title: title.trim(),
    loading: !!loading,
    error: error ? error.textContent.trim().slice(0, 300) : '',
    empty: empty ? empty.textContent.trim().slice(0, 200) : '',
    drawn: holder.querySelectorAll('canvas, svg path, svg rect').length,
    rows: holder.querySelectorAll('tbody tr').length,
    number: ((holder.querySelector('.header-line') || {}).textContent || '').trim(),
  };
});
"""


def number(text: str) -> float:
    """A big-number text ('60', '1.2k', '45%') as a float, for comparisons."""
    match = re.search(r"-?[\d.,]+", text)
    assert match, f"no number in {text!r}"
    return float(match.group().replace(",", ""))
