"""Reviewing defendant records that may be one person, and merging them.

The pairs are the library's (`nsdocket.people.duplicates.likely_same_people`), each with its
evidence; merging is `nsdocket.people.merge.merge_defendants`, audited, and undone by its
batch from the command line (`nsdocket revert-batch`).
"""

from __future__ import annotations

import dataclasses

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from nsdocket.db.writer import RowNotFoundError
from nsdocket.people.duplicates import likely_same_people
from nsdocket.people.merge import DefendantMergeError, merge_defendants
from nsdocket.web.access import web_actor
from nsdocket.web.render import done, error, respond

router = APIRouter(tags=["review"])


@router.get("/review/people", name="people_review", summary="Defendants that may be one person")
def people_review(request: Request) -> Response:
    """Pairs of defendant records that probably name one person, with the evidence."""
    pairs = likely_same_people(request.app.state.engine)
    return respond(request, "people_review.html", {"pairs": [dataclasses.asdict(p) for p in pairs]})


@router.post("/review/people/merge", name="people_merge", summary="Merge two defendants")
def people_merge(
    request: Request,
    keep: int = Form(...),
    other: int = Form(...),
    reason: str = Form(..., min_length=1, max_length=4000),
) -> Response:
    """Merge defendant ``other`` into ``keep`` (one audited transaction)."""
    try:
        report = merge_defendants(
            request.app.state.engine, keep, other, actor=web_actor(request), reason=reason
        )
    except DefendantMergeError as exc:
        return error(request, 409, str(exc))
    except RowNotFoundError as exc:
        return error(request, 404, str(exc))
    return done(
        request,
        f"/defendants/{keep}",
        {
            "kept": keep,
            "removed": other,
            "batch": report.batch,
            "prosecutions": report.prosecutions,
        },
    )
