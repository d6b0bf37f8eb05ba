"""Documents: the list, one document with its spans highlighted, and search.

The team (viewer and up) sees every document. Anyone else sees the public ones (judgments, by
default) through :mod:`nsdocket.documents.public`: names the public view withholds are masked
character for character, so offsets stay true, and a query naming a withheld person finds
nothing. Team-only documents are not found at all in the public view.

Everything comes from :mod:`nsdocket.documents`: :func:`list_documents`,
:func:`document_detail` (the text, spans found in it, case links, proposals) and :func:`search`
(hits with snippets and the offsets of each match).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response

from nsdocket.coding import bundled_codebook
from nsdocket.coding.store import coding_by
from nsdocket.db.documents_schema import DOCUMENT_KINDS
from nsdocket.documents import PassageError, cite_passage, document_detail, list_documents, search
from nsdocket.documents.linking import ACTIVE as ACTIVE_LINKS
from nsdocket.documents.public import public_document, public_search
from nsdocket.documents.search import SNIPPET_CHARS
from nsdocket.queries.cases import case_detail
from nsdocket.queries.scrub import scrubber_for
from nsdocket.web.access import web_actor
from nsdocket.web.filters import MAX_YEAR, MIN_YEAR
from nsdocket.web.highlight import Mark, pieces
from nsdocket.web.render import done, error, query_string, respond

router = APIRouter(tags=["documents"])

#: Characters of a document shown per page (a judgment can run to megabytes).
WINDOW = 50_000
#: Span kinds, in the order the page lists them, with their headings.
SPAN_KINDS = {
    "citation": "Citations",
    "case_number": "Case numbers",
    "statute": "Statutes",
    "sentence": "Sentences",
    "date": "Dates",
}
LIST_PAGE = 100


def _kind(value: str | None) -> str | None:
    text = (value or "").strip()
    if text and text not in DOCUMENT_KINDS:
        raise ValueError(f"unknown kind {text!r} (known: {', '.join(DOCUMENT_KINDS)})")
    return text or None


def _case(value: str | None) -> int | None:
    """A case id from a form field (left empty: no filter)."""
    text = (value or "").strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 12:
        raise ValueError(f"case must be a case id (a number), not {text!r}")
    return int(text)


def _court(value: str | None) -> str | None:
    """A court code (letters only, as HKCFI or CFI), or None when left empty."""
    text = (value or "").strip()
    if text and not (text.isascii() and text.isalpha()):
        raise ValueError(f"court must be a court code like HKCFI, not {text!r}")
    return text or None


def _year(value: str | None) -> int | None:
    text = (value or "").strip()
    if not text:
        return None
    if not text.isdigit() or not MIN_YEAR <= int(text) <= MAX_YEAR:
        raise ValueError(f"year must be a four-digit year, not {text!r}")
    return int(text)


@router.get("/documents", name="documents", summary="Stored judgments and reports")
def documents(
    request: Request,
    kind: str | None = Query(None, description="judgment, report, ..."),
    case: str | None = Query(None, description="only documents linked to this case (its id)"),
    limit: int = Query(LIST_PAGE, ge=1, le=500),
    offset: int = Query(0, ge=0),
) -> Response:
    """Every stored document (without its text), with its spans and linked cases counted."""
    try:
        chosen, case_id = _kind(kind), _case(case)
    except ValueError as exc:
        return error(request, 400, str(exc))
    public = request.state.public
    engine = request.app.state.engine
    rows = list_documents(engine, kind=chosen, case_id=case_id, public_only=public)
    if public:
        scrubber = scrubber_for(engine)
        rows = [
            {
                **r,
                "title": scrubber.masked(r["title"]),
                "file_name": scrubber.masked(r["file_name"]),
            }
            for r in rows
        ]
    data = {
        "filters": {"kind": chosen, "case": case_id},
        "total": len(rows),
        "limit": limit,
        "offset": offset,
        "documents": rows[offset : offset + limit],
    }
    keep = {"kind": chosen, "case": case_id, "limit": limit}
    page = {
        "kinds": DOCUMENT_KINDS,
        "previous": query_string({**keep, "offset": max(0, offset - limit)}) if offset else None,
        "next": (
            query_string({**keep, "offset": offset + limit}) if offset + limit < len(rows) else None
        ),
    }
    return respond(request, "documents.html", data, page=page)


def _passage(value: str | None, length: int) -> tuple[int, int] | None:
    """``start-end`` read into offsets inside the text, or None."""
    start, _, end = (value or "").partition("-")
    if not (start.isdigit() and end.isdigit()):
        return None
    low, high = min(int(start), length), min(int(end), length)
    return (low, high) if low < high else None


@router.get("/documents/{document_id}", name="document", summary="A document, spans marked")
def document(
    request: Request,
    document_id: int,
    offset: int | None = Query(None, ge=0, description="show the text from this character"),
    passage: str | None = Query(None, max_length=40, description="mark this passage: start-end"),
) -> Response:
    """A document's text (one window of it) with the citations, case numbers, statutes,
    sentences and dates found in it highlighted; its case links and proposals."""
    engine = request.app.state.engine
    if request.state.public:
        detail = public_document(engine, document_id, scrubber_for(engine))
    else:
        detail = document_detail(engine, document_id, with_text=True)
    text: str = detail.pop("text")
    marked = _passage(passage, len(text))
    if offset is None:
        offset = max(0, marked[0] - 2_000) if marked else 0
    offset = min(offset, max(0, len(text) - 1))
    window = text[offset : offset + WINDOW]
    marks = []
    if marked:
        marks.append(Mark(marked[0], marked[1], "passage", "the passage found", "passage"))
    for kind, spans in detail["spans"].items():
        for s in spans:
            if marked and s["span_start"] < marked[1] and s["span_end"] > marked[0]:
                continue  # inside the passage: the passage is marked whole
            label = f"{kind.replace('_', ' ')}: {s['text']}"
            marks.append(Mark(s["span_start"], s["span_end"], kind, label, f"span-{s['id']}"))
    data = {
        "document": {
            **detail,
            "text": window,
            "text_offset": offset,
            "text_length": len(text),
            "passage": list(marked) if marked else None,
        }
    }
    here = f"/documents/{document_id}"
    user = request.state.user
    page = {
        "citable": (
            _citable(request.app.state.engine, detail["links"])
            if marked and user is not None and user.at_least("coder")
            else None
        ),
        "pieces": pieces(window, marks, offset),
        "span_kinds": SPAN_KINDS,
        "previous": (
            query_string({"offset": max(0, offset - WINDOW), "passage": passage})
            if offset
            else None
        ),
        "next": (
            query_string({"offset": offset + WINDOW, "passage": passage})
            if offset + WINDOW < len(text)
            else None
        ),
        "here": here,
        "window": WINDOW,
    }
    return respond(request, "document.html", data, page=page)


def _citable(engine: Any, links: list[dict[str, Any]]) -> dict[str, Any]:
    """What a coder can cite a marked passage for: the prosecutions of the document's linked
    cases, and the questions a coding answers about a defendant."""
    prosecutions: list[dict[str, Any]] = []
    active = (link["case_id"] for link in links if link["status"] in ACTIVE_LINKS)
    for case_id in dict.fromkeys(active):
        found = case_detail(engine, case_id, public=False)
        prosecutions.extend(
            {"id": p["id"], "name": p["name"], "case_title": found["title"]}
            for p in found["prosecutions"]
        )
    questions = [{"id": q.id, "text": q.text} for q in bundled_codebook().questions_at("defendant")]
    return {"prosecutions": prosecutions, "questions": questions}


@router.post("/documents/{document_id}/cite", name="passage_cite", summary="Cite a passage")
def passage_cite(
    request: Request,
    document_id: int,
    start: int = Form(..., ge=0),
    end: int = Form(..., ge=0),
    case_defendant_id: int = Form(...),
    question: str = Form(..., max_length=64),
) -> Response:
    """Cite ``text[start:end]`` as evidence for a question of your coding of one prosecution.

    The coding must exist and answer the question (save a draft first); the passage then
    counts as evidence when the coding is saved as final.
    """
    engine = request.app.state.engine
    username = request.state.user.username
    mine = coding_by(engine, case_defendant_id, username)
    if mine is None:
        return error(
            request,
            400,
            f"you have not coded prosecution {case_defendant_id} yet: save a draft that "
            f"answers '{question}', then cite the passage",
        )
    try:
        evidence_id = cite_passage(
            engine,
            document_id=document_id,
            start=start,
            end=end,
            target_table="coding",
            target_id=int(mine["id"]),
            field=question,
            actor=web_actor(request),
        )
    except (PassageError, KeyError) as exc:
        return error(request, 400, str(exc).strip("'\""))
    return done(
        request,
        f"/code/{case_defendant_id}",
        {"evidence_id": evidence_id, "coding_id": mine["id"], "question": question},
    )


@router.get("/search", name="search", summary="Search the documents' text")
def search_page(
    request: Request,
    q: str | None = Query(None, max_length=500, description='words and "quoted phrases"'),
    case: str | None = Query(None, description="only documents linked to this case (its id)"),
    court: str | None = Query(None, max_length=16, description="court code, e.g. HKCFI"),
    year: str | None = Query(None, description="only documents of this year"),
    kind: str | None = Query(None, description="judgment, report, ..."),
    limit: int = Query(20, ge=1, le=200),
) -> Response:
    """Documents containing every word of the query, best first, each with a snippet in which
    the matches are marked."""
    try:
        chosen_kind, chosen_year, case_id = _kind(kind), _year(year), _case(case)
        chosen_court = _court(court)
    except ValueError as exc:
        return error(request, 400, str(exc))
    query = (q or "").strip()
    engine = request.app.state.engine
    filters: dict[str, Any] = {
        "case_id": case_id,
        "court": chosen_court,
        "year": chosen_year,
        "kind": chosen_kind,
        "limit": limit,
    }
    hits: list[Any] = []
    if query and request.state.public:
        hits = public_search(engine, query, scrubber_for(engine), **filters)
    elif query:
        hits = search(engine, query, **filters)
    data: dict[str, Any] = {
        "query": query,
        "filters": {
            "case": case_id,
            "court": chosen_court,
            "year": chosen_year,
            "kind": chosen_kind,
        },
        "limit": limit,
        "hits": [h.to_json() for h in hits],
    }
    page = {
        "kinds": DOCUMENT_KINDS,
        "snippet_chars": SNIPPET_CHARS,
        "snippets": [
            pieces(
                h.snippet.text,
                [
                    Mark(h.snippet.start + s, h.snippet.start + e, "match")
                    for s, e in h.snippet.marks
                ],
                h.snippet.start,
            )
            for h in hits
        ],
    }
    return respond(request, "search.html", data, page=page)
