"""Reading answer sheets from files: one coding from YAML, many codings from a team's CSV."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Engine

from nsdocket.coding.codebook import Codebook, bundled_codebook
from nsdocket.coding.store import (
    STATUSES,
    CodingError,
    CodingInput,
    EvidenceRef,
    write_coding,
)
from nsdocket.db.writer import RowNotFoundError, Writer
from nsdocket.ingest.csvfile import read_csv
from nsdocket.ingest.errors import ImportFailed, ImportProblem

CODING_COLUMNS = ("prosecution_id", "coder", "status", "question", "value")
CODING_OPTIONAL = ("charge_id", "source_id", "quote", "note")


def _evidence(raw: Any, where: str) -> list[EvidenceRef]:
    refs: list[EvidenceRef] = []
    for item in raw if isinstance(raw, list) else [raw]:
        if isinstance(item, int):
            refs.append(EvidenceRef(item))
        elif isinstance(item, Mapping) and isinstance(item.get("source"), int):
            refs.append(EvidenceRef(int(item["source"]), str(item.get("quote", ""))))
        else:
            raise CodingError(
                [f"{where}: evidence must be a source id or {{source: ID, quote: ...}}"]
            )
    return refs


def sheet_from_yaml(path: Path) -> tuple[CodingInput, str]:
    """Read ``answers``, ``charge_answers``, ``evidence``, ``note`` and ``status`` from YAML.

    Raises:
        CodingError: unreadable file or wrong shape (the file is named in the message).
    """
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CodingError([f"{path.name}: cannot read answers: {exc}"]) from None
    if not isinstance(raw, Mapping) or not isinstance(raw.get("answers", {}), Mapping):
        raise CodingError([f"{path.name}: expected a mapping with 'answers'"])
    evidence = {
        str(q): _evidence(refs, f"{path.name}: evidence for '{q}'")
        for q, refs in (raw.get("evidence") or {}).items()
    }
    sheet = CodingInput(
        answers=dict(raw.get("answers") or {}),
        charge_answers={int(k): dict(v) for k, v in (raw.get("charge_answers") or {}).items()},
        evidence=evidence,
        note=str(raw.get("note", "")),
    )
    return sheet, str(raw.get("status", "draft"))


@dataclass
class _Pending:
    status: str
    line: int
    sheet: CodingInput


def import_codings_csv(
    engine: Engine, path: Path, *, actor: str, cb: Codebook | None = None
) -> int:
    """Import a team's codings (one row per answer value) atomically; return codings written.

    Columns: prosecution_id, coder, status, question, value, and optionally charge_id,
    source_id, quote, note. A multi question takes one row per ticked value.

    Raises:
        ImportFailed: every problem in the file, with line and column; nothing is written.
    """
    cb = cb or bundled_codebook()
    records = read_csv(path, CODING_COLUMNS, CODING_OPTIONAL)
    problems: list[ImportProblem] = []
    multi = {q.id for q in cb.questions if q.kind == "multi"}
    pending: dict[tuple[int, str], _Pending] = {}
    for record in records:
        cells = {k: v.strip() for k, v in record.values.items()}
        ints: dict[str, int | None] = {}
        for column in ("prosecution_id", "charge_id", "source_id"):
            value = cells.get(column, "")
            if value and not value.isdigit():
                problems.append(ImportProblem(path.name, record.line, column, value, "a row id"))
            ints[column] = int(value) if value.isdigit() else None
        if ints["prosecution_id"] is None:
            problems.append(
                ImportProblem(path.name, record.line, "prosecution_id", "", "a prosecution id")
            )
            continue
        if cells["status"] not in STATUSES:
            problems.append(
                ImportProblem(path.name, record.line, "status", cells["status"], "draft or final")
            )
        key = (ints["prosecution_id"], cells["coder"])
        item = pending.setdefault(key, _Pending(cells["status"], record.line, CodingInput()))
        question, value = cells["question"], cells["value"]
        target = (
            item.sheet.charge_answers.setdefault(ints["charge_id"], {})
            if ints["charge_id"] is not None
            else item.sheet.answers
        )
        if question in multi:
            target.setdefault(question, []).append(value)
        else:
            target[question] = value
        if ints["source_id"] is not None:
            item.sheet.evidence.setdefault(question, []).append(
                EvidenceRef(ints["source_id"], cells.get("quote", ""))
            )
        if cells.get("note"):
            item.sheet.note = cells["note"]
    if problems:
        raise ImportFailed(problems)
    with engine.begin() as connection:
        writer = Writer(connection, actor=actor)
        for (cd_id, coder), item in pending.items():
            try:
                write_coding(
                    connection,
                    writer,
                    case_defendant_id=cd_id,
                    coder=coder,
                    sheet=item.sheet,
                    status=item.status,
                    cb=cb,
                )
            except CodingError as exc:
                problems.extend(
                    ImportProblem(path.name, item.line, "question", "", f"{coder}: {p}")
                    for p in exc.problems
                )
            except RowNotFoundError as exc:
                problems.append(
                    ImportProblem(path.name, item.line, "prosecution_id", str(cd_id), str(exc))
                )
        if problems:
            # Raising inside the transaction rolls back every coding already written.
            raise ImportFailed(problems)
    return len(pending)
