"""What one build knows while it runs, in one object: :class:`BuildState`.

A build (one ``sphinx-build``, or one rebuild of a warm ``policybook serve``) starts with a
fresh state and drops it when it finishes. Nothing else hangs on ``app`` or ``env``.

Parallel builds (``-j``) fork worker processes to read and to write documents; whatever a
worker changed in its copy of this object is lost. So, by design, only events that Sphinx
runs in the main process touch it: ``env-purge-doc``, ``env-before-read-docs``,
``env-updated``, ``env-get-updated``, ``doctree-resolved`` (Sphinx resolves every document in
the main process, also under ``-j``), ``html-collect-pages`` and ``build-finished``. What the
reading workers learn travels back through the domain's data (``merge_domaindata``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

from .config import PolicybookConfig, checked


@dataclass
class BuildState:
    config: PolicybookConfig
    today: dt.date  # statuses are computed for this date, once per build
    resolved: set[str] = field(default_factory=set)  # documents this build writes
    # incremental builds: entries as they were before their document was re-read, and what was read
    before: dict[str, list] = field(default_factory=dict)
    read: set[str] = field(default_factory=set)
    citations: dict[str, list] | None = None  # policy id → programs citing it (built once)
    program_index: Any = None  # the programs by filter value, for lists (model.selection.ProgramIndex)
    # continuation pages of long lists (pages.pagination)
    pages: dict[str, tuple] = field(default_factory=dict)  # pagename → (parent, title, builder, digest)
    paged_parents: set[str] = field(default_factory=set)  # documents whose long lists were laid out
    layout: Any = None  # the layout of the document being written
    pagefind: Any = None  # the running search indexer (search.pagefind.Job)
    ics_cache: Any = None  # VEVENT blocks kept across builds (calendar.ics_cache.Cache)
    calendars: Any = None  # this build's .ics files and record, made once (calendar.files.build_calendars)
    # the validator: documents left out because they could not be read, and every problem reported
    unreadable: dict[str, Any] = field(default_factory=dict)  # docname → FileReport
    content: Any = None  # the files a page may show (validate.strays.Listing), listed before reading
    problems: list = field(default_factory=list)
    # pages of removed documents (site.withdrawn): withdrawn programs and this build's program titles
    withdrawn: dict | None = None
    program_titles: dict = field(default_factory=dict)
    exports: tuple | None = None  # (programs, policies) documents export_data made, for the feeds
    programs_text: str | None = None  # data/programs.json as written (site.export_writer)
    record_keys: list | None = None  # its records' keys, in its order (site.record_cache): the feeds' snapshots
    finished: bool = False

    @property
    def wrote_pages(self) -> bool:
        """Whether this build writes any document. Every change to content, the build date or the
        configuration re-writes at least one page; a build that writes none changes nothing."""
        return bool(self.resolved)


_STATES: WeakKeyDictionary = WeakKeyDictionary()
_BY_ENV: WeakKeyDictionary = WeakKeyDictionary()  # for code that sees only the environment


def state(app) -> BuildState:
    """The state of the build ``app`` is running (created on first use)."""
    current = _STATES.get(app)
    if current is None or current.finished:
        settings = checked(app.config)
        current = BuildState(settings, settings.today())
        _STATES[app] = current
        _BY_ENV[app.env] = current
    return current


def reading_state(env) -> BuildState | None:
    """The state of the build reading with ``env`` (directives and parsers see only ``env``),
    once the build has started reading; read it, do not change it (workers are forks)."""
    return _BY_ENV.get(env)


def finish(app, exception) -> None:
    """``build-finished`` (last of all): the next build starts afresh."""
    if app in _STATES:
        _STATES[app].finished = True


def last_build(app) -> BuildState | None:
    """The state of the build ``app`` ran last (for ``policybook serve``'s report), if any."""
    return _STATES.get(app)


def note_resolved(app, doctree, docname: str) -> None:
    """``doctree-resolved``: this document is being written (main process, also under ``-j``)."""
    state(app).resolved.add(docname)


def setup(app) -> None:
    app.connect("doctree-resolved", note_resolved, priority=100)
    app.connect("build-finished", finish, priority=999)
