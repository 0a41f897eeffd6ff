"""Long lists keep every page under 40 KB: a page with a long text shows fewer items (issue 22)."""

from __future__ import annotations

from sphinx_helpers import Site
from test_pagination import FAMING, GAOXIN, GUOJIA, ZHISHI, page_with, titles

from policybook.pages import budget
from policybook.pages.budget import FRAME_BYTES, PAGE_BYTES, sizes, split_sized

ALL = [FAMING, GUOJIA, ZHISHI, GAOXIN]


def test_sizes_fit_the_room_left_and_never_exceed_the_page_size():
    # light items beside a short text: one page, as before
    assert sizes(21, 30, 530, 20_000) == (21, 30)
    # a guide at 10,000: 30 items of 530 B beside 12 KB of text and a 19 KB frame
    first, later = sizes(120, 30, 530, PAGE_BYTES - 1024 - FRAME_BYTES - 12_000)
    assert first * 530 + 2 * budget.PAGER_BYTES <= PAGE_BYTES - 1024 - FRAME_BYTES - 12_000
    assert 5 <= first < 30 and later == 30
    # heavy items: continuation pages take fewer than the page size too
    assert sizes(100, 30, 2_000, 5_000)[1] < 30
    # a page already full (its text, or lists above this one) shows the list's first item
    assert sizes(100, 30, 530, -5_000) == (1, 30)
    # never more than the page size asked for (:per-page: 1)
    assert sizes(4, 1, 530, -5_000) == (1, 1)


def test_split_sized_keeps_every_item_in_order():
    items = list(range(23))
    chunks = split_sized(items, 5, 8)
    assert [len(c) for c in chunks] == [5, 8, 8, 2]
    assert sum(chunks, []) == items
    assert split_sized([1, 2], 5, 8) == [[1, 2]]


def long_text(kilobytes: int) -> str:
    line = "申报单位应当如实填写申报材料，对材料的真实性负责，并按照要求提交相关证明文件。"  # 120 B
    return "\n\n".join(f"{n}. {line}" for n in range(kilobytes * 1024 // 128))


def test_a_long_text_moves_the_list_to_continuation_pages_and_drops_nothing(tmp_path):
    site = Site(tmp_path)
    page_with(site, long_text(21) + "\n\n```{program-list}\n```")
    page_with(site, "```{program-list}\n```", name="docs/short.md", title="简短")
    result = site.build()
    first, second = result.html("docs/all"), result.html("docs/all/2")
    shown = titles(first) + titles(second)
    assert shown == ALL  # every program, in order, once
    assert 1 <= len(titles(first)) < 4
    assert first.select_one(".pb-pager-count").get_text() == "共4项，第1/2页"
    # one or two items: a single pager, after them
    assert len(first.select(".pb-pager")) == 1
    assert first.select_one(".pb-pager").find_previous_sibling() is not None
    for page in ("docs/all", "docs/all/2"):
        assert (result.app.outdir / f"{page}.html").stat().st_size <= PAGE_BYTES
    # a page with little text keeps its list whole, on one page
    assert titles(result.html("docs/short")) == ALL
    assert not (result.app.outdir / "docs/short/2.html").exists()
    assert "WARNING" not in result.warnings

    # no change: nothing written; a shorter text brings the list back onto one page
    assert [p for p in site.build().pages if p not in ("genindex", "search")] == []
    page_with(site, "简短的说明。\n\n```{program-list}\n```")
    again = site.build()
    assert titles(again.html("docs/all")) == ALL
    assert not (again.app.outdir / "docs/all/2.html").exists()
