"""The policy metadata block (two label/value pairs a row on a desktop, one on a phone) and the
policy list's sort buttons, in a real browser on the sample site."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

POLICY = "source/policies/county-ip-measures.html"
LIST = "source/policies/index.html"


def _columns(page) -> list[int]:
    """How many cells share the first row of the block, and the x of each."""
    return page.evaluate("""() => {
        const cells = [...document.querySelectorAll('dl.pb-policy-meta > dt, dl.pb-policy-meta > dd')];
        const top = cells[0].getBoundingClientRect().top;
        return cells.filter(c => Math.abs(c.getBoundingClientRect().top - top) < 2)
                    .map(c => Math.round(c.getBoundingClientRect().left));
    }""")


def test_desktop_block_has_two_pairs_a_row_and_the_list_sorts(page, site_url):
    page.goto(site_url + POLICY)
    block = page.locator("dl.pb-policy-meta")
    assert block.locator("dt").first.inner_text().strip() == "索引号"
    assert len(_columns(page)) == 4  # 索引号 | value | 主题分类 | value
    title = page.locator("dl.pb-policy-meta > dd.pb-meta-wide").first
    assert title.inner_text().strip() == "明湖县知识产权资助和奖励办法"
    assert title.bounding_box()["width"] > block.bounding_box()["width"] * 0.6  # the title spans the row

    page.goto(site_url + LIST)
    county = page.locator("xpath=//section[h2[contains(., '明湖县')]]")
    bar = county.locator(".pb-sort")
    bar.wait_for()
    items = county.locator("ul.pb-sortable > li .pb-sort-keys")

    def keys(name):
        return [items.nth(i).get_attribute(f"data-{name}") for i in range(items.count())]

    published = keys("published")
    assert published == sorted(published, reverse=True)  # built order: newest first
    bar.get_by_role("button", name="成文日期").click()
    written = keys("written")
    assert written == sorted(written, reverse=True)
    assert bar.get_by_role("button", name="成文日期").get_attribute("aria-pressed") == "true"
    assert bar.get_by_role("button", name="发布日期").get_attribute("aria-pressed") == "false"
    bar.get_by_role("button", name="文号").click()
    docs = keys("doc")
    assert docs != written and len(set(docs)) == len(docs)
    assert page.evaluate("(d) => [...d].sort((a, b) => a.localeCompare(b, 'zh-CN', {numeric: true}))",
                         docs) == docs


def test_phone_block_is_stacked_pairs_without_overflow(phone, site_url):
    phone.goto(site_url + POLICY)
    phone.locator("dl.pb-policy-meta").wait_for()
    assert len(_columns(phone)) == 2  # 索引号 | value, then 主题分类 | value below
    overflow = phone.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
