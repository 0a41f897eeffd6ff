"""Builds are reproducible, a failed build keeps the last good site, and the site works from a
sub-path on any static host."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import threading
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.request import urlopen

import pytest

REPO = Path(__file__).parent.parent
BASIC = Path(__file__).parent / "roots" / "test-basic"
VENV = Path(sys.executable).parent.parent


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def run_make(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "POLICYBOOK_DATE": "2026-11-21"}
    return subprocess.run(["make", "-C", str(project), "html", f"VENV={VENV}", "-o", f"{VENV}/.installed", *args],
                          capture_output=True, text=True, env=env, timeout=600)


def test_failed_build_keeps_the_last_good_site(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(BASIC, project)
    shutil.copy(REPO / "Makefile", project / "Makefile")
    first = run_make(project)
    assert first.returncode == 0, first.stderr
    good = tree_digest(project / "_build/html")
    assert "source/programs/ip-pledge.html" in good

    program = project / "source/programs/ip-pledge.yaml"
    program.write_text(program.read_text("utf-8").replace("level: municipal", "level: city"), "utf-8")
    failed = run_make(project)
    assert failed.returncode != 0
    assert "ip-pledge.yaml:3:8: WARNING: level: 未知的取值 'city'" in failed.stderr
    assert "上一次成功构建的网站" in failed.stderr
    assert tree_digest(project / "_build/html") == good
    assert not (project / "_build/next").exists()

    program.write_text(program.read_text("utf-8").replace("level: city", "level: provincial"), "utf-8")
    fixed = run_make(project)
    assert fixed.returncode == 0, fixed.stderr
    assert "省级" in (project / "_build/html/source/programs/ip-pledge.html").read_text("utf-8")


def build_once(out: Path, src: Path = REPO) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1763683200", "POLICYBOOK_DATE": "2026-11-21"}
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-E", "-d", str(out / "doctrees"),
                             str(src), str(out / "html")], capture_output=True, text=True, env=env, timeout=900)
    assert result.returncode == 0, result.stderr


def test_two_clean_builds_are_byte_identical(tmp_path):
    build_once(tmp_path / "a")
    build_once(tmp_path / "b")
    first, second = tree_digest(tmp_path / "a/html"), tree_digest(tmp_path / "b/html")
    assert first.keys() == second.keys()
    differing = sorted(name for name in first if first[name] != second[name])
    assert differing == []


def test_the_same_sources_in_two_folders_build_byte_identical_sites(tmp_path):
    """.buildinfo's config hash included the checkout's path (the template and static folders
    of the extension and the theme), so two folders of one commit published different files."""
    ignore = shutil.ignore_patterns(".git", ".venv", "_build", "*.egg-info", "__pycache__", "node_modules", "tests")
    for name in ("one", "two"):
        shutil.copytree(REPO, tmp_path / name / "checkout", ignore=ignore)
        build_once(tmp_path / name / "out", tmp_path / name / "checkout")
    first, second = tree_digest(tmp_path / "one/out/html"), tree_digest(tmp_path / "two/out/html")
    assert first.keys() == second.keys() and ".buildinfo" in first
    assert sorted(name for name in first if first[name] != second[name]) == []


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("href", "src"):
            if attrs.get(key) and not (tag == "link" and attrs.get("rel") in ("alternate", "canonical")):
                self.urls.append(attrs[key])


def test_site_served_from_a_sub_path_has_no_broken_links(sample_site):
    root = Path(sample_site.outdir)

    class Handler(SimpleHTTPRequestHandler):
        def translate_path(self, path):
            path = urlsplit(path).path
            if not path.startswith("/kjj/"):
                return "/nonexistent"
            return str(root / path.removeprefix("/kjj/").lstrip("/"))

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/kjj/"
    try:
        pages = [base + p.relative_to(root).as_posix() for p in sorted(root.rglob("*.html"))
                 if p.name != "404.html" and not p.relative_to(root).as_posix().startswith("_static/")]
        checked: dict[str, int] = {}
        broken = []
        for page in pages:
            parser = _Links()
            with urlopen(page) as response:
                parser.feed(response.read().decode("utf-8"))
            for url in parser.urls:
                target = urljoin(page, url).split("#")[0]
                if not target.startswith(base) or target in checked:
                    continue
                try:
                    with urlopen(target) as response:
                        checked[target] = response.status
                except OSError:
                    checked[target] = 404
                    broken.append((page.removeprefix(base), url))
        assert broken == []
        assert len(checked) > 50
    finally:
        server.shutdown()


@pytest.mark.parametrize("page", ["index.html", "source/programs/patent-subsidy.html"])
def test_pages_work_from_file_urls(sample_site, page):
    """Every internal link and asset is relative, so the site opens from a folder too."""
    parser = _Links()
    path = Path(sample_site.outdir) / page
    parser.feed(path.read_text("utf-8"))
    for url in parser.urls:
        if url.startswith(("http:", "https:", "mailto:", "tel:", "#")):
            continue
        assert not url.startswith("/"), url
        assert (path.parent / url.split("#")[0].split("?")[0]).exists(), url


# --- staff trust: a preview with mistakes never becomes a published site --------------------------

def _preview_then_stop(project: Path, build_dir: Path | None, edit) -> list[str]:
    """Run ``policybook serve`` on ``project``, make ``edit()``, wait for the rebuild, stop it."""
    sys.path.insert(0, str(Path(__file__).parent))
    from test_live_preview import free_port, wait_for

    port = free_port()
    args = [sys.executable, "-m", "policybook.cli", "--root", str(project), "serve", "--port", str(port), "-j", "1"]
    if build_dir is not None:
        args += ["--build-dir", str(build_dir)]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1", "POLICYBOOK_DATE": "2026-11-21"})
    output: list[str] = []
    threading.Thread(target=lambda: output.extend(iter(process.stdout.readline, "")), daemon=True).start()
    try:
        wait_for(lambda: any("serving on" in line for line in output), 120, "the preview")
        edit()
        wait_for(lambda: any(line.startswith("已更新") for line in output), 120, "the rebuild after the edit")
    finally:
        process.terminate()
        process.wait(timeout=30)
    return output


@pytest.mark.parametrize("shared", [False, True], ids=["preview-in-its-own-folder", "preview-in-_build"])
def test_a_preview_with_mistakes_never_reaches_make_html(tmp_path, shared):
    """make serve, then make html, published broken content with exit 0: the preview had built
    into the _build/html and _build/doctrees make html starts from, so Sphinx saw nothing to
    re-read and warned about nothing. Now the preview builds elsewhere, and every build reports
    every problem of the project anyway (``shared``: a preview pointed at _build on purpose)."""
    sys.path.insert(0, str(Path(__file__).parent))
    from badinput import harness
    from test_badinput import parse_warnings

    project = tmp_path / "project"
    shutil.copytree(BASIC, project)
    shutil.copy(REPO / "Makefile", project / "Makefile")
    assert run_make(project).returncode == 0
    good = tree_digest(project / "_build/html")
    cases = [case for case in harness.load_manifest() if not case.generate]
    bad = [case for case in cases if case.error_in("build") and "build" not in case.gaps]
    output = _preview_then_stop(project, project / "_build" if shared else None,
                                lambda: harness.install(project, cases))
    assert any("WARNING" in line for line in output)
    if not shared:
        assert tree_digest(project / "_build/html") == good  # the preview wrote elsewhere
    before = tree_digest(project / "_build/html")

    failed = run_make(project)
    reported = {w["file"] for w in parse_warnings(failed.stderr, project, failed.stdout) if w["line"] >= 1}
    assert failed.returncode != 0
    assert [case.file for case in bad if case.file not in reported] == []
    assert "上一次成功构建的网站" in failed.stderr
    assert tree_digest(project / "_build/html") == before
