"""Time the edit as staff see it in ``make serve``: a save, until the preview is ready.

Starts ``policybook serve`` on a generated site, listens to its build-state stream (the
one the pages' reload script follows), and for each round edits one YAML file and records
the time from the save to the state that says a newer build is ready. That includes the
file watcher's own delay, so it is what a person at the browser waits. The probe log gives
the documents re-read and the pages written; /proc gives the server's CPU time.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


class _Server:
    def __init__(self, cmd: list[str], cwd: Path, env: dict) -> None:
        self.lines: list[tuple[float, str]] = []
        self.states: list[tuple[float, dict]] = []
        self.proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=self._read_output, daemon=True).start()

    def _read_output(self) -> None:
        for line in self.proc.stdout:
            self.lines.append((time.perf_counter(), line.rstrip("\n")))

    def listen(self, port: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        conn.request("GET", "/_policybook/events")
        response = conn.getresponse()

        def read() -> None:
            try:
                for raw in response:
                    if raw.startswith(b"data: "):
                        self.states.append((time.perf_counter(), json.loads(raw[6:])))
            except (OSError, ValueError):
                pass
        threading.Thread(target=read, daemon=True).start()

    def wait(self, predicate, timeout: float, what: str):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = predicate()
            if found:
                return found
            if self.proc.poll() is not None:
                raise RuntimeError(f"policybook serve exited ({self.proc.returncode}): "
                                   + "\n".join(text for _, text in self.lines[-20:]))
            time.sleep(0.01)
        raise RuntimeError(f"timed out waiting for {what}")

    def stop(self) -> None:
        # SIGTERM, not SIGINT: a benchmark started in the background (nohup … &) passes on an
        # ignored SIGINT, and the server would wait out the timeout.
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def warm_edits(cli: list[str], project, runs: int, read_probe, busy) -> list[dict]:
    """``runs`` edits of ``project`` answered by a running ``policybook serve``.

    ``cli`` runs the policybook command (the benchmark's snapshot of it); ``read_probe`` turns
    the probe log into read/written counts, as for the other builds; ``busy`` lists other
    processes that could disturb the timing.
    """
    port = _free_port()
    env = {**os.environ, "PB_BENCH_LOG": str(project.log), "PYTHONUNBUFFERED": "1"}
    cmd = cli + ["--root", str(project.src), "serve", "--build-dir", str(project.out.parent),
                 "--port", str(port), "-j", "1"]
    server = _Server(cmd, project.src, env)
    results = []
    try:
        server.wait(lambda: any("serving on" in text for _, text in server.lines), 900, "the first build")
        server.listen(port)
        server.wait(lambda: server.states, 30, "the state stream")
        for _ in range(runs):
            time.sleep(1.0)  # let the watcher settle, as between a person's saves
            current = server.states[-1][1]["build"]
            seen_lines, seen_states = len(server.lines), len(server.states)
            project.log.unlink(missing_ok=True)
            load, others = os.getloadavg()[0], len(busy())
            cpu_before = _cpu_seconds(server.proc.pid)
            saved = time.perf_counter()
            project.edit()
            ready = server.wait(lambda current=current, seen=seen_states: next(
                (t for t, s in server.states[seen:] if not s["busy"] and (s["build"] != current or not s["ok"])), None),
                120, "the rebuilt preview")
            line = server.wait(lambda seen=seen_lines: next(
                (text for _, text in server.lines[seen:] if text.startswith(("已更新", "生成失败"))), None),
                30, "the build line")
            result = {"wall": round(ready - saved, 3),
                      "cpu": round(_cpu_seconds(server.proc.pid) - cpu_before, 3),
                      "rss_mb": _peak_rss_mb(server.proc.pid), "rc": 0 if line.startswith("已更新") else 1,
                      "load1": round(load, 2), "others": others, "warnings": 0, "server_line": line}
            build = re.search(r"rebuilt in ([\d.]+) s", line)
            result["build_s"] = float(build.group(1)) if build else None
            result.update(read_probe(project.log))
            results.append(result)
    finally:
        server.stop()
    return results
