"""The deploy guide's nginx config, run for real: headers present, pages load with no CSP
violation in Chromium."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from policybook.pages.csp import CSP

pytestmark = pytest.mark.browser

REPO = Path(__file__).parent.parent.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PAGES = ["index.html", "source/programs/patent-subsidy.html", "source/policies/county-sci-measures.html",
         "source/categories/ip.html", "source/guides/getting-started.html", "source/finder.html",
         "source/self-check.html", "source/calendar.html", "search.html", "404.html"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def nginx_url(built_site, tmp_path_factory):
    if not Path(NGINX).exists():
        message = "nginx not installed: the deploy-config test cannot run (apt-get install nginx)"
        if os.environ.get("POLICYBOOK_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    tmp = tmp_path_factory.mktemp("nginx")
    port = free_port()
    site = (REPO / "docs/deploy/nginx.conf").read_text("utf-8")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{port};")
    site = site.replace("root /srv/policybook/html;", f"root {built_site};")
    (tmp / "site.conf").write_text(site, "utf-8")
    temp_paths = "".join(f"    {name}_temp_path {tmp}/{name};\n"
                         for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    # test scaffolding around the guide's server block; workers read the pytest temp dir
    user = "user root;\n" if os.geteuid() == 0 else ""
    (tmp / "nginx.conf").write_text(
        f"{user}worker_processes 1;\ndaemon off;\npid {tmp}/nginx.pid;\nerror_log {tmp}/error.log;\n"
        f"events {{}}\nhttp {{\n    include /etc/nginx/mime.types;\n    access_log off;\n{temp_paths}"
        f"    include {tmp}/site.conf;\n}}\n", "utf-8")
    check = subprocess.run([NGINX, "-t", "-c", str(tmp / "nginx.conf"), "-p", str(tmp)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([NGINX, "-c", str(tmp / "nginx.conf"), "-p", str(tmp)])
    url = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_documented_headers_are_sent(nginx_url):
    with urllib.request.urlopen(nginx_url + "source/programs/patent-subsidy.html") as response:
        headers = response.headers
    assert headers["Content-Security-Policy"] == CSP
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cache-Control"] == "no-cache"
    with urllib.request.urlopen(nginx_url + "_static/policybook.css") as response:
        assert response.headers["Cache-Control"] == "max-age=604800"
        assert response.headers["Content-Security-Policy"] == CSP
    with urllib.request.urlopen(nginx_url + "feeds/all.atom") as response:
        assert response.headers["Content-Type"].startswith("application/atom+xml")
    try:
        urllib.request.urlopen(nginx_url + "no/such/page.html")
    except urllib.error.HTTPError as error:
        assert error.code == 404
        assert "页面不存在" in error.read().decode("utf-8")


def test_the_guide_shows_the_same_policy():
    guide = (REPO / "docs/deploy/nginx.conf").read_text("utf-8")
    assert f'add_header Content-Security-Policy "{CSP}" always;' in guide


@pytest.mark.parametrize("page", PAGES)
def test_pages_load_without_csp_violations(page, browser, nginx_url):
    context = browser.new_context()
    tab = context.new_page()
    violations: list[str] = []
    tab.on("console", lambda msg: violations.append(msg.text)
           if re.search(r"Content Security Policy|Refused to", msg.text) else None)
    tab.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                        "console.error('Refused to load (CSP): ' + e.violatedDirective + ' ' + e.blockedURI));")
    response = tab.goto(nginx_url + page, wait_until="networkidle")
    assert response.status in (200, 404)
    tab.wait_for_timeout(300)
    context.close()
    assert violations == []
