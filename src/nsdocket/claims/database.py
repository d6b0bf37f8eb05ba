"""Claims against the database: the matching Figure, stored verdicts, drift and draft linting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from nsdocket.claims.check import check_claim
from nsdocket.claims.extract import extract_claims
from nsdocket.claims.model import Kind
from nsdocket.claims.results import Claim, ClaimCheck, FigureRef
from nsdocket.db.schema import claim as claim_table
from nsdocket.db.schema import official_figure
from nsdocket.db.writer import Writer, now
from nsdocket.ingest.csvfile import read_csv
from nsdocket.ingest.small_tables import CLAIM_COLUMNS
from nsdocket.stats.claim_match import match_claim
from nsdocket.stats.compute import Options
from nsdocket.stats.figure import Figure
from nsdocket.stats.figures import figure

_HUNDRED = Decimal(100)


def _figure_for(engine: Engine, text: str, scope: str, day: dt.date | None) -> Figure | None:
    target = match_claim(text, scope)
    if target is None:
        return None
    options = Options(as_of=day, with_rows=False)
    return figure(engine, target.measure, target.scope, options)


def figure_ref(fig: Figure) -> FigureRef | None:
    """A Figure in the shape the claim checker compares with (percent values)."""
    if not fig.is_share or fig.value is None or not fig.denominator:
        return None
    low, high = fig.interval or (fig.value, fig.value)
    return FigureRef(
        label=f"the database's {fig.title.lower()} ({fig.scope}, {fig.unit_plural})",
        value=(Decimal(repr(fig.value)) * _HUNDRED).quantize(Decimal("0.1")),
        numerator=fig.numerator,
        denominator=fig.denominator,
        low=(Decimal(repr(low)) * _HUNDRED).quantize(Decimal("0.1")),
        high=(Decimal(repr(high)) * _HUNDRED).quantize(Decimal("0.1")),
    )


def database_lookup(engine: Engine) -> Any:
    """A figure lookup for `check_claim`: the database's figure of the claim's measure and scope,
    as of the claim's date."""

    def lookup(item: Claim) -> FigureRef | None:
        fig = _figure_for(engine, item.text, item.scope or "", item.date)
        return figure_ref(fig) if fig is not None else None

    return lookup


def _candidates(engine: Engine, row: dict[str, Any]) -> list[int]:
    """Group sizes found elsewhere: the numbers of other claims from the same publisher and
    date, and the latest official totals published on or before the claim's date."""
    day = row["date_lower"] or dt.date.max
    with engine.connect() as connection:
        siblings = connection.execute(
            select(claim_table.c.numerator, claim_table.c.denominator).where(
                claim_table.c.publisher == row["publisher"],
                claim_table.c.date_edtf == row["date_edtf"],
                claim_table.c.id != row["id"],
            )
        ).all()
        latest = connection.execute(
            select(
                official_figure.c.arrested, official_figure.c.charged, official_figure.c.convicted
            )
            .where(official_figure.c.as_of <= day)
            .order_by(official_figure.c.as_of.desc())
            .limit(1)
        ).all()
    found = [int(v) for pair in (*siblings, *latest) for v in pair if v]
    return list(dict.fromkeys(found))


@dataclass
class StoredCheck:
    """A stored claim re-checked: its verdict now, the previous one, and whether it drifted."""

    claim_id: int
    check: ClaimCheck
    previous_verdict: str | None
    figure: dict[str, Any] | None
    previous_figure: dict[str, Any] | None
    changed: bool = False

    @property
    def drifted(self) -> bool:
        """True when the matching figure changed since the claim was last checked."""
        return self.previous_figure is not None and self.previous_figure != self.figure


def _claim_of(row: Any) -> Claim:
    return Claim(
        text=row["text"],
        numerator=row["numerator"],
        denominator=row["denominator"],
        percent=row["percent"],
        scope=row["scope_text"],
        date=row["date_lower"],
    )


def _figure_key(fig: Figure | None) -> dict[str, Any] | None:
    if fig is None:
        return None
    return {
        "measure": fig.measure,
        "scope": fig.scope,
        "unit": fig.unit,
        "as_of": fig.as_of.isoformat() if fig.as_of else None,
        "numerator": fig.numerator,
        "denominator": fig.denominator,
    }


def check_stored_claims(engine: Engine, *, actor: str, save: bool = True) -> list[StoredCheck]:
    """Re-check every stored claim; store each verdict, its reason and the figure used.

    A changed verdict or figure is an audited update of the claim row.
    """
    with engine.connect() as connection:
        rows = [
            dict(r)
            for r in connection.execute(select(claim_table).order_by(claim_table.c.id)).mappings()
        ]
    lookup = database_lookup(engine)
    out: list[StoredCheck] = []
    for row in rows:
        item = _claim_of(row)
        result = check_claim(
            item, candidate_denominators=_candidates(engine, row), figure_lookup=lookup
        )
        fig = _figure_for(engine, item.text, item.scope or "", item.date)
        out.append(
            StoredCheck(row["id"], result, row["verdict"], _figure_key(fig), row["checked_figure"])
        )
    if save:
        with engine.begin() as connection:
            writer = Writer(connection, actor=actor)
            for row, stored in zip(rows, out, strict=True):
                values = {
                    "verdict": stored.check.verdict.value,
                    "verdict_reason": stored.check.reason,
                    "checked_figure": stored.figure,
                }
                if any(row[k] != v for k, v in values.items()):
                    writer.update(
                        claim_table,
                        row["id"],
                        {**values, "checked_at": now()},
                        current=row,
                        reason="claims check",
                    )
                    stored.changed = True
    return out


def check_claims_file(engine: Engine | None, path: Path) -> list[ClaimCheck]:
    """Check the claims in a CSV shaped like ``published_claims.csv`` without storing them."""
    from nsdocket.dates import parse_date

    records = read_csv(path, CLAIM_COLUMNS)
    lookup = database_lookup(engine) if engine is not None else None
    claims = [
        Claim(
            text=r.values["claim"],
            numerator=int(r.values["numerator"]) if r.values["numerator"].strip() else None,
            denominator=int(r.values["denominator"]) if r.values["denominator"].strip() else None,
            percent=r.values["percent_as_published"].strip() or None,
            scope=r.values["scope"],
            date=parse_date(r.values["date"]).lower,
        )
        for r in records
    ]
    others = [c.denominator for c in claims if c.denominator]
    return [check_claim(c, candidate_denominators=others, figure_lookup=lookup) for c in claims]


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
    """Every number in a draft, matched to the figure it most likely states, as of a date."""
    bounds = list(_sentences(text))
    findings: list[LintFinding] = []
    for found in extract_claims(text):
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
            findings.append(base)
            continue
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
            findings.append(base)
            continue
        base.reason = "matches the database" if base.ok else f"the database says {base.database}"
        base.notes = [f"{fig.headline()}"]
        findings.append(base)
    return findings
