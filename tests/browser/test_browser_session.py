"""In a real browser: browse the public view, log in, code, adjudicate, log out."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import shot
from tests.test_web_support import PASSWORD, Site

pytestmark = pytest.mark.slow


@pytest.fixture
def page(browser: Any, server: tuple[str, Site]) -> Iterator[Any]:
    """A fresh browser context (no cookies) whose console errors fail the test."""
    base, _ = server
    context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: problems.append(str(e)))
    yield tab
    context.close()
    assert not problems, f"browser console errors: {problems}"


def log_in(page: Any, username: str) -> None:
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Log out").is_visible()


def log_out(page: Any) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Log in").is_visible()


def test_public_dashboard_cases_facet_and_case(page: Any) -> None:
    page.goto("/")
    page.wait_for_selector(".chart svg", timeout=15_000)
    assert page.locator(".chart svg").count() >= 2, "Vega-Lite charts drawn from local files"
    assert page.locator("#fig-legitimate_expression .headline").inner_text()
    shot(page, "01-dashboard")

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


def test_keyboard_reaches_the_skip_link_first(page: Any) -> None:
    page.goto("/cases")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to content"


def test_phone_width_has_no_sideways_scroll(browser: Any, server: tuple[str, Site]) -> None:
    base, site = server
    context = browser.new_context(base_url=base, viewport={"width": 375, "height": 800})
    phone = context.new_page()
    for path, name in (("/cases", "04-phone-cases"), (f"/cases/{site.case_id}", "05-phone-case")):
        phone.goto(path)
        overflow = phone.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px"
        shot(phone, name, full_page=False)
    context.close()


def code(page: Any, cd: int, legitimate: str) -> None:
    page.goto(f"/code/{cd}")
    page.locator("input[name='q.conduct_kinds'][value='speech']").check()
    page.locator("input[name='q.violence'][value='none']").check()
    page.locator("input[name='q.incitement_claimed'][value='no']").check()
    page.locator("input[name='q.protected_under'][value='iccpr_19']").check()
    page.locator(f"input[name='q.legitimate_expression'][value='{legitimate}']").check()
    page.locator("select[name='e.violence'] option").first.wait_for(state="attached")
    first_source = page.locator("select[name='e.violence'] option").first.get_attribute("value")
    page.locator("select[name='e.violence']").select_option(first_source)
    if page.locator("select[name='e.legitimate_expression']").count():
        page.locator("select[name='e.legitimate_expression']").select_option(first_source)
    page.get_by_role("button", name="Save as final").click()
    page.wait_for_load_state()
    assert "saved as final" in page.locator("main").inner_text(), page.locator("main").inner_text()


def test_log_in_code_adjudicate_and_log_out(page: Any, server: tuple[str, Site]) -> None:
    _, site = server
    cd = site.case_defendant_id
    page.goto("/")
    before = page.locator("#fig-legitimate_expression .headline").inner_text()

    log_in(page, "coder")
    page.goto(f"/cases/{site.case_id}")
    page.get_by_role("link", name="Code this defendant").first.click()
    page.wait_for_load_state()
    shot(page, "06-coding-form", full_page=False)
    hidden = page.locator("fieldset[data-show-if]").first
    assert hidden.is_hidden(), "questions behind show_if stay hidden until they apply"
    code(page, cd, "yes")
    log_out(page)

    log_in(page, "coder2")
    code(page, cd, "no")
    log_out(page)

    log_in(page, "reviewer")
    page.get_by_role("link", name="Dashboard").click()
    during = page.locator("#fig-legitimate_expression .headline").inner_text()
    assert during != before, "the headline figure changed with the codings"
    page.goto("/review")
    shot(page, "07-review-queue")
    section = page.locator("section.disagreement", has_text="legitimate expression").first
    section.get_by_label("Answer that stands").select_option("yes")
    section.get_by_label("Reason").fill("The judgment describes speech only.")
    section.get_by_role("button", name="Adjudicate").click()
    page.wait_for_load_state()
    page.goto(f"/defendants/{site.defendant_id}")
    assert page.locator("table.codings").first.is_visible()
    shot(page, "08-defendant-codings")
    log_out(page)
    page.goto("/account")
    assert "/login" in page.url, "logged out: the account page asks to log in"
    shot(page, "09-logged-out-login")
