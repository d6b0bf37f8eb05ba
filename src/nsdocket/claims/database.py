"""Claims against the database: the matching Figure, stored verdicts and drift."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from nsdocket.claims.check import check_claim
from nsdocket.claims.results import Claim, ClaimCheck, FigureRef
from nsdocket.db.data_version import UntilChanged
from nsdocket.db.schema import claim as claim_table
from nsdocket.db.schema import official_figure
from nsdocket.db.writer import Writer, now
from nsdocket.ingest.csvfile import read_csv
from nsdocket.ingest.small_tables import CLAIM_COLUMNS, CLAIM_OPTIONAL
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


def written_qualifier(percent: str | None, *texts: str | None) -> str | None:
    """The qualifier the claim's own words put on its percent ("more than 80%" -> "more
    than"), read by the extractor from the first text that states that percent (the quote,
    the publisher's words, before the compiler's summary); None when none does. A stored claim
    has no qualifier column: its words are the record."""
    if not percent:
        return None
    from nsdocket.claims.extract import extract_claims

    wanted = Decimal(percent.rstrip("%").strip())
    for text in texts:
        for found in extract_claims(text or "", link=False):
            if found.kind == "percent" and found.upper is None and found.value == wanted:
                return str(found.qualifier.value)
    return None


def _claim_of(row: Any) -> Claim:
    return Claim(
        text=row["text"],
        numerator=row["numerator"],
        denominator=row["denominator"],
        percent=row["percent"],
        qualifier=written_qualifier(row["percent"], row.get("quote"), row["text"]),
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


_CHECKED: UntilChanged[list[StoredCheck]] = UntilChanged(size=8)


def current_checks(engine: Engine) -> list[StoredCheck]:
    """The stored claims checked now, without saving, reused until the data changes.

    A page view must not re-check every claim (each looks up a database figure: seconds on
    PostgreSQL); the verdicts depend only on the data and today's date.
    """
    return _CHECKED.get(
        engine, "stored", lambda: check_stored_claims(engine, actor="web", save=False)
    )


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

    records = read_csv(path, CLAIM_COLUMNS, CLAIM_OPTIONAL)
    lookup = database_lookup(engine) if engine is not None else None
    claims = [
        Claim(
            text=r.values["claim"],
            numerator=int(r.values["numerator"]) if r.values["numerator"].strip() else None,
            denominator=int(r.values["denominator"]) if r.values["denominator"].strip() else None,
            percent=r.values["percent_as_published"].strip() or None,
            qualifier=written_qualifier(
                r.values["percent_as_published"].strip() or None,
                r.values.get("quote"),
                r.values["claim"],
            ),
            scope=r.values["scope"],
            date=parse_date(r.values["date"]).lower,
        )
        for r in records
    ]
    others = [c.denominator for c in claims if c.denominator]
    return [check_claim(c, candidate_denominators=others, figure_lookup=lookup) for c in claims]
