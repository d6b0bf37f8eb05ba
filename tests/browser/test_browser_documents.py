"""In a real browser: a coder finds a sentence in a judgment and cites it in their coding."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.actions import log_in, shot
from tests.test_web_support import Site

pytestmark = pytest.mark.slow


def test_cite_a_sentence_of_a_judgment_in_a_coding(page: Any, server: tuple[str, Site]) -> None:
    _, site = server
    log_in(page, "coder")
    page.goto(f"/documents/{site.document_id}")
    sentences = page.locator("details.spans", has_text="Sentences")
    if not sentences.evaluate("details => details.open"):
        sentences.locator("summary").click()
    sentences.locator("li a").first.click()
    page.wait_for_load_state()
    assert "passage=" in page.url
    form = page.locator("section.cite form")
    assert form.is_visible(), page.locator("main").inner_text()[:2000]
    cd = form.locator("select[name=case_defendant_id] option").first.get_attribute("value")
    quote = page.locator(".doc-text mark.passage, .doc-text .passage").first.inner_text()

    # a draft that answers the question first, then the citation from the document's page
    here = page.url
    page.goto(f"/code/{cd}")
    page.locator("input[name='q.violence'][value='none']").check()
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state()
    page.goto(here)
    page.locator("section.cite select[name=question]").select_option("violence")
    page.get_by_role("button", name="Cite as evidence").click()
    page.wait_for_url(f"**/code/{cd}")
    cited = page.locator("ul.passages li").first
    assert cited.is_visible(), page.locator("main").inner_text()[:2000]
    assert quote.strip()[:30] in cited.inner_text()
    shot(page, "20-coding-with-cited-passage")
