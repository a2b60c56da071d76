"""Run one benchmark step as a fresh subprocess: wall time, output and peak memory (RSS).

Peak RSS is the larger of two measurements: the kernel's own high-water mark of the child
(`ru_maxrss` from wait4, exact but per process) and the sum of the RSS of the whole process
tree sampled every 50 ms with psutil (catches grandchildren that run at the same time).

Two parts of the tree are also measured on their own, because a refresh runs the ETL in its
own process and then dbt as a child, and the tree's peak would mix them:
- the step's own process (the ETL of a refresh): its kernel high-water mark (`VmHWM`),
  read while it runs;
- dbt: every process started as `.../dbt` and its descendants, the larger of their summed
  sampled RSS and the largest high-water mark of one of them.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import IO

import psutil

SAMPLE_SECONDS = 0.05
# The last lines of a step's output, kept for the error message when it fails.
TAIL_LINES = 30


@dataclass
class Measured:
    seconds: float
    # User + system CPU of the subprocess and the children it waited for (not the Postgres
    # server's): far less sensitive than wall time to other load on a shared machine.
    cpu_seconds: float
    peak_rss_bytes: int
    returncode: int
    stdout: str
    output: list[str]
    # The local PostgreSQL server's CPU during the step (None: no local server): the other
    # half of the machine's work when a step reads the source.
    server_cpu_seconds: float | None = None
    # The step's own process alone, without its children (see the module docstring).
    own_peak_rss_bytes: int = 0
    # The dbt processes' peak; None when the step started no dbt.
    dbt_peak_rss_bytes: int | None = None

    @property
    def output_tail(self) -> list[str]:
        return self.output[-TAIL_LINES:]


class StepFailed(Exception):
    """A step exited non-zero; the message carries its last output lines."""


def _tree_rss(processes: list[psutil.Process]) -> int:
    total = 0
    for member in processes:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            continue
    return total


def _high_water(process: psutil.Process) -> int:
    """The kernel's peak RSS of one live process (Linux `VmHWM`); 0 where it cannot be read."""
    try:
        with open(f"/proc/{process.pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _command(process: psutil.Process) -> list[str]:
    try:
        return process.cmdline()
    except psutil.Error:
        return []


def _is_dbt(process: psutil.Process) -> bool:
    """A process started as dbt: `dbt ...` or `python .../bin/dbt ...`."""
    return any(os.path.basename(part) == "dbt" for part in _command(process)[:2])


class _Peaks:
    """Running peaks of a step's process tree, its own process and its dbt subtree."""

    def __init__(self, root: psutil.Process) -> None:
        self.root = root
        self.root_command = _command(root)
        self.tree = 0
        self.own = 0
        self.dbt: int | None = None
        self.had_children = False
        # Only a yes is kept: between fork and exec a child still shows its parent's command.
        self._dbt_pids: set[tuple[int, float]] = set()

    def _started(self, children: list[psutil.Process]) -> list[psutil.Process]:
        """The children past their exec: a fork that has not yet exec'd shares its parent's
        pages, and counting them twice would double the tree's RSS for that instant."""
        return [child for child in children if _command(child) != self.root_command]

    def _dbt_roots(self, children: list[psutil.Process]) -> list[psutil.Process]:
        roots = []
        for child in children:
            try:
                key = (child.pid, child.create_time())
            except psutil.Error:
                continue
            if key in self._dbt_pids or _is_dbt(child):
                self._dbt_pids.add(key)
                roots.append(child)
        return roots

    def sample(self) -> None:
        try:
            children = self._started(self.root.children(recursive=True))
        except psutil.Error:
            return
        self.had_children = self.had_children or bool(children)
        self.tree = max(self.tree, _tree_rss([self.root, *children]))
        self.own = max(self.own, _high_water(self.root), _tree_rss([self.root]))
        dbt_roots = self._dbt_roots(children)
        if not dbt_roots:
            return
        members: dict[int, psutil.Process] = {}
        for dbt in dbt_roots:
            members[dbt.pid] = dbt
            with contextlib.suppress(psutil.Error):
                members.update((member.pid, member) for member in dbt.children(recursive=True))
        largest = max(_high_water(member) for member in members.values())
        self.dbt = max(self.dbt or 0, _tree_rss(list(members.values())), largest)


def server_cpu_seconds(postmaster: int | None) -> float | None:
    """User + system CPU the PostgreSQL server has used so far: its main process, the
    backends still running and those that exited (the kernel adds a reaped child's time to
    its parent's). None without a local server. Backends that exit between the two reads
    are missed or counted twice: a few clock ticks against the seconds a step takes."""
    if postmaster is None:
        return None
    try:
        main = psutil.Process(postmaster)
        total = 0.0
        for backend in main.children():
            with contextlib.suppress(psutil.Error):
                times = backend.cpu_times()
                total += times.user + times.system
        times = main.cpu_times()
        return total + times.user + times.system + times.children_user + times.children_system
    except psutil.Error:
        return None


def _pump(stream: IO[str], sink: Callable[[str], None]) -> None:
    for line in stream:
        sink(line.rstrip("\n"))
    stream.close()


def run(
    command: Sequence[str],
    env: dict[str, str],
    cwd: str,
    echo: Callable[[str], None],
    server: int | None = None,
) -> Measured:
    """Run `command`, echo its stderr (and stdout) lines as they come, measure time and RSS;
    with `server` (the local PostgreSQL main process id), the server's CPU too."""
    stdout_lines: list[str] = []
    output: list[str] = []

    def on_stderr(line: str) -> None:
        output.append(line)
        echo(line)

    def on_stdout(line: str) -> None:
        stdout_lines.append(line)
        on_stderr(line)

    server_before = server_cpu_seconds(server)
    started = time.perf_counter()
    child = subprocess.Popen(
        list(command),
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        bufsize=1,
    )
    readers = [
        threading.Thread(target=_pump, args=(child.stdout, on_stdout), daemon=True),
        threading.Thread(target=_pump, args=(child.stderr, on_stderr), daemon=True),
    ]
    for reader in readers:
        reader.start()

    peaks: _Peaks | None = None
    done = threading.Event()

    def sample() -> None:
        nonlocal peaks
        try:
            peaks = _Peaks(psutil.Process(child.pid))
        except psutil.Error:
            return
        while not done.is_set():
            peaks.sample()
            done.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        # wait4 rather than Popen.wait: it also returns the child's kernel high-water RSS.
        _, status, usage = os.wait4(child.pid, 0)
    except KeyboardInterrupt:
        child.kill()
        child.wait()
        raise
    seconds = time.perf_counter() - started
    server_after = server_cpu_seconds(server)
    done.set()
    sampler.join()
    child.returncode = os.waitstatus_to_exitcode(status)
    for reader in readers:
        reader.join()
    # Linux reports ru_maxrss in KiB, macOS in bytes.
    kernel_peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return Measured(
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_rss_bytes=max(peaks.tree if peaks else 0, kernel_peak),
        returncode=child.returncode,
        stdout="\n".join(stdout_lines),
        output=output,
        server_cpu_seconds=(
            None
            if server_before is None or server_after is None
            else max(0.0, server_after - server_before)
        ),
        # Without children the kernel's figure is the step's own, and exact.
        own_peak_rss_bytes=max(
            peaks.own if peaks else 0,
            kernel_peak if peaks is None or not peaks.had_children else 0,
        ),
        dbt_peak_rss_bytes=peaks.dbt if peaks else None,
    )
