"""Facts read in a document, proposed as updates to the case for a person to accept or reject.

For now one kind: a custodial sentence (in months) for a defendant whose
``case_defendant.sentence_months`` is blank. A sentence span is attributed to the defendant
named nearest before it in the same paragraph (or just after it, when no one is named before),
or, when no one is named, to the only defendant of the only case the document is linked to.
Nothing is applied until `accept_proposal`, which makes an audited update and cites the passage
as evidence; `reject_proposal` records the refusal so that the proposal does not come back.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Integer, func, select

from nsdocket.db.documents_schema import document, document_span, proposal
from nsdocket.db.schema import case, case_defendant, defendant
from nsdocket.db.writer import Writer, audited_table, now, row_dict
from nsdocket.documents.evidence import write_passage_evidence
from nsdocket.documents.linking import linked_case_ids

#: How far (characters) before a sentence a defendant's name may stand, and after it.
NAME_BEFORE = 300
NAME_AFTER = 60
#: How far (characters) a quoted passage may reach beyond the words that support it.
CONTEXT = 300
_NAME_TOKEN = re.compile(r"[\s\-‐'’.,]+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SENTENCE_END = re.compile(r"[.;。；！？!?]\s|[。；！？]|\n")
#: Words just before a term that make it something other than the sentence passed.
_NOT_PASSED = re.compile(r"(starting point|maximum|起點|最高)[^.。\n]{0,40}$", re.I)


class ProposalError(ValueError):
    """A proposal that cannot be decided: already decided, or the row has moved on."""


@dataclass(frozen=True)
class Candidate:
    """A defendant of a linked case who may be named in the document.

    Attributes:
        case_defendant_id: the prosecution row a proposal would update.
        case_id: its case.
        names: the forms to look for (English name, Chinese name, aliases).
        sentence_months: the current value; a proposal is only made while it is blank.
    """

    case_defendant_id: int
    case_id: int
    names: tuple[str, ...]
    sentence_months: int | None


@dataclass(frozen=True)
class PlannedProposal:
    """A sentence to propose for one defendant, with the reason and the passage to quote."""

    case_defendant_id: int
    span_id: int
    months: int
    basis: str
    passage_start: int
    passage_end: int


def name_forms(name: str, name_zh: str, aliases: Sequence[str]) -> tuple[str, ...]:
    """The name forms worth searching for: two or more words, or two or more Chinese characters.

    ``Benny Tai Yiu-ting`` also yields ``Tai Yiu-ting`` (judgments often drop the English name);
    ``Chan Tai Man`` does not yield ``Tai Man``, a given name alone.
    """
    forms: list[str] = []
    for raw in (name, name_zh, *aliases):
        text = raw.strip()
        words = [w for w in _NAME_TOKEN.split(text) if w]
        if (_CJK.search(text) and len(text) >= 2) or len(words) >= 2:
            forms.append(text)
    words = name.split()
    if len(words) >= 3 and "-" in words[-1] and not _CJK.search(name):
        forms.append(" ".join(words[1:]))  # "Benny Tai Yiu-ting" -> "Tai Yiu-ting"
    return tuple(dict.fromkeys(forms))


def _name_pattern(form: str) -> str:
    if _CJK.search(form):
        return re.escape(form)
    words = [re.escape(w) for w in _NAME_TOKEN.split(form) if w]
    return r"(?<![A-Za-z])" + r"[\s\-‐]*".join(words) + r"(?![A-Za-z])"


def find_mentions(text: str, candidates: Sequence[Candidate]) -> list[tuple[int, int, int]]:
    """Where each candidate is named: ``(start, end, case_defendant_id)`` sorted by start."""
    found: list[tuple[int, int, int]] = []
    for c in candidates:
        for form in c.names:
            for m in re.finditer(_name_pattern(form), text, re.IGNORECASE):
                found.append((m.start(), m.end(), c.case_defendant_id))
    return sorted(set(found))


def _passage(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` to whole sentences (at most `CONTEXT` more on each side)."""
    low, high = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, low, start)]
    left = ends[-1] if ends else low
    after = _SENTENCE_END.search(text, end, high)
    right = after.start() + 1 if after else high
    while left < start and text[left].isspace():
        left += 1
    while right > end and text[right - 1].isspace():
        right -= 1
    return left, right


def _named(
    text: str, start: int, end: int, mentions: Sequence[tuple[int, int, int]]
) -> tuple[int, int, int] | None:
    """The mention ``(start, end, case_defendant_id)`` nearest before the span, else after it."""
    before = [
        (start - m_end, m_start, m_end, cd)
        for m_start, m_end, cd in mentions
        if m_end <= start and start - m_end <= NAME_BEFORE and "\n\n" not in text[m_end:start]
    ]
    after = [
        (m_start - end, m_start, m_end, cd)
        for m_start, m_end, cd in mentions
        if m_start >= end
        and m_start - end <= NAME_AFTER
        and _SENTENCE_END.search(text, end, m_start) is None  # "40 months for X", same sentence
    ]
    for group in (before, after):
        if group:
            best = min(group)
            if any(g[0] == best[0] and g[3] != best[3] for g in group):
                return None  # two defendants named equally near: say nothing
            return best[1], best[2], best[3]
    return None


def plan_sentence_proposals(
    text: str,
    sentences: Sequence[tuple[int, int, int, Mapping[str, Any]]],
    candidates: Sequence[Candidate],
) -> list[PlannedProposal]:
    """Decide which sentence spans to propose for whom (pure: no database).

    Args:
        text: the document text.
        sentences: ``(span_id, start, end, fields)`` of its sentence spans.
        candidates: the defendants of the cases it is linked to.

    Returns:
        At most one proposal per defendant and number of months, in document order.
    """
    by_id = {c.case_defendant_id: c for c in candidates}
    mentions = find_mentions(text, candidates)
    only = candidates[0] if len(candidates) == 1 else None
    planned: dict[tuple[int, int], PlannedProposal] = {}
    for span_id, start, end, fields in sentences:
        months = fields.get("months")
        if fields.get("kind") != "imprisonment" or not isinstance(months, int) or months <= 0:
            continue
        if fields.get("suspended") or fields.get("life"):
            continue
        if _NOT_PASSED.search(text[max(0, start - 60) : start]):
            continue
        named = _named(text, start, end, mentions)
        if named is not None:
            m_start, m_end, cd_id = named
            target = by_id[cd_id]
            where = f"{start - m_end} characters before" if m_end <= start else "just after"
            basis = f"'{text[m_start:m_end]}' named {where} the sentence"
            passage = _passage(text, min(start, m_start), max(end, m_end))
        elif only is not None:
            target = only
            basis = f"the only person charged in case {only.case_id}, which the document names"
            passage = _passage(text, start, end)
        else:
            continue
        if target.sentence_months is not None:
            continue
        key = (target.case_defendant_id, months)
        planned.setdefault(
            key, PlannedProposal(target.case_defendant_id, span_id, months, basis, *passage)
        )
    return list(planned.values())


def _candidates(connection: Connection, case_ids: Sequence[int]) -> list[Candidate]:
    rows = connection.execute(
        select(
            case_defendant.c.id,
            case_defendant.c.case_id,
            case_defendant.c.sentence_months,
            defendant.c.name,
            defendant.c.name_zh,
            defendant.c.aliases,
            defendant.c.kind,
            defendant.c.group_size,
        )
        .join(defendant, defendant.c.id == case_defendant.c.defendant_id)
        .where(case_defendant.c.case_id.in_(case_ids))
        .order_by(case_defendant.c.id)
    ).mappings()
    return [
        Candidate(
            case_defendant_id=int(r["id"]),
            case_id=int(r["case_id"]),
            names=name_forms(r["name"], r["name_zh"] or "", list(r["aliases"] or [])),
            sentence_months=r["sentence_months"],
        )
        for r in rows
        if r["kind"] == "person" and not (r["group_size"] or 0) > 1
    ]


def propose_for_document(connection: Connection, writer: Writer, document_id: int) -> list[int]:
    """Store new pending proposals for one document; return their ids (idempotent)."""
    case_ids = linked_case_ids(connection, document_id)
    if not case_ids:
        return []
    candidates = _candidates(connection, case_ids)
    if not candidates:
        return []
    text = connection.execute(
        select(document.c.text).where(document.c.id == document_id)
    ).scalar_one()
    sentences = [
        (r[0], r[1], r[2], r[3] or {})
        for r in connection.execute(
            select(
                document_span.c.id,
                document_span.c.span_start,
                document_span.c.span_end,
                document_span.c.fields,
            )
            .where(document_span.c.document_id == document_id, document_span.c.kind == "sentence")
            .order_by(document_span.c.span_start)
        )
    ]
    seen = {
        (int(r[0]), str(r[1]))
        for r in connection.execute(
            select(proposal.c.target_id, proposal.c.value).where(
                proposal.c.document_id == document_id,
                proposal.c.target_table == "case_defendant",
                proposal.c.field == "sentence_months",
            )
        )
    }
    rows = [
        {
            "document_id": document_id,
            "span_id": p.span_id,
            "target_table": "case_defendant",
            "target_id": p.case_defendant_id,
            "field": "sentence_months",
            "value": str(p.months),
            "basis": p.basis,
            "passage_start": p.passage_start,
            "passage_end": p.passage_end,
            "status": "pending",
            "created_at": now(),
        }
        for p in plan_sentence_proposals(text, sentences, candidates)
        if (p.case_defendant_id, str(p.months)) not in seen
    ]
    return writer.insert_many(proposal, rows)


def list_proposals(
    engine: Engine, *, status: str | None = "pending", document_id: int | None = None
) -> list[dict[str, Any]]:
    """Proposals with the defendant, case, current value and the passage they rest on."""
    length = proposal.c.passage_end - proposal.c.passage_start
    query = (
        select(
            proposal,
            document.c.title.label("document_title"),
            defendant.c.name.label("defendant"),
            case.c.id.label("case_id"),
            case.c.title.label("case_title"),
            case_defendant.c.sentence_months.label("current"),
            func.substr(document.c.text, proposal.c.passage_start + 1, length).label("passage"),
        )
        .join(document, document.c.id == proposal.c.document_id)
        .join(case_defendant, case_defendant.c.id == proposal.c.target_id)
        .join(defendant, defendant.c.id == case_defendant.c.defendant_id)
        .join(case, case.c.id == case_defendant.c.case_id)
        .where(proposal.c.target_table == "case_defendant")
        .order_by(proposal.c.id)
    )
    if status is not None:
        query = query.where(proposal.c.status == status)
    if document_id is not None:
        query = query.where(proposal.c.document_id == document_id)
    with engine.connect() as connection:
        return [row_dict(r) for r in connection.execute(query).mappings()]


def _pending(writer: Writer, proposal_id: int) -> dict[str, Any]:
    found = writer.get(proposal, proposal_id)
    if found["status"] != "pending":
        raise ProposalError(f"proposal {proposal_id} is already {found['status']}")
    return found


def accept_proposal(engine: Engine, proposal_id: int, *, actor: str) -> int:
    """Apply a proposal: update the row, cite the passage as evidence, mark it accepted.

    All in one transaction, all audited. Returns the evidence id.

    Raises:
        RowNotFoundError: no such proposal.
        ProposalError: already decided, or the field is no longer blank and holds another
            value (reject the proposal instead).
    """
    with engine.begin() as connection:
        writer = Writer(connection, actor=actor)
        found = _pending(writer, proposal_id)
        table = audited_table(found["target_table"])
        row = writer.get(table, found["target_id"])
        field = found["field"]
        value: Any = found["value"]
        if isinstance(table.c[field].type, Integer):
            value = int(value)
        if row[field] not in (None, "", value):
            raise ProposalError(
                f"{table.name} {row['id']} {field} is now {row[field]!r}, not blank; "
                f"reject proposal {proposal_id} or edit the row by hand"
            )
        reason = f"proposal {proposal_id} from document {found['document_id']}"
        writer.update(table, row["id"], {field: value}, current=row, reason=reason)
        evidence_id = write_passage_evidence(
            connection,
            writer,
            document_id=found["document_id"],
            start=found["passage_start"],
            end=found["passage_end"],
            target_table=table.name,
            target_id=row["id"],
            field=field,
            value=str(found["value"]),
        )
        writer.update(
            proposal,
            proposal_id,
            {"status": "accepted", "decided_at": now(), "decided_by": actor},
            current=found,
        )
    return evidence_id


def reject_proposal(engine: Engine, proposal_id: int, *, actor: str, reason: str = "") -> None:
    """Mark a proposal rejected (audited, with the reason); the row is not touched.

    Raises:
        RowNotFoundError: no such proposal.
        ProposalError: already decided.
    """
    with engine.begin() as connection:
        writer = Writer(connection, actor=actor)
        found = _pending(writer, proposal_id)
        writer.update(
            proposal,
            proposal_id,
            {"status": "rejected", "decided_at": now(), "decided_by": actor},
            current=found,
            reason=reason,
        )
