"""Serve the preview site, and tell open pages when a new build is ready.

Plain files, like the published site, plus two paths of our own: ``/_policybook/preview.js``
(added to every HTML page as an external script, so a strict Content-Security-Policy still
holds) and ``/_policybook/events``, a Server-Sent Events stream of the build state. A page
reloads itself when a build newer than the one it was loaded from has finished.

Only requests addressed to this machine are answered (DNS rebinding): a web page elsewhere
could point a name it controls at 127.0.0.1 and read the preview (drafts not yet published)
through the staff member's browser. The Host header must name the port the server listens on
and ``localhost``, an IP address (a rebinding needs a name, an address cannot be rebound), or
the name given as ``--host``; any other request gets 403 and a short explanation. To preview
from another machine on the LAN (``--host 0.0.0.0``), open it by IP address
(``http://192.168.1.20:8000/``), or give the machine's name as ``--host``.
"""

from __future__ import annotations

import functools
import ipaddress
import json
import threading
import uuid
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SCRIPT = Path(__file__).with_name("preview.js")
SCRIPT_URL = "/_policybook/preview.js"
EVENTS_URL = "/_policybook/events"
PING_SECONDS = 15
SHOWN_PROBLEMS = 20
LOCAL_NAMES = frozenset({"localhost"})


class BuildState:
    """The state pages follow: which build is current, whether one is running, how it went."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._server = uuid.uuid4().hex[:8]  # a restarted server counts as a new build
        self.number = 0
        self.busy = False
        self.ok = True
        self.problems: list[str] = []

    def snapshot(self) -> dict:
        # The first problems travel with the state: every page shows them until they are fixed.
        return {"build": f"{self._server}-{self.number}", "busy": self.busy, "ok": self.ok,
                "problems": len(self.problems), "first": self.problems[:SHOWN_PROBLEMS]}

    def started(self) -> None:
        with self._changed:
            self.busy = True
            self._changed.notify_all()

    def finished(self, ok: bool, problems: list[str] | None = None) -> None:
        with self._changed:
            self.busy, self.ok = False, ok
            if ok:
                self.number += 1
                self.problems = list(problems or [])
            self._changed.notify_all()

    def wait_for_change(self, seen: dict, timeout: float) -> dict:
        with self._changed:
            self._changed.wait_for(lambda: self.snapshot() != seen, timeout)
            return self.snapshot()


def split_host(header: str) -> tuple[str, int | None] | None:
    """``Host`` as (lower-case name or address, port or None); None when it is malformed."""
    header = header.strip().lower()
    if header.startswith("["):  # [::1]:8000
        name, bracket, rest = header[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            return None
        port = rest[1:] if rest else None
    else:
        name, colon, port = header.partition(":")
        port = port if colon else None
        if ":" in (port or ""):
            return None
    if port is not None and not (port.isdigit() and len(port) <= 5):
        return None
    return name.removesuffix("."), None if port is None else int(port)


def host_allowed(header: str | None, bound: str, port: int) -> bool:
    """Whether a request with this ``Host`` is meant for this server (see the module's doc)."""
    parsed = split_host(header) if header else None
    if parsed is None or not parsed[0]:
        return False
    name, asked = parsed
    if (asked if asked is not None else 80) != port:
        return False
    if name in LOCAL_NAMES or name == bound.strip("[]").lower().removesuffix("."):
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class PreviewHandler(SimpleHTTPRequestHandler):
    state: BuildState
    bound_host: str = "127.0.0.1"  # the --host the server was started with

    def parse_request(self) -> bool:
        """Every method and path, the event stream too: refuse a Host that is not this server."""
        if not super().parse_request():
            return False
        port = self.server.server_address[1]
        if host_allowed(self.headers.get("Host"), self.bound_host, port):
            return True
        body = (f"403 预览服务器只接受本机地址的请求。请打开 http://127.0.0.1:{port}/ "
                f"(在局域网中预览时, 使用服务器的 IP 地址)。\n"
                f"Forbidden: the Host header does not name this preview server (DNS rebinding protection). "
                f"Open http://127.0.0.1:{port}/ or use the server's IP address.\n").encode()
        self.close_connection = True
        self.send_response(HTTPStatus.FORBIDDEN)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return False

    def do_GET(self) -> None:  # noqa: N802 - the http.server protocol
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == SCRIPT_URL:
            self._send(SCRIPT.read_bytes(), "text/javascript; charset=utf-8")
        elif path == EVENTS_URL:
            self._events()
        else:
            page = Path(self.translate_path(self.path))
            if page.is_dir() and path.endswith("/"):
                page = page / "index.html"
            if page.suffix == ".html" and page.is_file():
                build = self.state.snapshot()["build"]
                self._send(inject(page.read_bytes(), build), "text/html; charset=utf-8")
            else:
                super().do_GET()

    def end_headers(self) -> None:
        # Every response is fresh: a reload after a build must not show cached CSS or data.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the http.server signature
        pass  # the terminal is for build messages

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.end_headers()
        seen: dict = {}
        try:
            while True:
                current = self.state.wait_for_change(seen, PING_SECONDS)
                if current == seen:
                    self.wfile.write(b": ping\n\n")  # finds closed connections
                else:
                    self.wfile.write(f"event: state\ndata: {json.dumps(current)}\n\n".encode())
                    seen = current
                self.wfile.flush()
        except OSError:
            return  # the page was closed or reloaded


def inject(page: bytes, build: str) -> bytes:
    """The page with the reload script added to its head (or appended, for a bare page).

    The script is told which build the page came from, so a build that finishes between
    serving the page and opening the event stream still reloads it.
    """
    tag = f'<script src="{SCRIPT_URL}?build={build}" defer></script>'.encode()
    head_end = page.find(b"</head>")
    if head_end < 0:
        return page + tag
    return page[:head_end] + tag + page[head_end:]


def make_server(host: str, port: int, directory: Path, state: BuildState) -> ThreadingHTTPServer:
    """A server for ``directory`` (raises OSError when the port is taken)."""
    handler = type("Handler", (PreviewHandler,), {"state": state, "bound_host": host})
    server = ThreadingHTTPServer((host, port), functools.partial(handler, directory=str(directory)))
    server.daemon_threads = True
    return server
