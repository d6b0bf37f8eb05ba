"""In a real browser: browse the public view, log in, code, adjudicate, log out."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.actions import (
    PHONE,
    adjudicate,
    code_final,
    disagreement,
    log_in,
    log_out,
    open_coding_form,
    readme_shot,
    shot,
    sideways_scroll,
)
from tests.test_web_support import Site

pytestmark = pytest.mark.slow


def test_public_dashboard_cases_facet_and_case(page: Any) -> None:
    page.goto("/")
    page.wait_for_selector(".chart svg", timeout=15_000)
    assert page.locator(".chart svg").count() >= 2, "Vega-Lite charts drawn from local files"
    assert page.locator("#fig-legitimate_expression .headline").inner_text()
    shot(page, "01-dashboard")
    assert readme_shot(page, "dashboard").stat().st_size > 10_000

    page.get_by_role("link", name="Cases", exact=True).click()
    total_before = page.locator("#results .count").inner_text()
    page.get_by_label("Law").select_option("NSL")
    page.wait_for_url("**/cases?**law=NSL**")
    page.wait_for_function(
        "before => document.querySelector('#results .count').innerText !== before",
        arg=total_before,
    )
    assert page.locator("#results .count").inner_text() != total_before
    shot(page, "02-cases-nsl")

    page.locator("table.cases tbody tr a").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text()
    assert page.get_by_role("heading", name="Defendants").is_visible()
    shot(page, "03-case")
    assert readme_shot(page, "case").stat().st_size > 10_000


def test_keyboard_reaches_the_skip_link_first(page: Any) -> None:
    page.goto("/cases")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to content"


def test_phone_width_has_no_sideways_scroll(browser: Any, server: tuple[str, Site]) -> None:
    base, site = server
    context = browser.new_context(base_url=base, viewport=PHONE)
    phone = context.new_page()
    for path, name in (("/cases", "04-phone-cases"), (f"/cases/{site.case_id}", "05-phone-case")):
        phone.goto(path)
        overflow = sideways_scroll(phone)
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px"
        shot(phone, name, full_page=False)
    context.close()


def test_log_in_code_adjudicate_and_log_out(page: Any, server: tuple[str, Site]) -> None:
    _, site = server
    cd = site.case_defendant_id
    page.goto("/")
    before = page.locator("#fig-legitimate_expression .headline").inner_text()

    log_in(page, "coder")
    open_coding_form(page, site.case_id)
    shot(page, "06-coding-form", full_page=False)
    hidden = page.locator("fieldset[data-show-if]").first
    assert hidden.is_hidden(), "questions behind show_if stay hidden until they apply"
    code_final(page, cd, "yes")
    log_out(page)

    log_in(page, "coder2")
    code_final(page, cd, "no")
    log_out(page)

    log_in(page, "reviewer")
    page.get_by_role("link", name="Dashboard").click()
    during = page.locator("#fig-legitimate_expression .headline").inner_text()
    assert during != before, "the headline figure changed with the codings"
    page.goto("/review")
    shot(page, "07-review-queue")
    adjudicate(disagreement(page), "yes")
    page.goto(f"/defendants/{site.defendant_id}")
    assert page.locator("table.codings").first.is_visible()
    shot(page, "08-defendant-codings")
    log_out(page)
    page.goto("/account")
    assert "/login" in page.url, "logged out: the account page asks to log in"
    shot(page, "09-logged-out-login")
