"""What a person does in the browser tests: log in and out, fill in a coding, save it, take a
screenshot, and check that a page fits the screen's width."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.test_web_support import PASSWORD

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
# The README's pictures, made by the browser tests so that they show the app as it is.
README_SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE = {"width": 375, "height": 800}
LAPTOP = {"width": 1280, "height": 900}


def shot(page: Any, name: str, *, full_page: bool = True) -> Path:
    """Save a screenshot (the whole page, or what the screen shows) under test-artifacts/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def readme_shot(page: Any, name: str) -> Path:
    """Save what a laptop screen shows of the page as one of the README's pictures."""
    README_SHOTS.mkdir(parents=True, exist_ok=True)
    path = README_SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def log_in(page: Any, username: str) -> None:
    """Log in through the form (every test account has the same password)."""
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Log out").is_visible()


def log_out(page: Any) -> None:
    """Log out with the header's button."""
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Log in").is_visible()


def fill_coding(page: Any, cd: int, legitimate: str) -> None:
    """Fill the coding form for one defendant: speech, no violence, evidence from the first
    source, and ``legitimate`` as the legitimate-expression answer (not saved yet)."""
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


def save_final(page: Any) -> None:
    """Press "Save as final" on the coding form."""
    page.get_by_role("button", name="Save as final").click()
    page.wait_for_load_state()


def code_final(page: Any, cd: int, legitimate: str) -> None:
    """Fill in a coding and save it as final, checking that it was saved."""
    fill_coding(page, cd, legitimate)
    save_final(page)
    assert "saved as final" in page.locator("main").inner_text(), page.locator("main").inner_text()


def sideways_scroll(page: Any) -> int:
    """How many pixels the page is wider than the window (0 when it fits)."""
    return int(
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    )


def open_coding_form(page: Any, case_id: int) -> None:
    """Go to a case's page and follow its first "Code this defendant" link."""
    page.goto(f"/cases/{case_id}")
    page.get_by_role("link", name="Code this defendant").first.click()
    page.wait_for_load_state()


def disagreement(page: Any) -> Any:
    """The review queue's section on the legitimate-expression question."""
    return page.locator("section.disagreement", has_text="legitimate expression").first


def adjudicate(section: Any, answer: str) -> None:
    """Decide a disagreement in the review queue, with a reason."""
    section.get_by_label("Answer that stands").select_option(answer)
    section.get_by_label("Reason").fill("The judgment describes speech only.")
    section.get_by_role("button", name="Adjudicate").click()
    section.page.wait_for_load_state()
