"""``make serve`` (``policybook serve``): a warm Sphinx rebuilds on save and open pages reload.

The end-to-end test runs the real command the way staff do; the others check the pieces: a
warm rebuild writes exactly what a fresh process would, the reload script and event stream,
and which saved files trigger a build or a restart.
"""

from __future__ import annotations

import contextlib
import filecmp
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from policybook.preview import describe, describe_changes
from policybook.preview.server import BuildState, host_allowed, inject, make_server
from policybook.preview.site import WarmSite
from policybook.preview.watch import ignored, needs_restart
from policybook.state import last_build

BASIC = Path(__file__).parent / "roots" / "test-basic"
TITLE, NEW_TITLE = "知识产权质押融资贴息", "专利质押贷款贴息"
PLEDGE = "source/programs/ip-pledge.yaml"


def fetch(url: str) -> str:
    """The page, or '' while the server is (re)starting."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


class EventReader:
    """Collects the server's ``state`` events in a background thread."""

    def __init__(self, port: int) -> None:
        self.states: list[dict] = []
        self._conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self._conn.request("GET", "/_policybook/events")
        response = self._conn.getresponse()
        assert response.getheader("Content-Type").startswith("text/event-stream")
        threading.Thread(target=self._read, args=(response,), daemon=True).start()

    def _read(self, response) -> None:
        try:
            for raw in response:
                line = raw.decode("utf-8").strip()
                if line.startswith("data: "):
                    self.states.append(json.loads(line[6:]))
        except (OSError, ValueError):
            pass

    def close(self) -> None:
        self._conn.close()


def start_server(src: Path, out: Path, port: int) -> tuple[subprocess.Popen, list[str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "policybook.cli", "--root", str(src), "serve", "--build-dir", str(out),
         "--port", str(port), "-j", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    output: list[str] = []
    threading.Thread(target=lambda: output.extend(iter(process.stdout.readline, "")), daemon=True).start()
    return process, output


@contextlib.contextmanager
def running_preview(tmp_path: Path):
    """``policybook serve`` on a copy of the test root: (source folder, port, process, output)."""
    src = tmp_path / "src"
    shutil.copytree(BASIC, src)
    port = free_port()
    process, output = start_server(src, tmp_path / "build", port)
    try:
        wait_for(lambda: any("serving on" in line for line in output), 90, "the preview server")
        yield src, port, process, output
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_edit_yaml_and_see_the_page_change(tmp_path):
    with running_preview(tmp_path) as (src, port, process, output):
        url = f"http://127.0.0.1:{port}/source/programs/ip-pledge.html"
        page = fetch(url)
        assert TITLE in page
        assert '<script src="/_policybook/preview.js?build=' in page
        assert "reload" in fetch(f"http://127.0.0.1:{port}/_policybook/preview.js")
        assert get(port, "/source/programs/ip-pledge.html", "evil.example")[0] == 403  # DNS rebinding
        events = EventReader(port)
        wait_for(lambda: events.states, 10, "the first state event")
        first = events.states[0]
        assert first["busy"] is False and first["ok"] is True

        replace_in(src / PLEDGE, TITLE, NEW_TITLE)
        wait_for(lambda: NEW_TITLE in fetch(url), 60, "the edited title")
        wait_for(lambda: events.states[-1]["build"] != first["build"], 10, "the build event")
        assert any(state["busy"] for state in events.states), events.states
        assert events.states[-1]["busy"] is False
        # one edit, one rebuild of one document: output written to the build dir must not
        # trigger another. The server announces a build before it prints its report line.
        wait_for(lambda: any(line.startswith("已更新") for line in output), 30, "the rebuild report")
        time.sleep(2)
        rebuilt = [line for line in output if line.startswith("已更新")]
        assert len(rebuilt) == 1, "".join(output)
        assert "重新读取 1 个文件" in rebuilt[0]
        assert any(f"检测到改动 (changed): {PLEDGE}" in line for line in output), "".join(output)

        # a mistake shows in the terminal with its location, and the preview keeps running
        replace_in(src / PLEDGE, "level: municipal", "level: city")
        wait_for(lambda: any("ip-pledge.yaml:3:8: WARNING: level: 未知的取值 'city'" in line for line in output),
                 60, "the located warning")
        wait_for(lambda: "本事项的数据有误" in fetch(url), 30, "the error page")
        # the page is written before the build ends and reports its warnings: wait for the report
        wait_for(lambda: any("1 个警告" in line for line in output), 30, "the warning count")

        # configuration cannot change inside a running Sphinx: the server restarts itself
        with (src / "conf.py").open("a", encoding="utf-8") as conf:
            conf.write("\npolicybook_area = '明湖县'\n")
        wait_for(lambda: any("正在重新启动预览" in line for line in output), 30, "the restart")
        wait_for(lambda: sum("serving on" in line for line in output) == 2, 90, "the restarted server")
        assert "本事项的数据有误" in fetch(url)
        assert process.poll() is None
        events.close()
    assert "Traceback" not in "".join(output)


def test_port_in_use_is_a_clear_error(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "policybook.cli", "--root", str(BASIC), "serve",
             "--build-dir", str(tmp_path), "--port", str(port)],
            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert f"make serve PORT={port + 1}" in result.stderr
    assert "Traceback" not in result.stderr


def _html_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()
                  and p.suffix in (".html", ".json", ".ics", ".xml", ".js", ".txt"))


def test_a_warm_rebuild_writes_what_a_fresh_process_writes(tmp_path):
    """Rebuilding with the same Sphinx application must not depend on what it built before."""
    warm_src, cold_src = tmp_path / "warm", tmp_path / "cold"
    shutil.copytree(BASIC, warm_src)
    shutil.copytree(BASIC, cold_src)

    def site(src: Path) -> WarmSite:
        return WarmSite(src, src.parent / f"{src.name}-out" / "html", src.parent / f"{src.name}-out" / "doctrees")

    def edit(src: Path) -> None:
        replace_in(src / PLEDGE, TITLE, NEW_TITLE)

    # One application per process in real use: the fresh ones run first and are closed
    # before the warm one starts (each holds docutils' global registries while it lives).
    for _ in ("build", "rebuild after the edit"):
        cold = site(cold_src)  # a new application each time, as sphinx-build would start
        assert cold.build().ok
        cold.close()
        if NEW_TITLE not in (cold_src / PLEDGE).read_text("utf-8"):
            edit(cold_src)

    warm = site(warm_src)
    first = warm.build()
    assert first.ok and first.read > 5
    edit(warm_src)
    again = warm.build()
    assert again.ok and again.read == 1 and again.written >= 2, again

    warm_out, cold_out = warm.outdir, cold.outdir
    files = _html_files(warm_out)
    assert files == _html_files(cold_out)
    assert any(NEW_TITLE in (warm_out / name).read_text("utf-8") for name in files if name.endswith(".html"))
    _match, mismatch, errors = filecmp.cmpfiles(warm_out, cold_out, files, shallow=False)
    assert not mismatch and not errors

    # nothing changed: nothing read, nothing written
    still = warm.build()
    assert (still.read, still.written) == (0, 0)
    assert not last_build(warm._app).wrote_pages  # so the search index and exports are left alone
    warm.close()


def test_a_crashed_build_is_reported_and_the_next_one_starts_afresh(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(BASIC, src)
    (src / "conf.py").write_text((src / "conf.py").read_text("utf-8") + "\nhtml_theme = 'no-such-theme'\n", "utf-8")
    site = WarmSite(src, tmp_path / "html", tmp_path / "doctrees", error_log=tmp_path / "error.log")
    report = site.build()
    assert not report.ok and "no-such-theme" in report.error
    assert "Traceback" in (tmp_path / "error.log").read_text("utf-8")
    assert "生成失败" in describe(report) and str(tmp_path / "error.log") in describe(report, error_log=tmp_path / "error.log")
    (src / "conf.py").write_text((BASIC / "conf.py").read_text("utf-8"), "utf-8")
    assert site.build().ok
    site.close()


def test_reload_script_goes_in_the_head():
    page = b"<html><head><title>t</title></head><body>x</body></html>"
    out = inject(page, "abc-3")
    assert out.index(b'<script src="/_policybook/preview.js?build=abc-3" defer></script>') < out.index(b"</head>")
    assert inject(b"bare", "abc-3").startswith(b"bare<script")


def test_build_state_wakes_waiters():
    state = BuildState()
    seen = state.snapshot()
    assert state.wait_for_change(seen, 0.01) == seen  # nothing happened: a ping
    threading.Timer(0.05, state.started).start()
    busy = state.wait_for_change(seen, 5)
    assert busy["busy"] and busy["build"] == seen["build"]
    state.finished(ok=True)
    done = state.wait_for_change(busy, 5)
    assert not done["busy"] and done["build"] != seen["build"]
    state.started()
    state.finished(ok=False)  # a failed build is not a new build: pages keep what they show
    failed = state.snapshot()
    assert failed["build"] == done["build"] and not failed["ok"]


@pytest.mark.parametrize(("path", "is_ignored"), [
    ("source/programs/a.yaml", False),
    ("docs/guide.md", False),
    ("_build/html/index.html", True),
    ("out/html/index.html", True),
    (".git/index", True),
    ("tests/test_x.py", True),
    ("source/programs/.a.yaml.swp", True),
    ("source/programs/a.yaml~", True),
    ("docs/.#guide.md", True),
])
def test_which_saves_trigger_a_build(tmp_path, path, is_ignored):
    assert ignored(tmp_path, tmp_path / path, [tmp_path / "out"]) is is_ignored


def test_code_and_configuration_changes_restart(tmp_path):
    assert needs_restart(tmp_path, {tmp_path / "conf.py"})
    assert needs_restart(tmp_path, {tmp_path / "_ext/policybook/lists.py"})
    assert needs_restart(tmp_path, {tmp_path / "_ext/policybook/templates/program.html"})
    assert not needs_restart(tmp_path, {tmp_path / "source/programs/a.yaml", tmp_path / "docs/a.md"})


def test_changed_files_are_named_without_editor_scratch(tmp_path):
    (tmp_path / "a.yaml").write_text("x")
    named = describe_changes(tmp_path, {tmp_path / "a.yaml", tmp_path / "sedX1y2z3", tmp_path / "gone.md"})
    assert named == "a.yaml, gone.md (已删除)"


def get(port: int, path: str, host: str | None, method: str = "GET") -> tuple[int, str]:
    """(status, body) of a request to 127.0.0.1:port that says it is for ``host``."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.putrequest(method, path, skip_host=True)
        if host is not None:
            conn.putheader("Host", host)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read(4096).decode("utf-8", "replace")
    finally:
        conn.close()


@pytest.fixture
def preview_server(tmp_path):
    """The preview server alone (no build) on 127.0.0.1, serving one page: its port."""
    (tmp_path / "index.html").write_text("<html><head></head><body>首页</body></html>", "utf-8")
    server = make_server("127.0.0.1", 0, tmp_path, BuildState())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def test_a_request_for_another_host_is_refused(preview_server):
    """DNS rebinding: a page on evil.example that points its name at 127.0.0.1 must not read
    the preview (unpublished drafts) through the browser, nor its event stream."""
    port = preview_server
    for host in ("evil.example", f"evil.example:{port}", f"localhost.evil.example:{port}", f"127.0.0.1:{port + 1}",
                 f"localhost:{port}x", "", None):
        for path in ("/", "/index.html", "/_policybook/events", "/_policybook/preview.js", "/missing.html"):
            status, body = get(port, path, host)
            assert status == 403, (host, path)
            assert "预览服务器只接受本机地址的请求" in body and "DNS rebinding" in body
            assert "evil" not in body  # the refused name is not echoed back
    assert get(port, "/", "evil.example", "HEAD") == (403, "")


def test_a_request_for_this_server_is_served(preview_server):
    port = preview_server
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST.:{port}", f"[::1]:{port}", f"192.168.1.20:{port}"):
        status, body = get(port, "/", host)
        assert status == 200 and "首页" in body and "/_policybook/preview.js" in body, host
    assert get(port, "/_policybook/preview.js", f"127.0.0.1:{port}")[0] == 200
    assert "首页" in fetch(f"http://localhost:{port}/")


@pytest.mark.parametrize(("header", "bound", "port", "allowed"), [
    ("127.0.0.1:8000", "127.0.0.1", 8000, True),
    ("localhost:8000", "0.0.0.0", 8000, True),
    ("[::1]:8000", "::1", 8000, True),
    ("10.0.0.5:8000", "0.0.0.0", 8000, True),  # an address cannot be rebound: LAN preview by IP
    ("preview.lan:8000", "preview.lan", 8000, True),  # the name given as --host
    ("Preview.LAN.:8000", "preview.lan", 8000, True),
    ("localhost", "127.0.0.1", 80, True),
    ("localhost", "127.0.0.1", 8000, False),  # no port means 80
    ("preview.lan:8000", "0.0.0.0", 8000, False),
    ("evil.example:8000", "127.0.0.1", 8000, False),
    ("127.0.0.1.nip.io:8000", "127.0.0.1", 8000, False),
    ("localhost:8001", "127.0.0.1", 8000, False),
    ("[::1:8000", "::1", 8000, False),
    ("::1:8000", "::1", 8000, False),
    ("localhost:80:80", "127.0.0.1", 80, False),
    (":8000", "127.0.0.1", 8000, False),
    (None, "127.0.0.1", 8000, False),
])
def test_which_hosts_are_this_server(header, bound, port, allowed):
    assert host_allowed(header, bound, port) is allowed
