"""Finding the links between a case and its appeal, review or retrial, by case number or
citation.

Each case's own numbers and citations place it in a court: its case numbers (``CACC`` is the
Court of Appeal, ``HCCC`` the Court of First Instance), else its neutral citations. A case whose
row (title, numbers, citations, notes, its defendants' verdict, sentence and appeal notes)
names a number or citation of another court, belonging to another case of that court, is linked
to it: the case of the higher court follows the other. So does a case whose judgment (a
document linked to it) names a lower court's number or citation. A case naming a number of its
own court is taken as a retrial only when its row says so.

A link is *certain*, and applied, when it rests on an explicit case number that belongs to one
case only, and the two cases share a defendant; anything else is proposed for a reviewer
(a judgment's citations most of all: judgments cite other cases as authorities).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, select

from nsdocket.db.documents_schema import document, document_case, document_span
from nsdocket.db.schema import case, case_defendant, case_link
from nsdocket.db.writer import Writer
from nsdocket.documents.linking import ACTIVE, span_keys
from nsdocket.extract import find_case_numbers, find_citations
from nsdocket.lineage.links import would_cycle

#: The rank of each court (as its neutral-citation code) from the magistracies up.
COURT_LEVEL = {"HKMagC": 0, "HKDC": 1, "HKFC": 1, "HKCFI": 2, "HKCA": 3, "HKCFA": 4}
#: Case-number prefixes of appellate proceedings: the Court of Final Appeal's, the Court of
#: Appeal's (CAAR: review of sentence) and the magistracy appeals heard in the Court of First
#: Instance (HCMA). An HCCC or DCCC number is a trial: a trial never follows another case,
#: whatever it names (the Hong Kong 47 rows name a defendant's earlier District Court case).
APPELLATE_PREFIXES = frozenset(
    {"FACC", "FAMC", "FACV", "FAMV", "CACC", "CAAR", "CAQL", "CASJ", "CAAG", "CAMP", "HCMA"}
)
_RETRIAL = re.compile(r"\bre-?trial\b", re.I)
_REVIEW = re.compile(r"\breview of (?:the )?sentence\b|\bsentence review\b", re.I)


@dataclass(frozen=True)
class Reference:
    """A case number or citation found somewhere, with the court it names."""

    how: str  # case_number or citation
    keys: tuple[str, ...]
    level: int | None
    text: str
    prefix: str = ""


def references(text: str) -> list[Reference]:
    """The case numbers and citations in ``text``, each with its court's level."""
    found = []
    for how, finder in (("case_number", find_case_numbers), ("citation", find_citations)):
        for span in finder(text):
            court = span.fields.get("court")
            found.append(
                Reference(
                    how,
                    tuple(span_keys(how, span.fields, span.text)),
                    COURT_LEVEL.get(str(court)),
                    span.text,
                    str(span.fields.get("prefix", "")),
                )
            )
    return found


@dataclass(frozen=True)
class CaseRefs:
    """What the finder reads of one case.

    Attributes:
        id: the case.
        own: the references in its own numbers and citations columns.
        named: ``(where, text)`` of the other places its row names cases ("the title", "the
            notes", "a defendant's row").
        defendants: its defendants' ids.
    """

    id: int
    own: tuple[Reference, ...]
    named: tuple[tuple[str, str], ...]
    defendants: frozenset[int]

    @property
    def level(self) -> int | None:
        """The court the case is in: the highest of its case numbers, else of its citations."""
        for how in ("case_number", "citation"):
            levels = [r.level for r in self.own if r.how == how and r.level is not None]
            if levels:
                return max(levels)
        return None

    @property
    def appellate(self) -> bool:
        """Whether the case is an appeal or review: an appellate case number, else (with no
        case number) a citation of the Court of Appeal or the Court of Final Appeal."""
        numbers = [r for r in self.own if r.how == "case_number"]
        if numbers:
            return any(r.prefix in APPELLATE_PREFIXES for r in numbers)
        return any(r.level is not None and r.level >= COURT_LEVEL["HKCA"] for r in self.own)

    @property
    def keys(self) -> set[str]:
        """Every key its own numbers and citations answer to."""
        return {k for r in self.own for k in r.keys}


@dataclass(frozen=True)
class DocumentRefs:
    """A judgment linked to cases, with the references in it."""

    document_id: int
    source_id: int
    title: str
    case_ids: tuple[int, ...]
    refs: tuple[Reference, ...]


@dataclass(frozen=True)
class PlannedCaseLink:
    """A link the finder would make."""

    case_id: int
    later_case_id: int
    kind: str
    how: str
    certain: bool
    evidence: str
    source_id: int | None = None


def kind_of(later: CaseRefs) -> str:
    """Appeal, review (of sentence: a ``CAAR`` number, or said so) or retrial (said so)."""
    text = " ".join(t for _, t in later.named)
    if any(r.prefix == "CAAR" for r in later.own) or _REVIEW.search(text):
        return "review"
    if _RETRIAL.search(text):
        return "retrial"
    return "appeal"


def _mentions(c: CaseRefs) -> Iterable[tuple[Reference, str]]:
    for ref in c.own:
        yield ref, "the numbers or citations"
    for where, text in c.named:
        for ref in references(text):
            yield ref, where


def _candidates(
    ref: Reference, key: str, index: Mapping[str, Sequence[CaseRefs]], besides: int
) -> list[CaseRefs]:
    return [c for c in index.get(key, ()) if c.id != besides and c.level == ref.level]


def _plan(
    lower: CaseRefs, later: CaseRefs, ref: Reference, unique: bool, evidence: str, **kw: Any
) -> PlannedCaseLink:
    certain = ref.how == "case_number" and unique and bool(lower.defendants & later.defendants)
    return PlannedCaseLink(lower.id, later.id, kind_of(later), ref.how, certain, evidence, **kw)


def plan_case_links(
    cases: Sequence[CaseRefs], documents: Sequence[DocumentRefs] = ()
) -> list[PlannedCaseLink]:
    """Decide which cases follow which (pure: no database).

    Returns:
        One link per pair of cases, the surest found (certain before proposed, case number
        before citation), sorted by the earlier case then the later; pairs found both ways
        round are left out.
    """
    index: dict[str, list[CaseRefs]] = {}
    for c in cases:
        for key in c.keys:
            index.setdefault(key, []).append(c)
    by_id = {c.id: c for c in cases}
    found: list[PlannedCaseLink] = []
    for a in cases:
        if a.level is None:
            continue
        retrial = any(_RETRIAL.search(t) for _, t in a.named)
        for ref, where in _mentions(a):
            if ref.level is None or (ref.level == a.level and not retrial):
                continue
            for key in ref.keys:
                others = _candidates(ref, key, index, a.id)
                evidence = f"{ref.text} in {where} of case {a.id}"
                for b in others:
                    lower, later = (b, a) if ref.level <= a.level else (a, b)
                    if not (later.appellate or retrial):
                        continue
                    found.append(_plan(lower, later, ref, len(others) == 1, evidence))
    for d in documents:
        linked = [by_id[i] for i in d.case_ids if i in by_id and by_id[i].level is not None]
        top = max((c.level for c in linked if c.level is not None), default=None)
        own = [c for c in linked if c.level == top]
        if len(own) != 1 or top is None:
            continue  # not clear which case the judgment is of
        a = own[0]
        if not a.appellate:
            continue  # a trial's judgment cites earlier cases, it follows none of them
        for ref in d.refs:
            if ref.level is None or ref.level >= top:
                continue
            for key in ref.keys:
                others = _candidates(ref, key, index, a.id)
                evidence = f"{ref.text} in document {d.document_id} ({d.title or 'untitled'})"
                for b in others:
                    plan = _plan(b, a, ref, len(others) == 1, evidence, source_id=d.source_id)
                    # a judgment's citation of another court is usually an authority
                    if ref.how == "case_number" or b.defendants & a.defendants:
                        found.append(plan)
    return _surest(found)


def _surest(found: Iterable[PlannedCaseLink]) -> list[PlannedCaseLink]:
    best: dict[tuple[int, int], PlannedCaseLink] = {}
    for plan in found:
        pair = (plan.case_id, plan.later_case_id)
        rank = (not plan.certain, plan.how != "case_number")
        kept = best.get(pair)
        if kept is None or rank < (not kept.certain, kept.how != "case_number"):
            best[pair] = plan
    return [p for pair, p in sorted(best.items()) if pair[::-1] not in best]


# ---- reading the database, writing the links ------------------------------------------------


def _case_refs(connection: Connection) -> list[CaseRefs]:
    named: dict[int, list[tuple[str, str]]] = {}
    people: dict[int, set[int]] = {}
    rows = connection.execute(
        select(
            case_defendant.c.case_id,
            case_defendant.c.defendant_id,
            case_defendant.c.verdict_text,
            case_defendant.c.sentence_text,
            case_defendant.c.appeal_text,
            case_defendant.c.notes,
        )
    )
    for case_id, defendant_id, *texts in rows:
        people.setdefault(case_id, set()).add(int(defendant_id))
        text = " ".join(t for t in texts if t)
        if text:
            named.setdefault(case_id, []).append(("a defendant's row", text))
    out = []
    for r in connection.execute(
        select(case.c.id, case.c.title, case.c.case_numbers, case.c.citations, case.c.notes)
    ):
        own = references("; ".join((r.case_numbers or "", r.citations or "")))
        here = [("the title", r.title), ("the notes", r.notes or ""), *named.get(r.id, [])]
        out.append(
            CaseRefs(
                int(r.id),
                tuple(own),
                tuple(dict.fromkeys((w, t) for w, t in here if t)),
                frozenset(people.get(r.id, ())),
            )
        )
    return out


def _document_refs(connection: Connection) -> list[DocumentRefs]:
    links: dict[int, list[int]] = {}
    for document_id, case_id in connection.execute(
        select(document_case.c.document_id, document_case.c.case_id).where(
            document_case.c.status.in_(ACTIVE)
        )
    ):
        links.setdefault(int(document_id), []).append(int(case_id))
    if not links:
        return []
    out = []
    for d in connection.execute(
        select(document.c.id, document.c.source_id, document.c.title).where(
            document.c.id.in_(sorted(links))
        )
    ):
        spans = connection.execute(
            select(document_span.c.kind, document_span.c.fields, document_span.c.text)
            .where(
                document_span.c.document_id == d.id,
                document_span.c.kind.in_(("case_number", "citation")),
            )
            .order_by(document_span.c.span_start)
        )
        refs = [
            Reference(
                kind,
                tuple(span_keys(kind, fields or {}, text)),
                COURT_LEVEL.get(str((fields or {}).get("court"))),
                text,
                str((fields or {}).get("prefix", "")),
            )
            for kind, fields, text in spans
        ]
        out.append(
            DocumentRefs(
                int(d.id), int(d.source_id), d.title or "", tuple(links[d.id]), tuple(refs)
            )
        )
    return out


@dataclass
class FindReport:
    """What `find_case_links` made: the ids of the links applied, proposed and made certain."""

    linked: list[int] = field(default_factory=list)
    proposed: list[int] = field(default_factory=list)
    upgraded: list[int] = field(default_factory=list)
    planned: list[PlannedCaseLink] = field(default_factory=list)
    applied: bool = True


def find_case_links(engine: Engine, *, actor: str, dry_run: bool = False) -> FindReport:
    """Find links between cases and store them: certain ones applied, the rest proposed.

    Idempotent: a pair already linked, proposed or dismissed is left alone, except that a
    proposal found again for certain is applied; nothing that would make a cycle is made.
    Audited; with ``dry_run`` the report says what would be made and nothing is kept.
    """
    report = FindReport(applied=not dry_run)
    with engine.connect() as connection:
        transaction = connection.begin()
        try:
            writer = Writer(connection, actor=actor, batch="find-case-links")
            report.planned = plan_case_links(_case_refs(connection), _document_refs(connection))
            existing = {
                (int(r["case_id"]), int(r["later_case_id"])): dict(r)
                for r in connection.execute(select(case_link)).mappings()
            }
            for plan in report.planned:
                _store(connection, writer, plan, existing, report)
        except BaseException:
            transaction.rollback()
            raise
        if dry_run:
            transaction.rollback()
        else:
            transaction.commit()
    return report


def _store(
    connection: Connection,
    writer: Writer,
    plan: PlannedCaseLink,
    existing: dict[tuple[int, int], dict[str, Any]],
    report: FindReport,
) -> None:
    pair = (plan.case_id, plan.later_case_id)
    status = "linked" if plan.certain else "proposed"
    old = existing.get(pair)
    if old is not None:
        if old["status"] == "proposed" and plan.certain:
            changes = {"status": status, "how": plan.how, "evidence": plan.evidence}
            writer.update(case_link, old["id"], changes, current=old, reason="found for certain")
            report.upgraded.append(int(old["id"]))
        return
    if pair[::-1] in existing or would_cycle(connection, *pair):
        return
    values = {
        "case_id": plan.case_id,
        "later_case_id": plan.later_case_id,
        "kind": plan.kind,
        "how": plan.how,
        "status": status,
        "evidence": plan.evidence,
        "source_id": plan.source_id,
        "note": "",
    }
    link_id = writer.insert(case_link, values, reason=plan.evidence)
    existing[pair] = {**values, "id": link_id}
    (report.linked if plan.certain else report.proposed).append(link_id)


__all__ = [
    "COURT_LEVEL",
    "CaseRefs",
    "DocumentRefs",
    "FindReport",
    "PlannedCaseLink",
    "Reference",
    "find_case_links",
    "kind_of",
    "plan_case_links",
    "references",
]
