"""make html publishes atomically: a second build in the same folder is refused, a killed build
leaves the old site or the new one (never none, never half), and a failed build says truthfully
whether a last good site exists. Every test runs the real Makefile target on a copy of the test
project (like test_build_safety.py), with this checkout's .venv."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

REPO = Path(__file__).parent.parent
BASIC = Path(__file__).parent / "roots" / "test-basic"
VENV = Path(sys.executable).parent.parent
BUSY = "另一个构建正在进行"
KEPT = "构建失败, _build/html 仍是上一次成功构建的网站"
NONE_YET = "构建失败, 还没有成功构建过的网站"
PROGRAM = "source/programs/ip-pledge.yaml"

pytestmark = pytest.mark.skipif(os.name != "posix" or not shutil.which("make"), reason="make, flock and process groups")


def make_command(project: Path) -> list[str]:
    # -o: the .venv is this checkout's and already installed; never reinstall from the copy
    return ["make", "-C", str(project), "html", f"VENV={VENV}", "-o", f"{VENV}/.installed"]


def make_env() -> dict[str, str]:
    return {**os.environ, "POLICYBOOK_DATE": "2026-11-21", "PYTHONUNBUFFERED": "1"}


def make_html(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(make_command(project), capture_output=True, text=True, env=make_env(), timeout=600)


class Build:
    """``make html`` running in its own process group, its output collected line by line."""

    def __init__(self, project: Path):
        self.lines: list[str] = []
        self.process = subprocess.Popen(make_command(project), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True, env=make_env(), start_new_session=True)
        self.reader = threading.Thread(target=lambda: self.lines.extend(iter(self.process.stdout.readline, "")),
                                       daemon=True)
        self.reader.start()

    def signal(self, signum: int) -> None:
        try:
            os.killpg(self.process.pid, signum)
        except ProcessLookupError:  # already finished
            pass

    def wait(self) -> int:
        code = self.process.wait(timeout=600)
        self.reader.join(timeout=60)
        return code

    @property
    def output(self) -> str:
        return "".join(self.lines)


def copy_project(tmp_path: Path, source: Path = BASIC) -> Path:
    project = tmp_path / "project"
    shutil.copytree(source, project, symlinks=True)
    shutil.copy(REPO / "Makefile", project / "Makefile")
    return project


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def site_files(project: Path) -> set[str]:
    """Every file of the published site but the search index's, whose names are content hashes
    (the kept full index and, after an edit, the changed pages' one: search/incremental.py)."""
    html = project / "_build/html"
    return {p.relative_to(html).as_posix() for p in html.rglob("*")
            if p.is_file() and not p.relative_to(html).as_posix().startswith(("pagefind/", "pagefind-delta/"))}


def assert_complete_site(project: Path, expected: set[str]) -> None:
    html = project / "_build/html"
    assert (html / "index.html").is_file()
    assert site_files(project) == expected
    entry = json.loads((html / "pagefind/pagefind-entry.json").read_text("utf-8"))  # written last
    for language in entry["languages"].values():
        assert (html / "pagefind" / f"pagefind.{language['hash']}.pf_meta").is_file()


def build_folder(project: Path) -> dict[str, str | int]:
    """What is in _build, links with their targets (to see that a refused build changed nothing)."""
    found = {}
    for folder, folders, files in os.walk(project / "_build"):  # does not follow the links
        for name in folders + files:
            path = Path(folder, name)
            found[path.relative_to(project).as_posix()] = (os.readlink(path) if path.is_symlink()
                                                           else path.stat().st_mtime_ns)
    return found


def assert_only_the_published_stage(project: Path) -> None:
    build = project / "_build"
    assert (build / "html").is_symlink() and os.readlink(build / "html") == "current/html"
    assert (build / "doctrees").is_symlink() and os.readlink(build / "doctrees") == "current/doctrees"
    assert [p.name for p in (build / "sites").iterdir()] == [Path(os.readlink(build / "current")).name]
    assert not (build / "next").exists() and not (build / "previous").exists()
    assert list(build.glob(".*.tmp-*")) == []


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, set[str]]:
    """The test project, built once by make html; tests that change it work on a copy."""
    project = copy_project(tmp_path_factory.mktemp("publish"))
    first = make_html(project)
    assert first.returncode == 0, first.stderr[-3000:]
    assert "网站已生成: _build/html" in first.stdout
    assert "source/programs/ip-pledge.html" in site_files(project)
    return project, site_files(project)


def test_a_no_change_build_publishes_a_new_stage_and_writes_no_page(built):
    project, expected = built
    assert_only_the_published_stage(project)
    html = project / "_build/html"
    pages = {p: p.stat().st_mtime_ns for p in html.rglob("*.html")
             if p.relative_to(html).parts[0] in ("source", "docs", "index.html")}
    assert len(pages) == 11
    before = os.readlink(project / "_build/current")
    again = make_html(project)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "no targets are out of date" in again.stdout
    assert os.readlink(project / "_build/current") != before  # a new stage was published...
    assert {p: p.stat().st_mtime_ns for p in pages} == pages  # ...whose pages the build did not rewrite
    assert_complete_site(project, expected)
    assert_only_the_published_stage(project)


def test_a_second_make_html_in_the_same_folder_is_refused(tmp_path, built):
    """Two make html 0.5 s apart used to leave an empty _build/html, each saying all was well.
    The first build is stopped (SIGSTOP) while it holds the lock, so the overlap is certain."""
    project = copy_project(tmp_path, built[0])
    lock = project / "_build/.lock"
    for _attempt in range(3):
        lock.unlink()
        first = Build(project)
        deadline = time.monotonic() + 120
        while not (lock.exists() and lock.read_text().strip()) and time.monotonic() < deadline:
            time.sleep(0.02)  # the build writes its pid into the lock file once it holds the lock
        first.signal(signal.SIGSTOP)
        if first.process.poll() is None:
            break
        first.wait()  # finished before it could be stopped (a very fast machine): again
    else:
        pytest.fail("could not catch the first build while it held the lock")
    try:
        with lock.open() as probe, pytest.raises(BlockingIOError):
            fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        time.sleep(0.5)
        before = build_folder(project)
        second = make_html(project)
        assert second.returncode != 0
        assert BUSY in second.stderr and "等它结束后再运行 make html" in second.stderr
        assert "网站已生成" not in second.stdout and KEPT not in second.stderr
        assert build_folder(project) == before  # refused without touching anything
    finally:
        first.signal(signal.SIGCONT)
    assert first.wait() == 0, first.output[-3000:]
    assert "网站已生成: _build/html" in first.output
    assert_complete_site(project, built[1])
    assert_only_the_published_stage(project)


def _kill_when(build: Build, moment: str, rng: random.Random, duration: float, current: Path) -> None:
    """SIGKILL the whole make html process group at ``moment``."""
    if moment == "random":
        time.sleep(rng.uniform(0.05, duration * 1.2))
    else:
        published = os.readlink(current)
        text = {"sphinx": "writing output", "switch": "build succeeded"}.get(moment)
        deadline = time.monotonic() + 300
        while build.process.poll() is None and time.monotonic() < deadline:
            if text is not None and any(text in line for line in build.lines):
                break
            if moment == "published" and os.readlink(current) != published:
                break
            time.sleep(0.002)
    build.signal(signal.SIGKILL)
    build.wait()


def test_a_killed_build_leaves_the_old_site_or_the_new_one(tmp_path, built):
    """SIGKILL between the old recipe's two mv left no _build/html, and the next failed build
    still said the last good site was kept. Kill make html's process group at random moments,
    while Sphinx writes, as Sphinx ends (the switch follows) and right after the switch."""
    project = copy_project(tmp_path, built[0])
    started = time.monotonic()
    assert make_html(project).returncode == 0  # a full build in the new folder
    duration = time.monotonic() - started
    expected = built[1]
    program = project / PROGRAM
    rng = random.Random(15)
    outcomes = []
    for number, moment in enumerate(["random", "sphinx", "random", "switch", "published", "random"]):
        old = tree_digest(project / "_build/html")
        title = f"知识产权质押融资贴息{number}"
        program.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", program.read_text("utf-8")), "utf-8")
        _kill_when(Build(project), moment, rng, duration, project / "_build/current")
        assert_complete_site(project, expected)
        now = tree_digest(project / "_build/html")
        new = title in (project / "_build/html/source/programs/ip-pledge.html").read_text("utf-8")
        assert now == old or new, moment  # all old or all new: no mix
        outcomes.append("new" if new else "old")
    assert "old" in outcomes  # at least one kill landed before the switch

    published = tree_digest(project / "_build/html")
    bad = project / "source/programs/broken.yaml"
    bad.write_text("title: [未闭合\n", "utf-8")
    failed = make_html(project)
    assert failed.returncode != 0
    assert KEPT in failed.stderr and NONE_YET not in failed.stderr
    assert tree_digest(project / "_build/html") == published
    assert_only_the_published_stage(project)  # what the killed builds left is gone

    bad.unlink()
    fixed = make_html(project)
    assert fixed.returncode == 0, fixed.stderr[-3000:]
    assert "知识产权质押融资贴息5" in (project / "_build/html/source/programs/ip-pledge.html").read_text("utf-8")
    assert_complete_site(project, expected)
    assert_only_the_published_stage(project)


def test_a_failed_first_build_says_no_site_exists(tmp_path):
    project = copy_project(tmp_path)
    (project / "source/programs/broken.yaml").write_text("title: [未闭合\n", "utf-8")
    failed = make_html(project)
    assert failed.returncode != 0
    assert NONE_YET in failed.stderr and KEPT not in failed.stderr
    assert "Traceback" not in failed.stderr
    assert not (project / "_build/html/index.html").exists()
    assert list((project / "_build/sites").iterdir()) == []


def test_the_old_recipes_folders_are_taken_over(tmp_path, built):
    """A checkout built by the old recipe and killed between its two mv: the last good site is in
    _build/previous/, a new one in _build/next/, no _build/html. The next build restores the
    last good site before building, says so when it fails, and switches to links when it succeeds."""
    project = copy_project(tmp_path, built[0])
    build = project / "_build"
    site = build / "sites" / Path(os.readlink(build / "current")).name
    (build / "previous").mkdir()
    for part in ("html", "doctrees"):
        os.rename(site / part, build / "previous" / part)
        (build / part).unlink()
    (build / "current").unlink()
    shutil.rmtree(build / "sites")
    (build / "next/html").mkdir(parents=True)
    good = tree_digest(build / "previous/html")

    (project / "source/programs/broken.yaml").write_text("title: [未闭合\n", "utf-8")
    failed = make_html(project)
    assert failed.returncode != 0 and KEPT in failed.stderr
    assert not (build / "html").is_symlink() and tree_digest(build / "html") == good
    assert not (build / "next").exists() and not (build / "previous").exists()

    (project / "source/programs/broken.yaml").unlink()
    fixed = make_html(project)
    assert fixed.returncode == 0, fixed.stderr[-3000:]
    assert_complete_site(project, built[1])
    assert_only_the_published_stage(project)
