"""政策解读 ↔ 原文 in a real browser, on a phone and a desktop: open a 解读, follow its link to a
clause of the original (the clause is on screen), come back through 相关解读 and through the
clause's own 解读 link."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

JIEDU = "source/interpretations/county-ip-measures-jiedu.html"
POLICY = "source/policies/county-ip-measures.html"


def _on_screen(page, selector: str) -> bool:
    return page.evaluate("""(sel) => {
        const box = document.querySelector(sel).getBoundingClientRect();
        return box.top >= -2 && box.top < window.innerHeight / 2;
    }""", selector)


@pytest.mark.parametrize("device", ["page", "phone"])
def test_interpretation_and_original_link_both_ways(device, request, site_url):
    page = request.getfixturevalue(device)
    page.goto(site_url + JIEDU)
    source = page.locator(".pb-interp-source")
    assert "解读的文件：" in source.inner_text() and "明科字〔2025〕12号" in source.inner_text()
    assert source.locator("a.pb-interp-original").inner_text() == "查看原文"

    # a clause section of the 解读 → that clause in the original
    page.locator("a.pb-interp-to-clause", has_text="原文第四条").click()
    page.wait_for_url("**/county-ip-measures.html#clause-4")
    page.wait_for_function("() => { const b = document.getElementById('clause-4').getBoundingClientRect();"
                           " return b.top >= -2 && b.top < window.innerHeight / 2; }")
    assert _on_screen(page, "#clause-4")
    assert "发明专利转化实施资助" in page.locator("#clause-4 h2").inner_text()

    # the clause's own 解读 link goes back to the section that explains it
    page.locator("#clause-4 a.pb-clause-interp-link").click()
    page.wait_for_url("**/county-ip-measures-jiedu.html#clause-4")
    page.wait_for_function("() => { const b = document.getElementById('clause-4').getBoundingClientRect();"
                           " return b.top >= -2 && b.top < window.innerHeight / 2; }")

    # 查看原文 → the policy page; 相关解读 (near the top, visible without scrolling far) → back
    page.locator("a.pb-interp-original").click()
    page.wait_for_url("**/" + POLICY)
    related = page.locator("#related-interpretations")
    assert related.inner_text().startswith("相关解读")
    related.locator("a", has_text="明湖县知识产权资助和奖励办法").click()
    page.wait_for_url("**/" + JIEDU)
    assert page.locator("main h1, article h1").last.inner_text().startswith("《明湖县知识产权资助和奖励办法》政策解读")
