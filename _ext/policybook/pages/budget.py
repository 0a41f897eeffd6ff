"""A byte budget for the pages of long lists: every page stays under 40 KB of HTML at any N.

A fixed number of items per page (``policybook_page_size``) keeps continuation pages small, but
not the list's first page: it also carries the document's own text. A guide with a long text
and a full page of 30 programs is 44 KB at 10,000 programs (issue 22). So the first page of a
list shows as many items as fit beside the text that is already there, and every continuation
page as many as fit in one page (never more than the page size): nothing is dropped, the rest
goes on, as before, to the continuation pages.

Sizes are measured, not guessed: the document's other content is rendered once (only for
documents with a long list), and the items of the list from a sample of its first pages. The
theme's frame (head, header, sidebar, footer) is not known before the page is written; it is
taken as :data:`FRAME_BYTES`, what it weighs on the heavier pages with a list.
Everything measured is a function of the document and of what its items show, both already in
the page's and its continuation pages' digests, so incremental builds stay exact.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from docutils import nodes

from ..doctree import nodes as placeholders

#: The issue-22 limit for one page of HTML.
PAGE_BYTES = 40 * 1024
#: What the page frame around the body may weigh: head, header, sidebar (trimmed by nav_trim), the
#: page's table of contents, footer. Measured outside the page's sections: 14.6 KB on a guide of
#: the 2,000 site, 17.5 KB (17.8 max) on the 10,000 site's guides, 18.9 KB on the sample's 年度申报日历.
FRAME_BYTES = 19 * 1024
#: Kept free for what the estimate cannot see (an item heavier than the sample's average).
MARGIN_BYTES = 1024
#: One pager (上一页 · 1 2 … · 下一页), shown above and below a paged list.
PAGER_BYTES = 1024
#: A continuation page's own heading and 返回 link.
CONTINUED_BYTES = 1024
#: A list's first page shows at least one item, however full the page (a document whose text
#: alone fills the page is over anyway); a continuation page at least this many.
MIN_ITEMS = 5
#: Items' mean size is rounded up to this many bytes.
ITEM_STEP = 32
#: A list of one item is never split by the budget.
SHORT_LIST = 1

_PLACEHOLDERS = (placeholders.program_list, placeholders.policy_list, placeholders.policy_backlinks,
                 placeholders.window_status, placeholders.build_date, placeholders.policy_standing,
                 placeholders.policy_notice)


def sizes(count: int, per_page: int, item_bytes: float, first_room: float) -> tuple[int, int]:
    """Items on the first page and on each continuation page, within ``per_page``.

    ``first_room`` is what is left for the list on the document's own page (pagers included);
    a list that fits there whole stays on one page.
    """
    per_page = per_page if per_page > 0 else count
    item_bytes = max(item_bytes, 1.0)
    if count <= per_page and count * item_bytes <= first_room:
        return count, per_page
    first = int((first_room - 2 * PAGER_BYTES) // item_bytes)
    later = int((PAGE_BYTES - MARGIN_BYTES - FRAME_BYTES - CONTINUED_BYTES - 2 * PAGER_BYTES) // item_bytes)
    return min(per_page, max(1, first)), min(per_page, max(MIN_ITEMS, later))


def split_sized(items: Sequence, first: int, later: int) -> list[list]:
    """``items`` as a first chunk of ``first`` and then chunks of ``later`` (at least one chunk)."""
    if len(items) <= first:
        return [list(items)]
    chunks = [list(items[:first])]
    chunks += [list(items[i:i + later]) for i in range(first, len(items), later)]
    return chunks


class Budget:
    """The bytes left on one document's page, shared by its long lists in document order."""

    def __init__(self, app, doctree: nodes.document, docname: str) -> None:
        self.app, self.doctree, self.docname = app, doctree, docname
        self.used: int | None = None  # the document without its lists, once measured

    def _render(self, node: nodes.Element) -> int:
        return len(self.app.builder.render_partial(node)["fragment"].encode("utf-8"))

    def _text_bytes(self) -> int:
        """The document's content other than its (not yet filled) placeholders, rendered."""
        copy = self.doctree.deepcopy()
        for node in list(copy.findall(lambda n: isinstance(n, _PLACEHOLDERS))):
            if node.parent is not None:
                node.parent.remove(node)
        body = nodes.container()
        body.extend(copy.children)
        try:
            return self._render(body)
        except Exception:  # noqa: BLE001 - an estimate must never stop the page
            return len(copy.astext().encode("utf-8")) * 2

    def chunks(self, items: Sequence, per_page: int, render: Callable[[list, str], list[nodes.Node]]) -> list[list]:
        """``items`` split into pages that each fit the budget (see :func:`sizes`)."""
        if len(items) <= SHORT_LIST:
            return [list(items)]
        if self.used is None:
            self.used = self._text_bytes()
        sample = list(items[:2 * per_page] if per_page > 0 else items)
        from .live_status import wrap_list_badges  # the badges' wrapper is added after this step

        body = nodes.container()
        body.extend(render(sample, self.docname))
        wrap_list_badges(self.app, body, self.docname)
        # rounded up to a step: an edit that makes an item a few bytes longer leaves the first page's
        # count, and so every continuation page of the list, as it was (no re-writes)
        item_bytes = -(-self._render(body) // (len(sample) * ITEM_STEP)) * ITEM_STEP
        room = PAGE_BYTES - MARGIN_BYTES - FRAME_BYTES - self.used
        first, later = sizes(len(items), per_page, item_bytes, room)
        chunks = split_sized(items, first, later)
        self.used += int(len(chunks[0]) * item_bytes) + (2 * PAGER_BYTES if len(chunks) > 1 else 0)
        return chunks
