"""Long lists split over pages, so every page stays small however many programs there are.

A category with 170 programs, the calendar or the policy index would otherwise be one page of
hundreds of kilobytes, slow on a phone and slow to re-write on every edit. A list longer than
its page size shows its first page where it stands; the rest go to *continuation pages*
``<docname>/2.html``, ``<docname>/3.html``… (``<docname>/<n>-2.html`` for the n-th long list
of a page), each with the same pager.

Continuation pages are not source documents. They are built while their parent page is
written (``doctree-resolved``, always in the main process) and emitted by
``html-collect-pages``; a page whose content did not change is not written again (a digest
per page is kept beside the doctrees), and pages a shorter list no longer needs are deleted.

:func:`split` and :func:`page_names` are pure; the rest is thin Sphinx glue. Extensions
finish a continuation page's nodes on the ``policybook-page-continued`` event.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path

from docutils import nodes

from ..doctree import components as c
from ..state import state

DIGESTS_FILE = "policybook-pages.json"
#: Emitted with (body, pagename) for each continuation page before it is rendered, as
#: ``doctree-resolved`` is for a document's first page.
EVENT = "policybook-page-continued"
#: A list's first page with fewer items than this (its page was nearly full) has no pager above them.
SHORT_FIRST_PAGE = 3


def split(items: Sequence, per_page: int) -> list[list]:
    """``items`` in chunks of ``per_page`` (at least one chunk, possibly empty)."""
    if per_page <= 0 or len(items) <= per_page:
        return [list(items)]
    return [list(items[i:i + per_page]) for i in range(0, len(items), per_page)]


def page_names(docname: str, list_number: int, count: int) -> list[str]:
    """Page names for a list's ``count`` pages: the document itself, then its continuations."""
    prefix = f"{docname}/" if list_number == 1 else f"{docname}/{list_number}-"
    return [docname] + [f"{prefix}{k}" for k in range(2, count + 1)]


def pager(builder, names: list[str], current: int, total: int, unit: str = "项") -> nodes.container:
    """上一页 · 1 2 3 · 下一页, with the page count; links relative to ``names[current]``."""
    here = names[current]
    nav = nodes.container(classes=["pb-pager"])
    nav += c.para(f"共{total}{unit}，第{current + 1}/{len(names)}页", classes=("pb-pager-count",))
    links = nodes.bullet_list(classes=["pb-pager-pages"])

    def link(index: int, text: str, css: str) -> nodes.list_item:
        if index == current:
            item = c.para(nodes.strong("", text), classes=("pb-pager-current",))
        else:
            ref = nodes.reference("", text, internal=True, classes=[css],
                                  refuri=builder.get_relative_uri(here, names[index]))
            item = c.para(ref)
        return nodes.list_item("", item)

    if current > 0:
        links += link(current - 1, "← 上一页", "pb-pager-prev")
    for index in _window(len(names), current):
        links += link(index, str(index + 1), "pb-pager-page") if index >= 0 else nodes.list_item(
            "", c.para("…", classes=("pb-pager-gap",)))
    if current < len(names) - 1:
        links += link(current + 1, "下一页 →", "pb-pager-next")
    nav += links
    return nav


def _window(count: int, current: int, spread: int = 2) -> list[int]:
    """Page indexes to show: first, last and ``spread`` around the current one; -1 is a gap."""
    shown = sorted({0, count - 1, *range(max(0, current - spread), min(count, current + spread + 1))})
    out: list[int] = []
    for index in shown:
        if out and index - out[-1] > 1:
            out.append(-1)
        out.append(index)
    return out


class Layout:
    """Lays out the long lists of one document as it is written."""

    def __init__(self, app, docname: str, title: str) -> None:
        self.app, self.docname, self.title = app, docname, title
        self.lists = 0
        self.budget = None  # a :class:`.budget.Budget` when the document's doctree is known
        state(app).paged_parents.add(docname)

    @classmethod
    def of(cls, app, docname: str) -> Layout:
        """The layout of the document being written (one per document, shared by its lists)."""
        build = state(app)
        current = build.layout
        if current is None or current.docname != docname:
            title = app.env.titles.get(docname)
            current = cls(app, docname, title.astext() if title is not None else docname)
            build.layout = current
        return current

    def chunks(self, items: Sequence, per_page: int, render: Callable[[list, str], list[nodes.Node]]) -> list[list]:
        """``items`` in pages: within the page's byte budget when there is one, else ``per_page``."""
        if self.budget is None:
            return split(items, per_page)
        return self.budget.chunks(items, per_page, render)

    def next_names(self, count: int) -> list[str]:
        """The page names the next long list of ``count`` pages will get."""
        return page_names(self.docname, self.lists + 1, count) if count > 1 else [self.docname]

    def paginate(self, chunks: list[list], render: Callable[[list, str], list[nodes.Node]],
                 total: int, key: Callable[[object], object], context: object = None,
                 unit: str = "项") -> list[nodes.Node]:
        """Page one's nodes; registers the continuation pages. ``render(chunk, pagename)``.

        A continuation page is built only if it changed. What it shows is named by ``key(item)``
        for each of its items plus ``context`` (data every page depends on, e.g. the build
        date): both must cover everything ``render`` puts on the page.
        """
        if len(chunks) == 1:
            return render(chunks[0], self.docname)
        self.lists += 1
        builder = self.app.builder
        names = page_names(self.docname, self.lists, len(chunks))
        registry = state(self.app).pages
        for index in range(1, len(chunks)):
            name = names[index]
            title = f"{self.title}（第{index + 1}页）"

            def build(index: int = index, name: str = name, title: str = title) -> nodes.section:
                body = c.section(f"page-{index + 1}", title)
                body["classes"].append("pb-continued")
                back = nodes.reference("", f"← 返回{self.title}", internal=True,
                                       refuri=builder.get_relative_uri(name, self.docname))
                body += c.para(back, classes=("pb-pager-back",))
                body += pager(builder, names, index, total, unit)
                body.extend(render(chunks[index], name))
                body += pager(builder, names, index, total, unit)
                return body

            shown = [self.docname, title, index, len(chunks), total, unit, context,
                     [key(item) for item in chunks[index]]]
            digest = hashlib.sha256(json.dumps(shown, ensure_ascii=False, default=str,
                                               sort_keys=True).encode()).hexdigest()[:20]
            registry[name] = (self.docname, title, build, digest)
        below = pager(builder, names, 0, total, unit)
        if len(chunks[0]) < SHORT_FIRST_PAGE:  # a page already full (see .budget): one pager, after the items
            return [*render(chunks[0], self.docname), below]
        return [pager(builder, names, 0, total, unit), *render(chunks[0], self.docname), below]


# --- Sphinx glue -----------------------------------------------------------------------------------

def _digests_path(app) -> Path:
    return Path(app.doctreedir) / DIGESTS_FILE


def load_digests(app) -> dict[str, dict]:
    """Continuation page → its parent and the digest of what it showed when last written."""
    try:
        return json.loads(_digests_path(app).read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def _frame(builder) -> str:
    """What every page's frame depends on besides its content: the settings Sphinx itself
    rebuilds every page for (``.buildinfo``'s config and tags hashes)."""
    info = getattr(builder, "build_info", None)
    return f"{getattr(info, 'config_hash', '')}|{getattr(info, 'tags_hash', '')}"


def _newest_template(builder) -> float | None:
    """The newest template's mtime (Sphinx walks every template folder for it: once a build)."""
    newest = getattr(builder.templates, "newest_template_mtime", None)
    return newest() if newest is not None else None


def _written_after_templates(builder, name: str, newest: float | None) -> bool:
    """The page exists and is newer than every template (``newest``): Sphinx's own rule for a
    document's page (``get_outdated_docs``), so an edited theme template reaches continuation
    pages too."""
    try:
        written = Path(builder.get_outfilename(name)).stat().st_mtime
    except OSError:
        return False
    return newest is None or written >= newest


def collect_pages(app):
    """``html-collect-pages``: the continuation pages whose content changed (or are missing)."""
    if app.builder.format != "html":
        return
    builder = app.builder
    before = load_digests(app)
    build_state = state(app)
    registry, parents = build_state.pages, build_state.paged_parents
    after: dict[str, dict] = {}
    for name, info in before.items():
        # Pages of lists not laid out this build are unchanged; pages of a parent that was laid
        # out but no longer needs them (a shorter list) or no longer exists go away.
        if info["parent"] in parents or info["parent"] not in app.env.all_docs:
            if name not in registry:
                Path(builder.get_outfilename(name)).unlink(missing_ok=True)
            continue
        after[name] = info
    frame = _frame(builder)
    newest = functools.cache(lambda: _newest_template(builder))  # asked once, when first needed
    for name, (parent, title, build, content) in sorted(registry.items()):
        digest = hashlib.sha256(f"{content}|{frame}".encode()).hexdigest()[:20]
        after[name] = {"parent": parent, "digest": digest}
        if before.get(name, {}).get("digest") == digest and _written_after_templates(builder, name, newest()):
            continue
        body = build()
        app.events.emit(EVENT, body, name)
        html = builder.render_partial(body)["fragment"]
        yield name, {"title": title, "body": html, "pb_continuation": parent}, "page.html"
    if after != before:  # a no-change rebuild writes nothing, beside the doctrees too
        _digests_path(app).write_text(json.dumps(after, ensure_ascii=False, indent=0, sort_keys=True), "utf-8")
    build_state.layout = None


def continuation_pages(app) -> list[str]:
    """Every continuation page the site has now (for the sitemap)."""
    return sorted(load_digests(app))


def setup(app) -> None:
    app.add_event(EVENT)
    app.connect("html-collect-pages", collect_pages)
