"""The public view of documents: public ones only, withheld names masked, offsets kept.

A judgment is a public document that a visitor may want to search and read, but it can name a
person the public view withholds (a defendant who was a minor at arrest). In the public view a
document's text, title, spans and snippets have every withheld name covered by as many ``█`` as
it has characters (`Scrubber.masked`), so that every offset still indexes the stored text; a
query that names a withheld person finds nothing.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import Engine

from nsdocket.db.writer import RowNotFoundError
from nsdocket.documents.search import Hit, search
from nsdocket.documents.store import document_detail
from nsdocket.queries.scrub import Scrubber


def public_document(engine: Engine, document_id: int, scrubber: Scrubber) -> dict[str, Any]:
    """A public document with its text, spans and case links, withheld names masked; no
    proposals (they are the team's work in progress).

    Raises:
        RowNotFoundError: no such document, or it is for the team only.
    """
    detail = document_detail(engine, document_id, with_text=True)
    if not detail.get("public"):
        raise RowNotFoundError(f"document {document_id} does not exist")
    detail["text"] = scrubber.masked(detail["text"])
    detail["title"] = scrubber.masked(detail["title"])
    detail["file_name"] = scrubber.masked(detail["file_name"])
    detail["spans"] = {
        kind: [
            {**s, "text": scrubber.masked(s["text"]), "fields": scrubber.value(s["fields"])}
            for s in spans
        ]
        for kind, spans in detail["spans"].items()
    }
    detail["links"] = [scrubber.row(link) for link in detail["links"]]
    detail["proposals"] = []
    return detail


def public_search(engine: Engine, query: str, scrubber: Scrubber, **filters: Any) -> list[Hit]:
    """`search` over public documents only, snippets masked; nothing for a query that names
    someone withheld (the hits alone would say which documents name them)."""
    if scrubber.withholds(query):
        return []
    return [
        dataclasses.replace(
            hit,
            title=scrubber.masked(hit.title),
            file_name=scrubber.masked(hit.file_name),
            snippet=dataclasses.replace(hit.snippet, text=scrubber.masked(hit.snippet.text)),
        )
        for hit in search(engine, query, public_only=True, **filters)
    ]
