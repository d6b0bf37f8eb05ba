"""The methodology section, generated from the data the figures rest on.

Scope and inclusion rules come from the scope profile and the law book, measure definitions
and categories from `nsdocket.stats.measures`, the codebook from the bundled YAML (with its
version and content hash), agreement from the stored codings, and exclusions, codings'
basis and draft counts from the figures themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nsdocket.coding import AgreementResult
from nsdocket.reference import load_lawbook
from nsdocket.report.data import CODED, ReportData
from nsdocket.stats.measures import MEASURES
from nsdocket.stats.scopes import Scope

KIND_WORDS = {
    "person": "people",
    "company": "companies",
    "organisation": "organisations",
    "group": "groups",
}


@dataclass(frozen=True)
class MeasureNote:
    """One measure as the methodology explains it."""

    measure: str
    title: str
    unit: str
    definition: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    unclear: tuple[str, ...]
    excluded: dict[str, int]
    notes: tuple[str, ...]


@dataclass
class Methodology:
    """Everything the methodology section prints."""

    rules: list[str]
    offences: list[str]
    other_scopes: list[Scope]
    measures: list[MeasureNote]
    codebook: dict[str, Any]
    questions: list[dict[str, Any]]
    instruments: list[dict[str, str]]
    basis: dict[str, int]
    single_coded: int
    drafts: int
    agreement: list[dict[str, Any]] = field(default_factory=list)


def scope_offences(scope: Scope, jurisdiction: str = "hk") -> list[str]:
    """The scope's offences in words: "NSL (every offence): National Security Law"."""
    book = load_lawbook(jurisdiction)
    out = []
    for key in scope.offences:
        code, _, provision = key.partition(":")
        law = book.law(code)
        if provision == "*":
            out.append(f"{law.name} ({code}): every offence")
        else:
            found = book.offence(code, provision)
            name = found.name if found is not None else provision
            out.append(f"{law.name} ({code}) {provision}: {name}")
    return out


def _rules(data: ReportData) -> list[str]:
    scope, day = data.scope, data.as_of.isoformat()
    kinds = ", ".join(KIND_WORDS.get(k, k) for k in scope.entity_kinds)
    drafts = (
        "Draft codings (unreviewed first-pass labels) count where no final coding exists; every "
        "figure says how many of its units rest on them."
        if data.options.include_drafts
        else "Only final codings count; drafts are left out."
    )
    return [
        "A prosecution (one defendant in one case) is in scope when at least one of its charges "
        "is one of the offences listed below.",
        f"Defendants counted: {kinds}. A person in several prosecutions counts once, under the "
        "highest-ranked category of their prosecutions (convicted in one case and acquitted in "
        "another counts as convicted).",
        f"As of {day}: an event counts when its latest possible date is on or before {day}; an "
        "event whose possible dates straddle the day is left out as uncertain, and said so.",
        f"Codings count when they were made on or before {day}.",
        drafts,
        "Shares carry a Wilson 95% interval. Unclear answers stay in the denominator and give "
        "bounds: all unclear counted as no, and all counted as yes.",
    ]


def _agreement(results: tuple[AgreementResult, ...]) -> list[dict[str, Any]]:
    return [
        {
            "question": r.question + (f" = {r.option}" if r.option is not None else ""),
            "units": r.n_units,
            "coders": r.n_coders,
            "percent": r.percent_agreement,
            "alpha": r.krippendorff_alpha,
            "kappa": r.cohen_kappa,
            "note": "; ".join(n for n in (r.alpha_note, r.kappa_note) if n),
        }
        for r in results
    ]


def methodology(data: ReportData) -> Methodology:
    """Build the methodology section for a report's data."""
    notes = []
    for fig in data.figures:
        measure = MEASURES.get(fig.measure)
        notes.append(
            MeasureNote(
                measure=fig.measure,
                title=fig.title,
                unit=fig.unit_plural,
                definition=fig.definition,
                numerator=measure.numerator if measure else (),
                denominator=measure.denominator if measure else (),
                unclear=measure.unclear if measure else (),
                excluded=dict(fig.excluded),
                notes=tuple(fig.notes),
            )
        )
    cb = data.codebook
    coded = data.figure(CODED)
    return Methodology(
        rules=_rules(data),
        offences=scope_offences(data.scope),
        other_scopes=[s for s in data.profiles.values() if s.name != data.scope.name],
        measures=notes,
        codebook={
            "id": cb.id,
            "version": cb.version,
            "title": cb.title,
            "description": cb.description,
            "hash": cb.content_hash,
        },
        questions=[
            {
                "id": q.id,
                "text": q.text,
                "level": q.level,
                "kind": q.kind,
                "answers": [f"{a.value} ({a.label})" for a in q.answers],
                "shown_if": (
                    f"{q.show_if.question} is {' or '.join(q.show_if.in_)}" if q.show_if else ""
                ),
                "cites": list(q.cites),
            }
            for q in cb.questions
        ],
        instruments=[
            {"id": i.id, "name": i.name, "contributes": i.contributes} for i in cb.instruments
        ],
        basis=dict(coded.basis) if coded else {},
        single_coded=coded.single_coded if coded else 0,
        drafts=coded.basis.get("draft", 0) if coded else 0,
        agreement=_agreement(data.agreement),
    )
