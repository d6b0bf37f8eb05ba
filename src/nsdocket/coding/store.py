"""Saving and reading codings: one coder's answers about one defendant in one case.

A coding records the codebook version and content hash it was made with, its status (draft or
final), each answer as rows of ``coding_answer`` (so figures can be computed in SQL), and its
evidence as ``evidence`` links (a source with a quote, or a document passage with its offsets,
cited by `nsdocket.documents.evidence` and kept when the coding is saved again). Every write is
audited. A final coding must pass the codebook's full validation; a draft only needs valid values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import IntegrityError

from nsdocket.coding.codebook import Codebook, bundled_codebook
from nsdocket.db.schema import case_defendant, coding, coding_answer, evidence
from nsdocket.db.schema import codebook as codebook_table
from nsdocket.db.writer import RowNotFoundError, StaleVersionError, Writer, now, row_dict

STATUSES = ("draft", "final")
SEED_CODER = "seed-compiler"


class _SavedMeanwhile(Exception):
    """The coding was created by another save after this one looked for it (a second tab)."""


class CodingError(ValueError):
    """A coding that cannot be saved: invalid answers, unknown unit, changed codebook."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True)
class EvidenceRef:
    """What backs an answer: a source (with the words relied on) or a document span."""

    source_id: int
    quote: str = ""

    def ref(self) -> str:
        """The reference string the codebook validator sees."""
        return f"source:{self.source_id}"


@dataclass
class CodingInput:
    """One coder's answer sheet for one prosecution.

    Attributes:
        answers: ``{question_id: value}`` for defendant-level questions (a list for multi).
        charge_answers: ``{charge_id: {question_id: value}}`` for charge-level questions.
        evidence: ``{question_id: [EvidenceRef, ...]}``.
        note: free text.
    """

    answers: dict[str, Any] = field(default_factory=dict)
    charge_answers: dict[int, dict[str, Any]] = field(default_factory=dict)
    evidence: dict[str, list[EvidenceRef]] = field(default_factory=dict)
    note: str = ""


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


def sheet_problems(
    cb: Codebook,
    sheet: CodingInput,
    status: str,
    cited: Mapping[str, Sequence[str]] | None = None,
) -> list[str]:
    """Every problem with an answer sheet for the codebook (drafts need only valid values).

    ``cited`` holds references already stored for this coding outside the sheet (document
    passages cited with `nsdocket.documents.cite_passage`); they count as evidence too.
    """
    refs = {q: [e.ref() for e in refs] for q, refs in sheet.evidence.items()}
    backed = {q: [*refs.get(q, []), *(cited or {}).get(q, [])] for q in sheet.answers}
    found = cb.validate_answers(
        sheet.answers, {q: r for q, r in backed.items() if r}, level="defendant"
    )
    # Evidence is cited per question for the whole coding; a charge-level answer is backed by
    # whatever the coding cites for that question or for the conduct as a whole.
    everything = [r for rs in refs.values() for r in rs]
    for charge_id, answers in sheet.charge_answers.items():
        charge_refs = {q: everything for q in answers}
        found.extend(
            f"charge {charge_id}: {p}"
            for p in cb.validate_answers(answers, charge_refs, level="charge")
        )
    stray = sorted(
        set(refs) - set(sheet.answers) - {q for a in sheet.charge_answers.values() for q in a}
    )
    found.extend(f"evidence for '{q}': the question is not answered" for q in stray)
    if status == "draft":
        found = [p for p in found if "required" not in p]
    return found


def answer_rows(coding_id: int, sheet: CodingInput) -> list[dict[str, Any]]:
    """The ``coding_answer`` rows for a sheet: one per value, multi answers split."""
    rows: list[dict[str, Any]] = []

    def add(question: str, value: Any, charge_id: int | None) -> None:
        values = value if isinstance(value, list | tuple) else [value]
        for v in values:
            if v is None or (isinstance(v, str) and not v.strip()):
                continue
            rows.append(
                {"coding_id": coding_id, "question": question, "charge_id": charge_id, "value": v}
            )

    for question, value in sheet.answers.items():
        add(question, value, None)
    for charge_id, answers in sheet.charge_answers.items():
        for question, value in answers.items():
            add(question, value, charge_id)
    return rows


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
        current = next(c for c in codings_for(engine, case_defendant_id) if c["coder"] == coder)
        raise StaleVersionError(
            "coding", int(current["id"]), expected_version or 0, current
        ) from None


def codings_for(engine: Engine, case_defendant_id: int) -> list[dict[str, Any]]:
    """Every coding of one prosecution, with answers, charge answers and evidence."""
    with engine.connect() as connection:
        rows = [
            row_dict(r)
            for r in connection.execute(
                select(coding, codebook_table.c.key, codebook_table.c.version.label("cb_version"))
                .join(codebook_table, codebook_table.c.id == coding.c.codebook_id)
                .where(coding.c.case_defendant_id == case_defendant_id)
                .order_by(coding.c.id)
            ).mappings()
        ]
        for r in rows:
            answers: dict[str, Any] = {}
            charges: dict[int, dict[str, Any]] = {}
            for a in connection.execute(
                select(coding_answer)
                .where(coding_answer.c.coding_id == r["id"])
                .order_by(coding_answer.c.id)
            ).mappings():
                target = charges.setdefault(a["charge_id"], {}) if a["charge_id"] else answers
                if a["question"] in target:
                    previous = target[a["question"]]
                    target[a["question"]] = [
                        *(previous if isinstance(previous, list) else [previous]),
                        a["value"],
                    ]
                else:
                    target[a["question"]] = a["value"]
            r["answers"] = answers
            r["charge_answers"] = charges
            r["evidence"] = [
                row_dict(e)
                for e in connection.execute(
                    select(evidence).where(
                        evidence.c.target_table == "coding", evidence.c.target_id == r["id"]
                    )
                ).mappings()
            ]
    return rows


def coding_unit(engine: Engine, case_defendant_id: int) -> dict[str, Any]:
    """The prosecution row a coding is about.

    Raises:
        RowNotFoundError: no such prosecution.
    """
    with engine.connect() as connection:
        found = (
            connection.execute(
                select(case_defendant).where(case_defendant.c.id == case_defendant_id)
            )
            .mappings()
            .first()
        )
    if found is None:
        raise RowNotFoundError(f"prosecution {case_defendant_id} does not exist")
    return row_dict(found)


def as_multi(value: Any) -> list[str]:
    """A stored answer as a list (a multi question's values)."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def charge_answers_from(raw: Mapping[Any, Any]) -> dict[int, dict[str, Any]]:
    """Charge answers keyed by int charge id (YAML and JSON give string keys)."""
    return {int(k): dict(v) for k, v in raw.items()}
