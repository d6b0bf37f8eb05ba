"""Reviewing what documents suggest: ambiguous case links and facts proposed from a passage.

Adding a document links it to the cases its case numbers and citations name, and proposes
facts it states (a sentence in months for a named defendant). Nothing is applied silently: a
link whose key belongs to several cases waits as ``ambiguous``, a proposal waits as
``pending``, and a reviewer decides here. The decisions are the library's
(:func:`~nsdocket.documents.linking.decide_link`,
:func:`~nsdocket.documents.proposals.accept_proposal`, :func:`reject_proposal`), so they are
audited, and accepting cites the passage as evidence for the new value.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from nsdocket.documents import ProposalError, accept_proposal, list_proposals, reject_proposal
from nsdocket.documents.linking import decide_link, list_links
from nsdocket.documents.store import propose_after_link
from nsdocket.web.access import web_actor
from nsdocket.web.render import done, error, respond

router = APIRouter(tags=["review"])

DECISIONS = {"confirm": "confirmed", "dismiss": "dismissed"}


def _ambiguous_links(engine: Any) -> list[dict[str, Any]]:
    """Ambiguous links grouped by the span that made them: one question, several cases."""
    groups: dict[tuple[int, int], dict[str, Any]] = {}
    for link in list_links(engine, status="ambiguous"):
        key = (link["document_id"], link["span_id"])
        group = groups.setdefault(
            key,
            {
                "document_id": link["document_id"],
                "document_title": link["document_title"],
                "span_id": link["span_id"],
                "span_text": link["span_text"],
                "span_start": link["span_start"],
                "span_end": link["span_end"],
                "candidates": [],
            },
        )
        group["candidates"].append(
            {"link_id": link["id"], "case_id": link["case_id"], "case_title": link["case_title"]}
        )
    return list(groups.values())


@router.get("/review/documents", name="document_review", summary="Links and facts to decide")
def document_review(request: Request) -> Response:
    """Ambiguous case links and pending proposals, each with the text it rests on."""
    engine = request.app.state.engine
    data = {
        "ambiguous_links": _ambiguous_links(engine),
        "proposals": list_proposals(engine, status="pending"),
    }
    return respond(request, "document_review.html", data)


@router.post(
    "/review/proposals/{proposal_id}/accept", name="proposal_accept", summary="Accept a proposal"
)
def proposal_accept(request: Request, proposal_id: int) -> Response:
    """Apply the proposed value and cite its passage as evidence (one audited transaction)."""
    try:
        evidence_id = accept_proposal(
            request.app.state.engine, proposal_id, actor=web_actor(request)
        )
    except ProposalError as exc:
        return error(request, 409, str(exc))
    return done(
        request,
        "/review/documents",
        {"proposal_id": proposal_id, "status": "accepted", "evidence_id": evidence_id},
    )


@router.post(
    "/review/proposals/{proposal_id}/reject", name="proposal_reject", summary="Reject a proposal"
)
def proposal_reject(
    request: Request,
    proposal_id: int,
    reason: str = Form("", max_length=4000),
) -> Response:
    """Mark the proposal rejected, with the reason; the row it would have changed is kept."""
    try:
        reject_proposal(
            request.app.state.engine, proposal_id, actor=web_actor(request), reason=reason.strip()
        )
    except ProposalError as exc:
        return error(request, 409, str(exc))
    return done(request, "/review/documents", {"proposal_id": proposal_id, "status": "rejected"})


@router.post("/review/links/{link_id}", name="link_decide", summary="Confirm or dismiss a link")
def link_decide(
    request: Request,
    link_id: int,
    decision: str = Form(..., max_length=16),
) -> Response:
    """Confirm a link (its ambiguous rivals from the same span are dismissed) or dismiss it.

    Confirming also proposes the facts the document states about the confirmed case's people,
    as `nsdocket documents relink` would.
    """
    status = DECISIONS.get(decision)
    if status is None:
        return error(request, 400, f"decision must be confirm or dismiss, not {decision!r}")
    engine = request.app.state.engine
    changed = decide_link(engine, link_id, status, actor=web_actor(request))
    proposed: list[int] = []
    if status == "confirmed":
        # The document now speaks of this case: facts it states about its people can be proposed.
        proposed = propose_after_link(engine, link_id, actor=web_actor(request))
    return done(
        request,
        "/review/documents",
        {"link_id": link_id, "status": status, "changed": changed, "new_proposals": proposed},
    )
