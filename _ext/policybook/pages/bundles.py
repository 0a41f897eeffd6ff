"""Assets that follow each other in a page's head, served as one file (``_static/pb-bundle-*``).

On a slow phone line each request costs a round trip, and a browser fetches only a few files at
a time. Stylesheets next to each other (ours, sphinx-design's, the book theme's) become one
``.css`` file; our own deferred scripts next to each other one ``.js`` file. Parts keep their
order. Each bundle starts with a comment naming its parts, and ``refresh`` (``build-finished``)
rewrites every bundle from them, so a file edited without any page being re-written is not
served stale.

Scripts: only ours (``_static/pb-*.js``), which are ES5 inside a function each: Sphinx's and
the themes' use newer syntax, and an old phone browser that cannot parse one part would lose
the whole bundle (our menus and status badges with it). Each part runs inside ``try``, its error
rethrown apart (as the browser reports it), so one failing script does not stop the next one,
as with separate files.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

_PARTS = re.compile(r"/\* pb-bundle: (.*?) \*/")
_PLAIN_CSS = {"rel": "stylesheet", "type": "text/css"}
_OUR_SCRIPT = re.compile(r"_static/pb-[\w.-]+\.js")


def _css_mergeable(css, static: Path) -> bool:
    name = os.fspath(css.filename or "")
    if "://" in name or not name.startswith("_static/") or not name.endswith(".css"):
        return False
    if any(css.attributes.get(key, value) != value for key, value in _PLAIN_CSS.items()) \
            or set(css.attributes) - set(_PLAIN_CSS):
        return False
    path = static.parent / name
    if not path.is_file():
        return False
    # url() and @import are relative to the file: only files already in _static/ itself keep them
    return "/" not in name.removeprefix("_static/") or not _has_relative_urls(path, _stamp(path))


@functools.lru_cache(maxsize=256)
def _has_relative_urls(path: Path, stamp: tuple) -> bool:
    """Read once per version of the file (``stamp``), not once per page."""
    return bool(re.search(r"url\(|@import", path.read_text("utf-8")))


def _stamp(path: Path) -> tuple:
    try:
        info = path.stat()
    except OSError:
        return ()
    return info.st_mtime_ns, info.st_size


def _js_mergeable(js, static: Path) -> bool:
    name = os.fspath(js.filename or "")
    return js.attributes == {"defer": "defer"} and bool(_OUR_SCRIPT.fullmatch(name)) \
        and (static.parent / name).is_file()


def _css_part(name: str, text: str) -> str:
    return f"/* --- {name} --- */\n{text}\n"


def _js_part(name: str, text: str) -> str:
    return (f"/* --- {name} --- */\ntry {{\n{text}\n}} catch (error) {{ setTimeout(function () {{ throw error; }}); }}\n")


class Kind(NamedTuple):
    suffix: str
    mergeable: Callable
    part: Callable[[str, str], str]


CSS = Kind(".css", _css_mergeable, _css_part)
JS = Kind(".js", _js_mergeable, _js_part)


def _text(kind: Kind, static: Path, parts: list[str]) -> str:
    return f"/* pb-bundle: {' '.join(parts)} */\n" + "".join(
        kind.part(part, (static.parent / part).read_text("utf-8")) for part in parts)


def _write_if_changed(path: Path, text: str) -> None:
    if path.is_file() and path.read_text("utf-8") == text:
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, "utf-8")
    os.replace(tmp, path)  # atomic: parallel writers (-j) write the same text


# bundle path → its parts' stamps when it was last made: each page needs the same few bundles,
# so a page asks the file system (a stat per part), not for every part's text (issue 22)
_MADE: dict[Path, tuple] = {}


def _ensure(kind: Kind, static: Path, path: Path, parts: list[str]) -> None:
    """The bundle at ``path`` holds its parts' current text (made again when a part changed)."""
    stamps = tuple(_stamp(static.parent / part) for part in parts)
    if _MADE.get(path) == stamps and _stamp(path):
        return
    _write_if_changed(path, _text(kind, static, parts))
    _MADE[path] = stamps


def bundle(outdir: str, assets: list, kind: Kind) -> list:
    """``assets`` (Sphinx's _CascadingStyleSheet or _JavaScript) with each run of two or more
    mergeable ones replaced by their bundle, written into ``outdir/_static``."""
    static = Path(outdir) / "_static"
    out, run, passed = [], [], []

    def flush():
        if len(run) >= 2:
            parts = [os.fspath(asset.filename) for asset in run]
            key = hashlib.sha1(" ".join(parts).encode()).hexdigest()[:10]
            name = f"_static/pb-bundle-{key}{kind.suffix}"
            _ensure(kind, static, static.parent / name, parts)
            out.append(type(run[0])(name, priority=run[0].priority, **run[0].attributes))
        else:
            out.extend(run)
        out.extend(passed)
        run.clear()
        passed.clear()

    for asset in assets:
        if kind.mergeable(asset, static):
            run.append(asset)
        elif run and kind is CSS and asset.attributes.get("media") == "print":
            passed.append(asset)  # does not block drawing the screen: may follow the bundle
        else:
            flush()
            out.append(asset)
    flush()
    return out


def refresh(app, exception) -> None:
    """Rewrite every bundle from its parts' current copies (an edited file, no page re-written)."""
    static = Path(app.outdir) / "_static"
    if exception is not None or not static.is_dir():
        return
    rewrite(static)


def rewrite(static: Path) -> None:
    """Every bundle in ``static`` made again from its parts there (also bench/search_scale.py,
    which puts another checkout's scripts into a built site)."""
    for kind in (CSS, JS):
        for path in static.glob(f"pb-bundle-*{kind.suffix}"):
            found = _PARTS.match(path.read_text("utf-8"))
            parts = found.group(1).split() if found else []
            if parts and all((static.parent / part).is_file() for part in parts):
                _write_if_changed(path, _text(kind, static, parts))
