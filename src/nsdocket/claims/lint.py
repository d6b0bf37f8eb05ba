"""Linting a draft: every number matched to the figure it states, and checked against the record.

A team's draft should state the database's figures, or an official figure of its date. A number
is off when it states neither, and always when the record contradicts it (an impossible share,
a count below the named, sourced people the database holds, a later stage above an earlier one,
a dated figure the record gives otherwise: see `nsdocket.claims.record`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import Engine

from nsdocket.claims.model import Kind, NumericClaim
from nsdocket.claims.numbers import CheckedNumber, check_numbers
from nsdocket.claims.record_model import RecordVerdict
from nsdocket.claims.results import Verdict
from nsdocket.stats.claim_match import match_claim
from nsdocket.stats.compute import Options
from nsdocket.stats.figures import figure

__all__ = ["LintFinding", "lint_draft"]

_HUNDRED = Decimal(100)


@dataclass
class LintFinding:
    """A number in a draft, the figure it most likely states, and whether it matches."""

    text: str
    start: int
    end: int
    sentence: str
    measure: str | None
    scope: str | None
    stated: str
    database: str | None
    ok: bool | None
    reason: str
    notes: list[str] = field(default_factory=list)


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for i, char in enumerate(text):
        if char in ".!?。\n" and (i + 1 == len(text) or text[i + 1] in " \n"):
            yield start, i + 1
            start = i + 1
    if start < len(text):
        yield start, len(text)


def lint_draft(engine: Engine, text: str, *, as_of: dt.date | None = None) -> list[LintFinding]:
    """Every number in a draft, matched to the figure it most likely states, as of a date, and
    checked against the record (`check_numbers`)."""
    bounds = list(_sentences(text))
    findings: list[LintFinding] = []
    for checked in check_numbers(text, engine=engine, published=as_of or dt.date.today()):
        findings.append(_finding(engine, text, bounds, checked, as_of))
    return findings


def _finding(
    engine: Engine,
    text: str,
    bounds: list[tuple[int, int]],
    checked: CheckedNumber,
    as_of: dt.date | None,
) -> LintFinding:
    finding = _database_finding(engine, text, bounds, checked.claim, as_of)
    matches = [
        c for c in checked.record if c.against == "official" and c.verdict is RecordVerdict.MATCHES
    ]
    if finding.ok is not True and matches:
        finding.ok = True
        finding.reason = matches[0].reason + (
            f" (the database says {finding.database})" if finding.database else ""
        )
    finding.notes += [c.reason for c in checked.record if c.against != "none"]
    if checked.contradicted:
        reasons = [c.reason for c in checked.record if c.verdict is RecordVerdict.CONTRADICTS]
        reasons += [
            c.check.reason for c in checked.arithmetic if c.check.verdict is Verdict.INCONSISTENT
        ]
        finding.ok = False
        finding.reason = "contradicted: " + "; ".join(reasons)
    return finding


def _database_finding(
    engine: Engine,
    text: str,
    bounds: list[tuple[int, int]],
    found: NumericClaim,
    as_of: dt.date | None,
) -> LintFinding:
    """The number against the database's figure for the words around it."""
    s, e = next(((a, b) for a, b in bounds if a <= found.start < b), (0, len(text)))
    sentence = text[s:e].strip()
    target = match_claim(sentence)
    base = LintFinding(
        found.text,
        found.start,
        found.end,
        sentence,
        None,
        None,
        found.text,
        None,
        None,
        "no figure matches the words around it",
    )
    if target is None:
        return base
    fig = figure(engine, target.measure, target.scope, Options(as_of=as_of, with_rows=False))
    base.measure, base.scope = target.measure, target.scope
    if found.kind == Kind.PERCENT and fig.is_share and fig.value is not None:
        decimals = found.decimals or 0
        actual = (Decimal(repr(fig.value)) * _HUNDRED).quantize(Decimal(1).scaleb(-decimals))
        base.database = f"{actual}% ({fig.numerator} of {fig.denominator})"
        if found.upper is None:
            base.ok = Decimal(str(found.value)) == actual
        else:  # a range ("80-90%") states the figure when the figure lies in it
            base.ok = Decimal(str(found.value)) <= actual <= found.upper
    elif found.kind == Kind.COUNT and not fig.is_share:
        base.database = str(fig.numerator)
        base.ok = int(found.value) == fig.numerator
    elif found.kind == Kind.RATIO and fig.is_share:
        base.database = f"{fig.numerator} of {fig.denominator}"
        base.ok = (found.numerator, found.denominator) == (fig.numerator, fig.denominator)
    else:
        base.reason = f"the figure ({fig.measure}) is not stated as a {found.kind.value}"
        return base
    base.reason = "matches the database" if base.ok else f"the database says {base.database}"
    base.notes = [f"{fig.headline()}"]
    return base
