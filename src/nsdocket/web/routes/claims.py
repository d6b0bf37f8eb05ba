"""The claim checker: stored claims with their verdicts, and a form to check any text or number.

Stored claims are re-checked live with :func:`nsdocket.claims.database.current_checks`
(``save=False``: a page view never writes). Pasted text goes through
:func:`nsdocket.claims.check_text`; a number and its denominator through
:func:`nsdocket.claims.check_claim`. Both compare with the database's figure where the words
name one. The text is shown again with each number found highlighted by its verdict.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from nsdocket.claims import Claim, Qualifier, check_claim, check_text, extract_claims
from nsdocket.claims.database import current_checks, database_lookup
from nsdocket.queries.export import table_rows
from nsdocket.queries.scrub import scrubber_for
from nsdocket.web.highlight import Mark, pieces
from nsdocket.web.render import error, respond

router = APIRouter(tags=["claims"])

#: Longest text checked (characters); a GET link carries at most the shorter limit.
MAX_TEXT = 20_000
MAX_QUERY_TEXT = 4_000
#: Most numbers checked in one text: the checks compare numbers pairwise, so a text packed with
#: numbers costs time that grows with their square; longer texts are checked in parts.
MAX_NUMBERS = 200
# Runs of digits or Chinese numerals: a cheap upper bound on the numbers in a text.
#: Largest part or whole checked: the checker lists every part that fits, and "over 50% of N"
#: fits N/2 of them.
MAX_GROUP = 100_000
# A percent as a reader writes it: digits, perhaps decimals, perhaps a % sign (no exponents).
_PERCENT = re.compile(r"[0-9]{1,4}(?:\.[0-9]{1,6})?\s*%?")
_NUMBER_RUN = re.compile(r"[0-9０-９零〇一二三四五六七八九十百千萬万億亿兩两]+(?:[.,][0-9]+)*")
QUALIFIERS = tuple(q.value for q in Qualifier)


def _stored(request: Request) -> list[dict[str, Any]]:
    """Every stored claim with its verdict now (not saved) and the one stored last time."""
    engine = request.app.state.engine
    rows = {
        r["id"]: r for r in table_rows(engine, "claim", include_sensitive=not request.state.public)
    }
    out = []
    for stored in current_checks(engine):
        row = rows.get(stored.claim_id, {})
        out.append(
            {
                "claim_id": stored.claim_id,
                "publisher": row.get("publisher"),
                "date": row.get("date_edtf"),
                "text": row.get("text", stored.check.claim.text),
                **stored.check.to_json(),
                "previous_verdict": stored.previous_verdict,
                "figure_used": stored.figure,
                "drifted": stored.drifted,
            }
        )
    if request.state.public:
        scrub = scrubber_for(engine)
        return [scrub.value(item) for item in out]
    return out


def _text_check(engine: Any, text: str) -> tuple[dict[str, Any], list[Any]]:
    """Check a text; return the JSON and the text cut into pieces with the numbers marked.

    Raises:
        ValueError: the text holds more than `MAX_NUMBERS` numbers.
    """
    if len(_NUMBER_RUN.findall(text)) > MAX_NUMBERS:
        raise ValueError(
            f"this text holds more than {MAX_NUMBERS} numbers; check it in parts, or all at "
            "once with `nsdocket claims extract`"
        )
    numbers = extract_claims(text)
    checks = check_text(text, figure_lookup=database_lookup(engine))
    first: dict[tuple[int, int], Any] = {}
    for c in checks:
        first.setdefault((c.claim.start, c.claim.end), c)
    marks = []
    for i, n in enumerate(numbers):
        found = first.get((n.start, n.end))
        if found is None:
            marks.append(Mark(n.start, n.end, "count", f"{n.kind.value}: {n.text}", f"n{i}"))
        else:
            verdict = found.check.verdict.value
            label = f"{verdict.replace('_', ' ')}: {found.check.reason}"
            marks.append(Mark(n.start, n.end, verdict, label, f"n{i}"))
    anchors = {(n.start, n.end): f"n{i}" for i, n in enumerate(numbers)}
    data = {
        "text": text,
        "numbers": [n.to_json() for n in numbers],
        "checks": [
            {**c.to_json(), "anchor": anchors.get((c.claim.start, c.claim.end))} for c in checks
        ],
    }
    return data, pieces(text, marks)


def _int(value: str | None, what: str) -> int | None:
    text = (value or "").strip().replace(",", "")
    if not text:
        return None
    if not text.isdigit() or int(text) > MAX_GROUP:
        raise ValueError(f"{what} must be a whole number up to {MAX_GROUP:,}, not {value!r}")
    return int(text)


def _number_check(engine: Any, fields: dict[str, str | None]) -> dict[str, Any]:
    """Check one number and its denominator (ValueError: a field that is not a number)."""
    qualifier = (fields.get("qualifier") or "none").strip()
    if qualifier not in QUALIFIERS:
        raise ValueError(f"qualifier must be one of {', '.join(QUALIFIERS)}")
    percent = (fields.get("percent") or "").strip() or None
    if percent is not None and not _PERCENT.fullmatch(percent):
        raise ValueError(f"the percent must be a number as written, like 84.6, not {percent!r}")
    numerator = _int(fields.get("numerator"), "the part")
    denominator = _int(fields.get("denominator"), "the whole")
    words = (fields.get("words") or "").strip()
    if not words:
        shown = f"{percent}%" if percent and not percent.endswith("%") else percent
        words = " of ".join(str(v) for v in (shown or numerator, denominator) if v is not None)
    claim = Claim(
        words,
        numerator=numerator,
        denominator=denominator,
        percent=percent,
        qualifier=qualifier,
        scope=(fields.get("scope") or "").strip() or None,
    )
    return check_claim(claim, figure_lookup=database_lookup(engine)).to_json()


def _claims_page(request: Request, text: str | None, fields: dict[str, str | None]) -> Response:
    engine = request.app.state.engine
    data: dict[str, Any] = {"text_check": None, "number_check": None}
    page: dict[str, Any] = {"fields": fields, "qualifiers": QUALIFIERS, "max_text": MAX_TEXT}
    try:
        if text and text.strip():
            data["text_check"], page["pieces"] = _text_check(engine, text)
        if any((fields.get(k) or "").strip() for k in ("percent", "numerator", "denominator")):
            data["number_check"] = _number_check(engine, fields)
    except ValueError as exc:
        return error(request, 400, str(exc))
    data["stored"] = _stored(request)
    return respond(request, "claims.html", data, page=page)


@router.get("/claims", name="claims", summary="Stored claims; check a text or a number")
def claims(
    request: Request,
    text: str | None = Query(None, max_length=MAX_QUERY_TEXT, description="text to check"),
    percent: str | None = Query(None, max_length=32, description="a percent, e.g. 84.6"),
    numerator: str | None = Query(None, max_length=32, description="the part, e.g. 66"),
    denominator: str | None = Query(None, max_length=32, description="the whole, e.g. 189"),
    qualifier: str | None = Query(None, max_length=32, description="over, at least, ..."),
    words: str | None = Query(None, max_length=500, description="what the number describes"),
    scope: str | None = Query(None, max_length=500, description="the laws it covers, in words"),
) -> Response:
    """Every stored claim with its verdict and reason; with ``text``, or a ``percent`` and a
    ``denominator``, that check too. Longer texts: POST the same fields."""
    fields = {
        "percent": percent,
        "numerator": numerator,
        "denominator": denominator,
        "qualifier": qualifier,
        "words": words,
        "scope": scope,
    }
    return _claims_page(request, text, fields)


@router.post("/claims", name="claims_check", summary="Check a text or a number (long texts)")
async def claims_check(
    request: Request,
    text: str = Form("", max_length=MAX_TEXT),
    percent: str = Form("", max_length=32),
    numerator: str = Form("", max_length=32),
    denominator: str = Form("", max_length=32),
    qualifier: str = Form("", max_length=32),
    words: str = Form("", max_length=500),
    scope: str = Form("", max_length=500),
) -> Response:
    """The same check as ``GET /claims``, for texts too long for a link. Nothing is saved."""
    fields: dict[str, str | None] = {
        "percent": percent,
        "numerator": numerator,
        "denominator": denominator,
        "qualifier": qualifier,
        "words": words,
        "scope": scope,
    }
    return await run_in_threadpool(_claims_page, request, text, fields)
