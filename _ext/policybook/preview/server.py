"""Serve the preview site, and tell open pages when a new build is ready.

Plain files, like the published site, plus two paths of our own: ``/_policybook/preview.js``
(added to every HTML page as an external script, so a strict Content-Security-Policy still
holds) and ``/_policybook/events``, a Server-Sent Events stream of the build state. A page
reloads itself when a build newer than the one it was loaded from has finished.
"""

from __future__ import annotations

import functools
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


class PreviewHandler(SimpleHTTPRequestHandler):
    state: BuildState

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
    handler = type("Handler", (PreviewHandler,), {"state": state})
    server = ThreadingHTTPServer((host, port), functools.partial(handler, directory=str(directory)))
    server.daemon_threads = True
    return server
