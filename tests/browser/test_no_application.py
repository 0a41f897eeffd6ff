"""免申即享 in a browser: the finder's 兑现方式 facet (phone and desktop) and the self-check's note."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

FREE = ["high-tech-first-reward", "rd-investment-subsidy"]
SHOTS = Path("/tmp/h8-shots")
NOTE = "本事项免申即享，符合条件将直接兑现"


@pytest.fixture(scope="module")
def current(built_site) -> list[dict]:
    export = json.loads((built_site / "data" / "programs.json").read_text("utf-8"))
    return [p for p in export["programs"] if not p["archived"]]


def ready_finder(page, site_url, query: str = ""):
    page.goto(site_url + "source/finder.html" + query)
    page.wait_for_selector('[data-pb-finder="finder"][data-pb-ready="true"]')


def shown(page) -> list[str]:
    # the cards below the first screen follow the first paint (pb-finder.js renderRest)
    page.wait_for_selector('[data-pb-finder="finder"]:not([data-pb-pending])', state="attached")
    return page.locator(".pb-finder-results > li").evaluate_all("items => items.map(li => li.dataset.program)")


@pytest.mark.parametrize("device", ["page", "phone"])
def test_finder_facet_counts_and_filters(device, request, site_url, current):
    page = request.getfixturevalue(device)
    ready_finder(page, site_url)
    if device == "phone":  # the filters fold away under one summary on a phone
        page.locator(".pb-finder-filters > summary").tap()
    options = page.locator("#pb-finder-application option").all_inner_texts()
    assert options == ["全部", f"免申即享（{len(FREE)}）", f"需要申报（{len(current) - len(FREE)}）"]
    page.select_option("#pb-finder-application", "no")
    page.wait_for_function("() => !window.PolicybookFinder.urlPending")
    assert sorted(shown(page)) == FREE
    assert "application=no" in page.url
    card = page.locator('.pb-finder-results > li[data-program="high-tech-first-reward"]')
    assert card.locator(".pb-no-application").inner_text() == "免申即享"
    assert card.locator(".pb-status").count() == 0  # no 申报中 / 已截止 on a program nobody applies for
    assert "无需申报，符合条件直接兑现" in card.inner_text()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"finder-{device}.png"), full_page=True)
    # the URL brings the filter back
    ready_finder(page, site_url, "?application=yes")
    assert not set(FREE) & set(shown(page)) and len(shown(page)) == min(len(current) - len(FREE), 50)


@pytest.mark.parametrize("device", ["page", "phone"])
def test_selfcheck_says_it_is_paid_without_an_application(device, request, site_url):
    page = request.getfixturevalue(device)
    # registered in the county with a good credit record and a rising R&D spend: 研发投入后补助 needs
    # only the ratio, the 高企 reward the certificate
    page.goto(site_url + "source/self-check.html#a:registered_in_county=1&credit_ok=1"
              "&certifications=high-tech&rd_ratio=5&rd_increase=100")
    page.wait_for_selector('[data-pb-finder="selfcheck"][data-pb-ready="true"]')
    for program in FREE:
        item = page.locator(f'.pb-selfcheck-item[data-program="{program}"]')
        assert item.get_attribute("data-group") in ("eligible", "needs-info")
        assert item.get_attribute("data-section") != "closed"  # nothing to miss: no application window
        assert NOTE in item.locator(".pb-selfcheck-no-application").inner_text()
    checklist = page.locator("#pb-checklist").inner_text()
    assert "高新技术企业首次认定奖励" not in checklist and "企业研发投入后补助" not in checklist
    SHOTS.mkdir(exist_ok=True)
    page.locator('.pb-selfcheck-item[data-program="high-tech-first-reward"]').screenshot(
        path=str(SHOTS / f"selfcheck-{device}.png"))
