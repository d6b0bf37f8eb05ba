"""Link a document to the cases it names, by case number or neutral citation.

A case lists its numbers and citations in ``case.case_numbers`` and ``case.citations``
("; "-separated). Both sides are read with the same extractors, so ``HCCC 51-52/2022`` in a
case row and ``HCCC 52/2022`` in a judgment meet on the key ``HCCC 52/2022``. A key that
belongs to exactly one case links the document to it (status ``linked``); a key shared by
several cases gives one ``ambiguous`` row per candidate, for a person to confirm or dismiss.
Every link keeps the span that made it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, select

from nsdocket.db.documents_schema import document, document_case, document_span
from nsdocket.db.schema import case
from nsdocket.db.writer import Writer, row_dict
from nsdocket.extract import find_case_numbers, find_citations

#: Links that count: made by a unique key, or confirmed by a person.
ACTIVE = ("linked", "confirmed")
_SPACE = re.compile(r"\s+")


def _plain(text: str) -> str:
    return _SPACE.sub(" ", text).strip().upper()


def span_keys(kind: str, fields: Mapping[str, Any], text: str) -> list[str]:
    """The keys a case-number or citation span can match (a range gives every number in it).

    Args:
        kind: the span kind; other kinds give no keys.
        fields: the span's normalised fields.
        text: the span's text, used when the fields have no normalised form.
    """
    if kind == "case_number":
        numbers = fields.get("numbers")
        if isinstance(numbers, list) and numbers:
            return [_plain(str(n)) for n in numbers]
    elif kind == "citation":
        normalised = fields.get("normalised")
        return [_plain(str(normalised) if normalised else text)]
    else:
        return []
    return [_plain(text)]


def case_keys(case_numbers: str, citations: str) -> set[str]:
    """Every key a case answers to, from its ``case_numbers`` and ``citations`` columns."""
    keys: set[str] = set()
    for column, finder, kind in (
        (case_numbers, find_case_numbers, "case_number"),
        (citations, find_citations, "citation"),
    ):
        for piece in column.split(";"):
            if not piece.strip():
                continue
            found = finder(piece)
            if not found:
                keys.add(_plain(piece))
            for span in found:
                keys.update(span_keys(kind, span.fields, span.text))
    return keys


def case_index(connection: Connection) -> dict[str, tuple[int, ...]]:
    """``{key: case ids}`` for every case that has numbers or citations."""
    index: dict[str, list[int]] = {}
    rows = connection.execute(
        select(case.c.id, case.c.case_numbers, case.c.citations).order_by(case.c.id)
    )
    for case_id, numbers, citations in rows:
        for key in case_keys(numbers or "", citations or ""):
            index.setdefault(key, []).append(int(case_id))
    return {key: tuple(ids) for key, ids in index.items()}


@dataclass(frozen=True)
class PlannedLink:
    """A link to make: which case, through which span and key, and whether it is ambiguous."""

    case_id: int
    span_id: int
    matched: str
    ambiguous: bool


def plan_links(
    index: Mapping[str, Sequence[int]], spans: Iterable[tuple[int, str, Mapping[str, Any], str]]
) -> list[PlannedLink]:
    """Decide the links for one document (pure: no database).

    Args:
        index: from `case_index`.
        spans: ``(span_id, kind, fields, text)`` in document order.

    Returns:
        One link per case: through the first span that names it unambiguously, else through the
        first span that names it among several candidates. Sorted by case id.
    """
    chosen: dict[int, PlannedLink] = {}
    for span_id, kind, fields, text in spans:
        for key in span_keys(kind, fields, text):
            candidates = index.get(key, ())
            for case_id in candidates:
                link = PlannedLink(case_id, span_id, key, ambiguous=len(candidates) > 1)
                previous = chosen.get(case_id)
                if previous is None or (previous.ambiguous and not link.ambiguous):
                    chosen[case_id] = link
    return [chosen[case_id] for case_id in sorted(chosen)]


def link_document(connection: Connection, writer: Writer, document_id: int) -> list[int]:
    """Link one stored document to the cases it names; return the ids of new or changed links.

    Idempotent: existing links are kept; an ``ambiguous`` link becomes ``linked`` when its case
    is now named unambiguously; links a person confirmed or dismissed are left alone.
    """
    spans = connection.execute(
        select(
            document_span.c.id, document_span.c.kind, document_span.c.fields, document_span.c.text
        )
        .where(
            document_span.c.document_id == document_id,
            document_span.c.kind.in_(("case_number", "citation")),
        )
        .order_by(document_span.c.span_start, document_span.c.id)
    ).all()
    planned = plan_links(case_index(connection), [(r[0], r[1], r[2] or {}, r[3]) for r in spans])
    existing = {
        int(r["case_id"]): dict(r)
        for r in connection.execute(
            select(document_case).where(document_case.c.document_id == document_id)
        ).mappings()
    }
    touched: list[int] = []
    for link in planned:
        status = "ambiguous" if link.ambiguous else "linked"
        old = existing.get(link.case_id)
        if old is None:
            touched.append(
                writer.insert(
                    document_case,
                    {
                        "document_id": document_id,
                        "case_id": link.case_id,
                        "span_id": link.span_id,
                        "matched": link.matched,
                        "status": status,
                    },
                )
            )
        elif old["status"] == "ambiguous" and status == "linked":
            changes = {"status": status, "span_id": link.span_id, "matched": link.matched}
            writer.update(document_case, old["id"], changes, current=old)
            touched.append(int(old["id"]))
    return touched


def linked_case_ids(connection: Connection, document_id: int) -> list[int]:
    """The cases a document is linked to for certain (``linked`` or ``confirmed``)."""
    return [
        int(i)
        for i in connection.execute(
            select(document_case.c.case_id)
            .where(document_case.c.document_id == document_id, document_case.c.status.in_(ACTIVE))
            .order_by(document_case.c.case_id)
        ).scalars()
    ]


def list_links(
    engine: Engine, *, document_id: int | None = None, status: str | None = None
) -> list[dict[str, Any]]:
    """Links with the case title, the document title and the span text that made each one."""
    query = (
        select(
            document_case,
            case.c.title.label("case_title"),
            document.c.title.label("document_title"),
            document_span.c.text.label("span_text"),
            document_span.c.span_start,
            document_span.c.span_end,
        )
        .join(case, case.c.id == document_case.c.case_id)
        .join(document, document.c.id == document_case.c.document_id)
        .join(document_span, document_span.c.id == document_case.c.span_id)
        .order_by(document_case.c.document_id, document_case.c.case_id)
    )
    if document_id is not None:
        query = query.where(document_case.c.document_id == document_id)
    if status is not None:
        query = query.where(document_case.c.status == status)
    with engine.connect() as connection:
        return [row_dict(r) for r in connection.execute(query).mappings()]


def decide_link(engine: Engine, link_id: int, status: str, *, actor: str) -> list[int]:
    """Confirm or dismiss a link (audited); return the ids of the links changed.

    Confirming an ambiguous link dismisses the other ambiguous candidates that came from the
    same span of the same document.

    Raises:
        RowNotFoundError: no such link.
        ValueError: an unknown status.
    """
    if status not in ("confirmed", "dismissed"):
        raise ValueError(f"a link can be confirmed or dismissed, not '{status}'")
    with engine.begin() as connection:
        writer = Writer(connection, actor=actor)
        link = writer.get(document_case, link_id)
        changed = [link_id] if writer.update(document_case, link_id, {"status": status}) else []
        if status == "confirmed" and link["status"] == "ambiguous":
            rivals = connection.execute(
                select(document_case).where(
                    document_case.c.document_id == link["document_id"],
                    document_case.c.span_id == link["span_id"],
                    document_case.c.status == "ambiguous",
                    document_case.c.id != link_id,
                )
            ).mappings()
            for rival in [dict(r) for r in rivals]:
                writer.update(
                    document_case,
                    rival["id"],
                    {"status": "dismissed"},
                    current=rival,
                    reason=f"link {link_id} confirmed instead",
                )
                changed.append(int(rival["id"]))
    return changed


__all__ = [
    "ACTIVE",
    "PlannedLink",
    "case_index",
    "case_keys",
    "decide_link",
    "link_document",
    "linked_case_ids",
    "list_links",
    "plan_links",
    "span_keys",
]
