"""``make serve``'s loop: start sphinx-autobuild, edit a YAML file, see the page change, stop."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

BASIC = Path(__file__).parent / "roots" / "test-basic"
AUTOBUILD = Path(sys.executable).parent / "sphinx-autobuild"


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
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_edit_yaml_and_see_the_page_change(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(BASIC, src)
    port = free_port()
    process = subprocess.Popen(
        [str(AUTOBUILD), str(src), str(tmp_path / "html"), "-d", str(tmp_path / "doctrees"), "-q",
         "--host", "127.0.0.1", "--port", str(port), "--no-color"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(iter(process.stdout.readline, "")), daemon=True)
    reader.start()
    try:
        wait_for(lambda: any(f"Serving on http://127.0.0.1:{port}" in line for line in output),
                 90, "the preview server")
        url = f"http://127.0.0.1:{port}/source/programs/ip-pledge.html"
        wait_for(lambda: "知识产权质押融资贴息" in fetch(url), 30, "the first page")
        rebuilds_before = sum("Rebuilding" in line for line in output)

        path = src / "source/programs/ip-pledge.yaml"
        path.write_text(path.read_text("utf-8").replace("知识产权质押融资贴息", "专利质押贷款贴息"), "utf-8")
        wait_for(lambda: "专利质押贷款贴息" in fetch(url), 60, "the edited title")

        # one edit, one rebuild: output written to the build dir must not trigger another
        time.sleep(3)
        rebuilds = sum("Rebuilding" in line for line in output) - rebuilds_before
        assert rebuilds == 1, "".join(output)

        # a mistake shows in the terminal with its location, and the preview keeps running
        path.write_text(path.read_text("utf-8").replace("level: municipal", "level: city"), "utf-8")
        wait_for(lambda: any("ip-pledge.yaml:3:8: WARNING: level: 未知的取值 'city'" in line for line in output),
                 60, "the located warning")
        wait_for(lambda: "本事项的数据有误" in fetch(url), 30, "the error page")
        assert process.poll() is None
    finally:
        process.terminate()
        process.wait(timeout=20)
