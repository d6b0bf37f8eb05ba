"""A full coding round in a real browser, with the numbers it moves; then a claim, a facet, the
figure page, a conflict between two tabs and the documents, each saved as a screenshot."""

from __future__ import annotations

import re
from typing import Any

import pytest

from nsdocket.stats.figures import figure
from tests.browser.actions import (
    LAPTOP,
    PHONE,
    adjudicate,
    code_final,
    disagreement,
    fill_coding,
    log_in,
    log_out,
    open_coding_form,
    save_final,
    shot,
    sideways_scroll,
)
from tests.test_web_support import Site

pytestmark = pytest.mark.slow

MEASURE = "legitimate_expression"
CLAIM = "Amnesty says 84.6% of the 189 convictions punished legitimate expression."


def headline(page: Any) -> str:
    page.goto("/")
    return str(page.locator(f"#fig-{MEASURE} .headline").inner_text())


def of(text: str) -> tuple[int, int]:
    """``(numerator, denominator)`` from a headline: '... 50 of 55 people ...'."""
    found = re.search(r"(\d+) of (\d+) ", text)
    assert found, text
    return int(found.group(1)), int(found.group(2))


def library_headline(site: Site) -> str:
    return figure(site.engine, MEASURE, "amnesty-2025").headline()


def test_a_full_coding_round_moves_the_headline(page: Any, server: tuple[str, Site]) -> None:
    _, site = server
    cd = site.case_defendant_id
    before = headline(page)
    assert before == library_headline(site)
    start = of(before)

    log_in(page, "coder")
    open_coding_form(page, site.case_id)
    fill_coding(page, cd, "yes")
    shot(page, "10-round-coder-form", full_page=False)
    save_final(page)
    assert "saved as final" in page.locator("main").inner_text()
    log_out(page)

    log_in(page, "coder2")
    code_final(page, cd, "no")
    log_out(page)

    log_in(page, "reviewer")
    during = headline(page)
    shot(page, "11-round-dashboard-disagreement")
    assert during == library_headline(site)
    # The coders disagree: the defendant leaves the denominator until a reviewer decides.
    assert of(during) == (start[0], start[1] - 1), (before, during)

    page.get_by_role("link", name="Review", exact=True).click()
    page.wait_for_load_state()
    section = disagreement(page)
    assert "coder: yes" in section.inner_text() and "coder2: no" in section.inner_text()
    shot(page, "12-round-review-queue")
    adjudicate(section, "yes")
    assert "No disagreement is waiting" in page.locator("main").inner_text()

    after = headline(page)
    assert after == library_headline(site)
    assert of(after) == (start[0] + 1, start[1]), (before, during, after)
    shot(page, "13-round-dashboard-after")

    page.locator(f"#fig-{MEASURE} h3 a").click()
    page.wait_for_load_state()
    assert page.locator("#headline").inner_text() == after
    page.get_by_label("Counted in").select_option("numerator")
    page.get_by_role("button", name="Show rows").click()
    page.wait_for_load_state()
    row = page.locator("table.rows tbody tr", has_text="adjudicated")
    assert row.count() == 1, "the adjudicated defendant is among the rows counted"
    shot(page, "14-figure-page")


def test_check_a_claim_and_see_it_highlighted(page: Any) -> None:
    page.goto("/")
    page.get_by_role("link", name="Check a claim").click()
    page.get_by_label("Text to check").fill(CLAIM)
    page.get_by_role("button", name="Check the text").click()
    page.wait_for_load_state()
    mark = page.locator("#checked-text mark.inconsistent")
    assert mark.inner_text() == "84.6%"
    assert page.locator("#checked-text").inner_text() == CLAIM
    assert page.locator("#checked-text mark.count").inner_text() == "189"
    color = mark.evaluate("m => getComputedStyle(m).backgroundColor")
    assert color != "rgba(0, 0, 0, 0)", "the inconsistent number is highlighted"
    assert "cannot be a share of 189" in page.locator("table.checks").inner_text()
    shot(page, "15-claim-text")

    page.get_by_label("Percent").fill("84.6")
    page.get_by_label("Of how many").fill("189")
    page.get_by_role("button", name="Check the number").click()
    page.wait_for_load_state()
    assert page.locator("#number-result .verdict").inner_text() == "inconsistent"
    shot(page, "16-claim-number")


def test_a_facet_on_the_case_list(page: Any) -> None:
    page.goto("/cases")
    total = page.locator("#results .count").inner_text()
    page.get_by_label("Year of arrest").fill("2021")
    page.get_by_label("Defendant kind").select_option("person")
    page.wait_for_url("**/cases?**kind=person**")
    page.wait_for_function(
        "before => document.querySelector('#results .count').innerText !== before", arg=total
    )
    narrowed = page.locator("#results .count").inner_text()
    assert narrowed != total and "of" in narrowed
    assert all("2021" in t for t in page.locator("td[data-label='First arrest']").all_inner_texts())
    shot(page, "17-cases-facets")


def test_a_stale_tab_is_refused_with_the_current_values(
    browser: Any, server: tuple[str, Site]
) -> None:
    base, site = server
    context = browser.new_context(base_url=base, viewport=LAPTOP)
    laptop = context.new_page()
    log_in(laptop, "coder2")
    other = context.new_page()  # the same session in a second tab
    cd = site.case_defendant_id
    fill_coding(laptop, cd, "unclear")
    fill_coding(other, cd, "yes")
    save_final(laptop)
    save_final(other)
    assert other.locator("#conflict").is_visible()
    assert "Not saved" in other.locator("#conflict").inner_text()
    kept = other.locator(f"input[name='q.{MEASURE}'][value='unclear']")
    assert kept.is_checked(), "the form shows what is saved now"
    shot(other, "18-conflict-409", full_page=False)
    context.close()


def test_documents_search_and_a_passage(page: Any) -> None:
    log_in(page, "viewer")
    page.get_by_role("link", name="Documents", exact=True).click()
    page.get_by_label('Words or "a phrase"').fill("sentenced")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    assert page.locator("ol.hits mark.match").count() >= 2
    shot(page, "19-search")
    page.locator("ol.hits > li a").first.click()
    page.wait_for_load_state()
    assert page.locator("mark#passage").is_visible()
    assert page.locator(".doc-text mark.sentence, mark#passage").count() >= 1
    shot(page, "20-document")


@pytest.mark.parametrize(
    ("path", "name", "who"),
    [
        ("/figures/legitimate_expression", "21-phone-figure", None),
        ("/claims?text=" + CLAIM.replace("%", "%25"), "22-phone-claims", None),
        ("/?year=2021&law=NSL", "23-phone-dashboard", None),
        ("/documents/{doc}", "24-phone-document", "viewer"),
    ],
)
def test_new_pages_fit_a_phone(
    browser: Any, server: tuple[str, Site], path: str, name: str, who: str | None
) -> None:
    base, site = server
    context = browser.new_context(base_url=base, viewport=PHONE)
    phone = context.new_page()
    if who:
        log_in(phone, who)
    phone.goto(path.replace("{doc}", str(site.document_id)))
    phone.wait_for_load_state("networkidle")
    overflow = sideways_scroll(phone)
    assert overflow <= 1, f"{path} scrolls sideways by {overflow}px"
    shot(phone, name)
    context.close()
