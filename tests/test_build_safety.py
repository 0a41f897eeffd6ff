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


def build_once(out: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1763683200", "POLICYBOOK_DATE": "2026-11-21"}
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-E", "-d", str(out / "doctrees"),
                             str(REPO), str(out / "html")], capture_output=True, text=True, env=env, timeout=900)
    assert result.returncode == 0, result.stderr


def test_two_clean_builds_are_byte_identical(tmp_path):
    build_once(tmp_path / "a")
    build_once(tmp_path / "b")
    first, second = tree_digest(tmp_path / "a/html"), tree_digest(tmp_path / "b/html")
    assert first.keys() == second.keys()
    differing = sorted(name for name in first if first[name] != second[name])
    assert differing == []


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
