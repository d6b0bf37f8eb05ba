"""Two tabs of one coder: the later save of a form based on an older state is refused (409)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from sqlalchemy import Engine

from nsdocket import users
from nsdocket.coding.store import CodingInput, save_coding
from nsdocket.db.writer import StaleVersionError
from tests.load.site import FAST_HASHER, TeamSite, browser, team_site


@pytest.fixture
def site(loaded: Engine) -> Iterator[TeamSite]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(users, "HASHER", FAST_HASHER)
        yield team_site(loaded)


def coding_form(page: str) -> dict[str, str]:
    """The hidden fields of the coding form as a browser would post them back."""
    form = HTMLParser(page).css_first("form.coding")
    assert form is not None
    return {
        str(node.attributes["name"]): str(node.attributes.get("value") or "")
        for node in form.css("input[type=hidden]")
    }


def test_library_refuses_a_first_save_when_the_coding_exists(loaded: Engine) -> None:
    cd = 1
    save_coding(loaded, cd, "ann", CodingInput({"violence": "none"}), actor="tab1")
    with pytest.raises(StaleVersionError, match="changed by someone else"):
        save_coding(loaded, cd, "ann", CodingInput({"violence": "alleged"}), expected_version=0)


def test_an_edit_from_an_older_form_is_refused(site: TeamSite) -> None:
    cd = site.case_defendant_id
    tab1, tab2 = browser(site.app, "coder"), browser(site.app, "coder")
    first = tab1.post(
        f"/code/{cd}",
        data={**coding_form(tab1.get(f"/code/{cd}").text), "q.violence": "none", "status": "draft"},
    )
    assert first.status_code == 303
    form1 = coding_form(tab1.get(f"/code/{cd}").text)
    form2 = coding_form(tab2.get(f"/code/{cd}").text)
    assert form1["version"] == form2["version"] == "1"
    assert tab1.post(f"/code/{cd}", data={**form1, "q.violence": "alleged"}).status_code == 303
    stale = tab2.post(f"/code/{cd}", data={**form2, "q.violence": "planned"})
    assert stale.status_code == 409 and "changed by someone else" in stale.text
    mine = tab1.get(f"/code/{cd}.json").json()["coding"]
    assert mine["answers"]["violence"] == "alleged" and mine["version"] == 2


def test_a_first_save_from_a_second_tab_does_not_overwrite(site: TeamSite) -> None:
    cd = site.case_defendant_id
    tab1, tab2 = browser(site.app, "coder"), browser(site.app, "coder")
    form1 = coding_form(tab1.get(f"/code/{cd}").text)
    form2 = coding_form(tab2.get(f"/code/{cd}").text)  # no coding yet in either tab
    saved = tab1.post(f"/code/{cd}", data={**form1, "q.violence": "none", "status": "draft"})
    assert saved.status_code == 303
    later = tab2.post(f"/code/{cd}", data={**form2, "q.violence": "planned", "status": "draft"})
    mine = tab1.get(f"/code/{cd}.json").json()["coding"]
    assert (later.status_code, mine["answers"]["violence"]) == (409, "none")
