"""First-pass labels in the seed data become draft codings by the coder ``seed-compiler``.

A draft is a starting point for a coder, never a final coding: figures say how many answers
rest on drafts. Labels that mean "not codable" (acquitted, pending, arrest only) give no draft;
the label stays on the prosecution row. New drafts are written in bulk (three statements for a
whole file); drafts that already exist go through `write_coding`, which skips unchanged ones.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from sqlalchemy import Connection, select

from nsdocket.coding.codebook import Codebook, LabelMapping, bundled_codebook
from nsdocket.coding.store import (
    SEED_CODER,
    CodingError,
    CodingInput,
    EvidenceRef,
    answer_rows,
    ensure_codebook,
    sheet_problems,
    write_coding,
)
from nsdocket.db.schema import coding, coding_answer, evidence
from nsdocket.db.writer import Writer, now
from nsdocket.ingest.seed_rows import SeedRow

LABEL_QUESTION = "legitimate_expression"
_CHUNK = 500


def _sheets(
    prosecutions: list[tuple[SeedRow, int]],
    source_ids: Mapping[str, int],
    warnings: list[str],
    cb: Codebook,
) -> dict[int, CodingInput]:
    sheets: dict[int, CodingInput] = {}
    mappings: dict[str, LabelMapping | None] = {}  # a file uses a handful of labels
    for row, cd_id in prosecutions:
        label = row.first_pass_label.strip()
        if not label:
            continue
        if label not in mappings:
            try:
                mappings[label] = cb.label_to_answer(label)
            except ValueError:
                mappings[label] = None
        mapping = mappings[label]
        if mapping is None:
            warnings.append(f"row {row.row_id}: first-pass label '{label}' matches no rule")
            continue
        if mapping.answer is None:
            continue
        refs = [EvidenceRef(source_ids[s.key]) for s in row.sources if s.key in source_ids]
        sheets[cd_id] = CodingInput(
            answers={mapping.question: mapping.answer},
            evidence={mapping.question: refs} if refs else {},
            note=f"first-pass label '{label}': {mapping.note}"
            + (" Contested: needs a second coder." if mapping.contested else ""),
        )
    return sheets


def _unchanged_drafts(
    connection: Connection,
    codebook_id: int,
    sheets: Mapping[int, CodingInput],
    existing: set[int],
) -> set[int]:
    """The prosecutions whose stored seed draft already says what its sheet says (status,
    note, answers, cited sources), read in a few queries instead of several per draft."""
    stored: dict[int, dict[str, Any]] = {}
    ids = sorted(existing)
    for start in range(0, len(ids), _CHUNK):
        for row in connection.execute(
            select(coding.c.id, coding.c.case_defendant_id, coding.c.status, coding.c.note).where(
                coding.c.case_defendant_id.in_(ids[start : start + _CHUNK]),
                coding.c.codebook_id == codebook_id,
                coding.c.coder == SEED_CODER,
            )
        ):
            stored[row.id] = {"cd_id": row.case_defendant_id, "status": row.status,
                              "note": row.note, "answers": [], "cited": {}}  # fmt: skip
    coding_ids = sorted(stored)
    for start in range(0, len(coding_ids), _CHUNK):
        chunk = coding_ids[start : start + _CHUNK]
        for a in connection.execute(
            select(coding_answer.c.coding_id, coding_answer.c.question,
                   coding_answer.c.charge_id, coding_answer.c.value)
            .where(coding_answer.c.coding_id.in_(chunk))
        ):  # fmt: skip
            stored[a.coding_id]["answers"].append((a.question, a.charge_id or 0, a.value))
        for e in connection.execute(
            select(
                evidence.c.target_id, evidence.c.source_id, evidence.c.field, evidence.c.quote
            ).where(
                evidence.c.target_table == "coding",
                evidence.c.target_id.in_(chunk),
                evidence.c.document_id.is_(None),  # passages are cited separately and kept
            )
        ):
            stored[e.target_id]["cited"][(e.source_id, e.field)] = e.quote
    same: set[int] = set()
    for found in stored.values():
        sheet = sheets[found["cd_id"]]
        wanted = sorted(
            (r["question"], r["charge_id"] or 0, r["value"]) for r in answer_rows(0, sheet)
        )
        links = {
            (ref.source_id, q): ref.quote for q, refs in sheet.evidence.items() for ref in refs
        }
        if (
            found["status"] == "draft"
            and found["note"] == sheet.note
            and sorted(found["answers"]) == wanted
            and found["cited"] == links
        ):
            same.add(found["cd_id"])
    return same


def load_seed_codings(
    connection: Connection,
    writer: Writer,
    prosecutions: list[tuple[SeedRow, int]],
    source_ids: Mapping[str, int],
    warnings: list[str],
    cb: Codebook | None = None,
    fresh: Collection[int] = (),
) -> int:
    """Write a draft coding for each labelled prosecution; return how many there are.

    ``fresh`` names prosecutions inserted by this import, which cannot have a coding yet."""
    cb = cb or bundled_codebook()
    sheets = _sheets(prosecutions, source_ids, warnings, cb)
    if not sheets:
        return 0
    checked: set[Any] = set()
    for sheet in sheets.values():
        # A seed sheet's problems depend on its answers and on which questions cite any
        # evidence (every reference is a source), so equal sheets are checked once.
        shape = (
            tuple(sorted(sheet.answers.items())),
            tuple(sorted((q, bool(refs)) for q, refs in sheet.evidence.items())),
        )
        if shape in checked and not sheet.charge_answers:
            continue
        problems = sheet_problems(cb, sheet, "draft")
        if problems:
            raise CodingError(problems)
        if not sheet.charge_answers:
            checked.add(shape)
    codebook_id = ensure_codebook(connection, writer, cb)
    ids = list(sheets)
    existing: set[int] = set()
    older = [i for i in ids if i not in fresh]
    for start in range(0, len(older), _CHUNK):
        existing.update(
            connection.execute(
                select(coding.c.case_defendant_id).where(
                    coding.c.case_defendant_id.in_(older[start : start + _CHUNK]),
                    coding.c.codebook_id == codebook_id,
                    coding.c.coder == SEED_CODER,
                )
            ).scalars()
        )
    unchanged = _unchanged_drafts(connection, codebook_id, sheets, existing)
    for cd_id in ids:
        if cd_id in existing and cd_id not in unchanged:
            write_coding(
                connection,
                writer,
                case_defendant_id=cd_id,
                coder=SEED_CODER,
                sheet=sheets[cd_id],
                cb=cb,
            )
    fresh = [cd_id for cd_id in ids if cd_id not in existing]
    at = now()
    coding_ids = writer.insert_many(
        coding,
        [
            {
                "case_defendant_id": cd_id,
                "codebook_id": codebook_id,
                "coder": SEED_CODER,
                "status": "draft",
                "note": sheets[cd_id].note,
                "created_at": at,
                "updated_at": at,
                "finalised_at": None,
            }
            for cd_id in fresh
        ],
    )
    answers: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    for cd_id, coding_id in zip(fresh, coding_ids, strict=True):
        sheet = sheets[cd_id]
        answers.extend(answer_rows(coding_id, sheet))
        seen: set[tuple[int, str]] = set()
        for question, refs in sheet.evidence.items():
            for ref in refs:
                if (ref.source_id, question) in seen:
                    continue
                seen.add((ref.source_id, question))
                links.append(
                    {
                        "source_id": ref.source_id,
                        "target_table": "coding",
                        "target_id": coding_id,
                        "field": question,
                        "quote": ref.quote,
                    }
                )
    writer.insert_many(coding_answer, answers)
    writer.insert_many(evidence, links)
    return len(sheets)
