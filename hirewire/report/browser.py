"""Open a page in headless Chromium through the DevTools protocol on a pipe (stdlib only).

Used by `--screenshot` and by the tests: load the report, wait until every chart has drawn,
collect console errors and uncaught exceptions, take a full-page PNG.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hirewire import settings
from hirewire.errors import UserError

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
)

# True once every Plotly chart div holds its rendered SVG. The report draws its charts after
# the load event (from its packed data) and says so in <html data-report>: loading, drawing,
# ready or error.
CHARTS_DRAWN = """(() => {
    const charts = [...document.querySelectorAll('.chart .plotly-graph-div')];
    const state = document.documentElement.dataset.report;
    return {
        total: charts.length,
        drawn: charts.filter(chart => chart.querySelector('svg.main-svg')).length,
        ready: document.readyState === 'complete' && state !== 'loading' && state !== 'drawing',
    };
})()"""


def find_chromium() -> str:
    configured = settings.env("HIREWIRE_CHROMIUM")
    for candidate in (configured, "chromium", "chromium-browser", "google-chrome"):
        if candidate and (found := shutil.which(candidate)):
            return found
    raise UserError(
        "no Chromium found: install it (Debian: apt-get install chromium) "
        "or set HIREWIRE_CHROMIUM to its path"
    )


@dataclass
class PageResult:
    charts_total: int
    charts_drawn: int
    errors: list[str] = field(default_factory=list)
    png: bytes | None = None
    probe: Any = None  # the value of the `probe` expression, evaluated once the charts drew
    seconds: float = 0.0  # from navigating to every chart drawn (the browser's start excluded)


class _Pipe:
    """DevTools messages: JSON, each terminated by a NUL byte, on fds 3 (in) and 4 (out)."""

    def __init__(self, write_fd: int, read_fd: int) -> None:
        self.write_fd = write_fd
        self.read_fd = read_fd
        self.buffer = b""
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def send(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> int:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.write_fd, json.dumps(message).encode() + b"\0")
        return self.next_id

    def receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            remaining = deadline - time.monotonic()
            readable, _, _ = select.select([self.read_fd], [], [], max(remaining, 0))
            if not readable:
                raise UserError("Chromium did not answer in time (is the machine overloaded?)")
            chunk = os.read(self.read_fd, 1 << 16)
            if not chunk:
                raise UserError("Chromium exited unexpectedly")
            self.buffer += chunk
        raw, _, self.buffer = self.buffer.partition(b"\0")
        return json.loads(raw)

    def call(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        session: str | None = None,
        timeout: float = 60,
    ) -> dict[str, Any]:
        wanted = self.send(method, params, session)
        deadline = time.monotonic() + timeout
        while True:
            message = self.receive(deadline)
            if message.get("id") == wanted:
                if "error" in message:
                    raise UserError(f"Chromium refused {method}: {message['error'].get('message')}")
                return message.get("result", {})
            self.events.append(message)


def _errors(events: list[dict[str, Any]]) -> list[str]:
    found = []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            found.append(
                details.get("exception", {}).get("description") or details.get("text", "exception")
            )
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            found.append(
                " ".join(
                    str(arg.get("value", arg.get("description", "")))
                    for arg in params.get("args", [])
                )
            )
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            entry = params["entry"]
            found.append(
                f"{entry.get('source')}: {entry.get('text')} {entry.get('url', '')}".strip()
            )
    return found


def load_page(
    url: str,
    width: int = 1280,
    screenshot: bool = False,
    timeout: float = 120,
    probe: str | None = None,
) -> PageResult:
    """Load `url`, wait for every chart to draw (or `timeout`), report errors, optionally a PNG
    and the value of a JavaScript `probe` expression."""
    binary = find_chromium()
    to_browser_read, to_browser_write = os.pipe()
    from_browser_read, from_browser_write = os.pipe()

    def wire_pipes() -> None:  # runs in the child: Chromium expects fds 3 and 4
        high_in = os.dup(to_browser_read)
        high_out = os.dup(from_browser_write)
        os.dup2(high_in, 3)
        os.dup2(high_out, 4)

    with tempfile.TemporaryDirectory(prefix="hirewire-chromium-") as profile:
        process = subprocess.Popen(
            [
                binary,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={width},900",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,
            preexec_fn=wire_pipes,  # the only way to place the pipes on fds 3 and 4
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        pipe = _Pipe(to_browser_write, from_browser_read)
        try:
            return _drive(pipe, url, width, screenshot, timeout, probe)
        finally:
            with contextlib.suppress(OSError):
                pipe.send("Browser.close")
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            os.close(to_browser_write)
            os.close(from_browser_read)


def _drive(
    pipe: _Pipe, url: str, width: int, screenshot: bool, timeout: float, probe: str | None
) -> PageResult:
    target = pipe.call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = pipe.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Page", "Runtime", "Log"):
        pipe.call(f"{domain}.enable", session=session)
    pipe.call(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False},
        session=session,
    )
    started = time.monotonic()
    pipe.call("Page.navigate", {"url": url}, session=session)
    deadline = started + timeout
    state: dict[str, Any] = {"total": 0, "drawn": 0, "ready": False}
    while time.monotonic() < deadline:
        result = pipe.call(
            "Runtime.evaluate", {"expression": CHARTS_DRAWN, "returnByValue": True}, session=session
        )
        state = result.get("result", {}).get("value") or state
        if state["ready"] and state["drawn"] == state["total"]:
            break
        time.sleep(0.1)
    # Let late errors (a chart script failing after load) reach the event queue.
    pipe.call("Runtime.evaluate", {"expression": "1"}, session=session)
    seconds = time.monotonic() - started
    page = PageResult(
        charts_total=state["total"],
        charts_drawn=state["drawn"],
        errors=_errors(pipe.events),
        seconds=seconds,
    )
    if probe:
        # A probe may be a promise (an interaction that waits for the page): its value counts.
        answer = pipe.call(
            "Runtime.evaluate",
            {"expression": probe, "returnByValue": True, "awaitPromise": True},
            session=session,
        )
        page.probe = answer.get("result", {}).get("value")
        pipe.call("Runtime.evaluate", {"expression": "1"}, session=session)
        page.errors = _errors(pipe.events)  # the probe's interaction may have failed too
    if screenshot:
        metrics = pipe.call("Page.getLayoutMetrics", session=session)
        height = int(metrics["cssContentSize"]["height"])
        pipe.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
            session=session,
        )
        time.sleep(0.3)  # responsive charts redraw for the new viewport
        shot = pipe.call(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
            },
            session=session,
            timeout=60,
        )
        page.png = base64.b64decode(shot["data"])
    return page


def screenshot(html_path: Path, png_path: Path, width: int = 1280) -> PageResult:
    """Save a full-page PNG of the report; fail if a chart is missing or the page logged errors."""
    page = load_page(html_path.resolve().as_uri(), width=width, screenshot=True)
    if page.errors or page.charts_drawn != page.charts_total:
        raise UserError(
            "the report did not render cleanly in Chromium "
            f"({page.charts_drawn}/{page.charts_total} charts drawn, errors: {page.errors[:3]})"
        )
    png_path.parent.mkdir(parents=True, exist_ok=True)
    assert page.png is not None
    png_path.write_bytes(page.png)
    return page
