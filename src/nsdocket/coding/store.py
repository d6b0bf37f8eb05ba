"""Saving codings: one coder's answers about one defendant in one case.

A coding records the codebook version and content hash it was made with, its status (draft or
final), each answer as rows of ``coding_answer`` (so figures can be computed in SQL), and its
evidence as ``evidence`` links (a source with a quote, or a document passage with its offsets,
cited by `nsdocket.documents.evidence` and kept when the coding is saved again). Every write is
audited. A final coding must pass the codebook's full validation; a draft only needs valid values.

The answer sheet and its checks live in :mod:`nsdocket.coding.coding_sheet`, reading codings back
in :mod:`nsdocket.coding.read_codings`; their public names are importable from here too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import IntegrityError

from nsdocket.coding.codebook import Codebook, bundled_codebook
from nsdocket.coding.coding_sheet import (
    STATUSES,
    CodingError,
    CodingInput,
    EvidenceRef,
    answer_rows,
    sheet_problems,
)
from nsdocket.coding.read_codings import coding_by, coding_unit, codings_for
from nsdocket.db.schema import case_defendant, coding, coding_answer, evidence
from nsdocket.db.schema import codebook as codebook_table
from nsdocket.db.writer import StaleVersionError, Writer, now

__all__ = [
    "SEED_CODER",
    "STATUSES",
    "CodingError",
    "CodingInput",
    "EvidenceRef",
    "answer_rows",
    "coding_by",
    "coding_unit",
    "codings_for",
    "ensure_codebook",
    "save_coding",
    "sheet_problems",
    "write_coding",
]

SEED_CODER = "seed-compiler"


class _SavedMeanwhile(Exception):
    """The coding was created by another save after this one looked for it (a second tab)."""


def ensure_codebook(connection: Connection, writer: Writer, cb: Codebook) -> int:
    """The database id of this codebook version, storing it on first use.

    Raises:
        CodingError: when the same id and version is stored with different content (a
            codebook that changed meaning must get a new version).
    """
    found = (
        connection.execute(
            select(codebook_table).where(
                codebook_table.c.key == cb.id, codebook_table.c.version == cb.version
            )
        )
        .mappings()
        .first()
    )
    if found is not None:
        if found["content_hash"] != cb.content_hash:
            raise CodingError(
                [
                    f"codebook {cb.id} {cb.version} is stored with different content; "
                    "give the changed codebook a new version"
                ]
            )
        return int(found["id"])
    return writer.insert(
        codebook_table,
        {
            "key": cb.id,
            "version": cb.version,
            "content_hash": cb.content_hash,
            "title": cb.title,
            "definition": cb.model_dump(mode="json", by_alias=True),
            "created_at": now(),
        },
    )


def _unchanged(
    connection: Connection,
    existing: Mapping[str, Any],
    sheet: CodingInput,
    status: str,
    links: Mapping[tuple[int, str], str],
) -> bool:
    if existing["status"] != status or existing["note"] != sheet.note:
        return False
    stored = sorted(
        (a["question"], a["charge_id"] or 0, a["value"])
        for a in connection.execute(
            select(coding_answer).where(coding_answer.c.coding_id == existing["id"])
        ).mappings()
    )
    wanted = sorted((r["question"], r["charge_id"] or 0, r["value"]) for r in answer_rows(0, sheet))
    cited = {
        (e["source_id"], e["field"]): e["quote"]
        for e in connection.execute(
            select(evidence).where(
                evidence.c.target_table == "coding",
                evidence.c.target_id == existing["id"],
                evidence.c.document_id.is_(None),  # passages are cited separately and kept
            )
        ).mappings()
    }
    return stored == wanted and cited == dict(links)


def _passages_cited(connection: Connection, coding_id: int) -> dict[str, list[str]]:
    """The document passages a coding cites, by question, as evidence references."""
    cited: dict[str, list[str]] = {}
    for field_name, document_id, start, end in connection.execute(
        select(evidence.c.field, evidence.c.document_id, evidence.c.span_start, evidence.c.span_end)
        .where(
            evidence.c.target_table == "coding",
            evidence.c.target_id == coding_id,
            evidence.c.document_id.is_not(None),
        )
        .order_by(evidence.c.id)
    ):
        cited.setdefault(field_name, []).append(f"document:{document_id}:{start}-{end}")
    return cited


def write_coding(
    connection: Connection,
    writer: Writer,
    *,
    case_defendant_id: int,
    coder: str,
    sheet: CodingInput,
    status: str = "draft",
    cb: Codebook | None = None,
    expected_version: int | None = None,
) -> int:
    """Save a coding inside an open transaction; return its id (see `save_coding`)."""
    cb = cb or bundled_codebook()
    if status not in STATUSES:
        raise CodingError([f"status must be one of {', '.join(STATUSES)}, not '{status}'"])
    if not coder.strip():
        raise CodingError(["a coder name is required"])
    writer.get(case_defendant, case_defendant_id)
    codebook_id = ensure_codebook(connection, writer, cb)
    existing = (
        connection.execute(
            select(coding).where(
                coding.c.case_defendant_id == case_defendant_id,
                coding.c.codebook_id == codebook_id,
                coding.c.coder == coder,
            )
        )
        .mappings()
        .first()
    )
    cited = _passages_cited(connection, int(existing["id"])) if existing else {}
    problems = sheet_problems(cb, sheet, status, cited)
    if problems:
        raise CodingError(problems)
    at = now()
    links = {
        (ref.source_id, question): ref.quote
        for question, refs in sheet.evidence.items()
        for ref in refs
    }
    values = {
        "status": status,
        "note": sheet.note,
        "updated_at": at,
        "finalised_at": at if status == "final" else None,
    }
    if existing is None:
        try:
            coding_id = writer.insert(
                coding,
                {
                    "case_defendant_id": case_defendant_id,
                    "codebook_id": codebook_id,
                    "coder": coder,
                    "created_at": at,
                    **values,
                },
            )
        except IntegrityError as exc:  # uq_coding_unit_coder: a concurrent save inserted it
            raise _SavedMeanwhile from exc
    else:
        coding_id = int(existing["id"])
        if _unchanged(connection, dict(existing), sheet, status, links):
            return coding_id
        if existing["status"] == "final" and status == "final":
            values["finalised_at"] = existing["finalised_at"]
        writer.update(
            coding, coding_id, values, current=dict(existing), expected_version=expected_version
        )
        for old in connection.execute(
            select(coding_answer.c.id).where(coding_answer.c.coding_id == coding_id)
        ).scalars():
            writer.delete(coding_answer, old)
        for old in connection.execute(
            select(evidence.c.id).where(
                evidence.c.target_table == "coding",
                evidence.c.target_id == coding_id,
                evidence.c.document_id.is_(None),
            )
        ).scalars():
            writer.delete(evidence, old)
    writer.insert_many(coding_answer, answer_rows(coding_id, sheet))
    writer.insert_many(
        evidence,
        [
            {
                "source_id": source_id,
                "target_table": "coding",
                "target_id": coding_id,
                "field": question,
                "quote": quote,
            }
            for (source_id, question), quote in links.items()
        ],
    )
    return coding_id


def save_coding(
    engine: Engine,
    case_defendant_id: int,
    coder: str,
    sheet: CodingInput,
    *,
    status: str = "draft",
    cb: Codebook | None = None,
    expected_version: int | None = None,
    actor: str | None = None,
) -> int:
    """Save (create or replace) one coder's coding of one prosecution; return its id.

    Raises:
        CodingError: invalid answers for the codebook (every problem listed).
        RowNotFoundError: no such prosecution.
        StaleVersionError: ``expected_version`` is given and someone saved in between, or
            another save (a second tab) created this coding while this one was being made.
    """
    try:
        with engine.begin() as connection:
            writer = Writer(connection, actor=actor or coder)
            return write_coding(
                connection,
                writer,
                case_defendant_id=case_defendant_id,
                coder=coder,
                sheet=sheet,
                status=status,
                cb=cb,
                expected_version=expected_version,
            )
    except _SavedMeanwhile:
        # Another save of the same coding won the race to create it: refuse this one as stale.
        current = coding_by(engine, case_defendant_id, coder)
        assert current is not None, "the save that won the race created it"
        raise StaleVersionError(
            "coding", int(current["id"]), expected_version or 0, current
        ) from None
