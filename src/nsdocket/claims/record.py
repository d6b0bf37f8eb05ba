"""Numbers in a text against the record: official figures, the database, and each other.

For each count (and ratio, range) found in a text, with what it counts (its stage, unit and
law, see `NumericClaim`) and the date it is stated for (its period, else the publication date):

``official``
    the official or tracker figure of the same stage and scope nearest before that date
    ("matches the Security Bureau's 332 arrested as of 2025-06-30"; "the latest official
    figure before that date is 291"), or another date's figure that the number matches;
``database``
    the database's own figure for the same stage, scope and date, with the rows behind it.
    The database is a compiled, sourced set: holding fewer than a claim is a gap in the data,
    but holding *more* people than an exact claim says is a contradiction (each row is a named,
    sourced prosecution);
``order``
    the text's own numbers: convicted <= charged <= arrested for the same people, law and
    period ("189 convicted" beside "332 arrested");
``sum``
    parts that must add up: "112 persons + 5 companies" against a stated total of 117.

Every number gets at least one line: when nothing could check it, "not checkable" and why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select

from nsdocket.claims.model import Kind, NumericClaim
from nsdocket.claims.period import period_date
from nsdocket.claims.record_database import database_check
from nsdocket.claims.record_model import RecordCheck, RecordVerdict, fits
from nsdocket.claims.record_text import order_checks, sum_checks
from nsdocket.db.schema import official_figure, source

__all__ = [
    "OfficialFigure",
    "RecordCheck",
    "RecordVerdict",
    "check_against_record",
    "official_figures",
    "scope_laws",
]

# ---- what an official figure counts -------------------------------------------------------

#: A claim's stage, as the official figures' column that counts it.
STAGE_COLUMNS = {
    "arrested": "arrested",
    "charged": "charged",
    "prosecuted": "charged",
    "convicted": "convicted",
    "sentenced": "convicted",
    "remanded": "remanded",
    "bail_granted": "on_bail",
}
#: A figure this many days older than its scope's latest is still the current one.
CURRENT_DAYS = 31

# Words of an official figure's scope, as the law families they cover.
_SCOPE_WORDS = (
    (
        "all",
        (
            "all ",
            "acts endangering",
            "national security legislation",
            "national-security laws",
            "national security laws",
            "related offences",
            "相關罪行",
            "相关罪行",
        ),
    ),
    (
        "SNSO",
        ("snso", "safeguarding national security ordinance", "article 23", "維護國家安全條例"),
    ),
    ("sedition", ("sedition", "crimes ordinance", "煽動")),
    ("NSL", ("nsl", "national security law", "國安法", "国安法")),
)


def scope_laws(text: str) -> frozenset[str]:
    """The law families an official figure's scope words cover: NSL, sedition, SNSO, or all."""
    words = text.casefold()
    found = {family for family, cues in _SCOPE_WORDS if any(c in words for c in cues)}
    if "all" in found:
        return frozenset({"all"})
    return frozenset(found) or frozenset({"all"})


def _claim_laws(law: str | None) -> frozenset[str]:
    if law in ("NSL", "SNSO", "sedition"):
        return frozenset({law})
    return frozenset({"all"})


@dataclass(frozen=True)
class OfficialFigure:
    """One published total: who, as of when, of what, and the numbers by stage."""

    publisher: str
    kind: str
    as_of: dt.date
    scope: str
    laws: frozenset[str]
    counts: dict[str, int]
    url: str | None

    def describe(self, column: str) -> str:
        """``the Security Bureau's 332 arrested as of 2025-06-30 (NSL)``."""
        return (
            f"{self.publisher}'s {self.counts[column]} {column.replace('_', ' ')} as of "
            f"{self.as_of.isoformat()} ({self.scope})"
        )


def official_figures(engine: Engine) -> list[OfficialFigure]:
    """Every stored official or tracker total, oldest first."""
    columns = ("arrested", "charged", "convicted", "remanded", "on_bail")
    with engine.connect() as connection:
        rows = connection.execute(
            select(official_figure, source.c.url)
            .outerjoin(source, source.c.id == official_figure.c.source_id)
            .order_by(official_figure.c.as_of, official_figure.c.id)
        ).mappings()
        return [
            OfficialFigure(
                r["publisher"],
                r["kind"],
                r["as_of"],
                r["scope"],
                scope_laws(r["scope"]),
                {c: int(r[c]) for c in columns if r[c] is not None},
                r["url"],
            )
            for r in rows
        ]


# ---- comparing a number ---------------------------------------------------------------------


def _counted(claim: NumericClaim) -> int | None:
    if claim.kind in (Kind.COUNT, Kind.RANGE):
        return int(claim.value)
    if claim.kind is Kind.RATIO:
        return claim.numerator
    return None


def _scope_words(laws: frozenset[str]) -> str:
    return " + ".join(sorted(laws)) if laws != {"all"} else "all national-security laws"


def _official(
    claim: NumericClaim, day: dt.date | None, figures: Sequence[OfficialFigure]
) -> RecordCheck | None:
    """The official figure of the claim's stage and scope nearest before its date; else the
    figure of any scope and date it matches (governments count "acts endangering national
    security", which the press often calls NSL arrests), said as such."""
    column = STAGE_COLUMNS.get(claim.stage or "")
    stated = _counted(claim)
    if column is None or stated is None or claim.unit not in (None, "people"):
        return None
    laws = _claim_laws(claim.law)
    staged = [f for f in figures if column in f.counts]
    same = [f for f in staged if f.laws == laws]
    when = day.isoformat() if day else "today"
    before = [f for f in same if day is None or f.as_of <= day]
    nearest = before[-1] if before else None
    if nearest is not None and fits(claim, nearest.counts[column]):
        reason = f"matches {nearest.describe(column)}"
        return RecordCheck(
            claim, "official", RecordVerdict.MATCHES, reason, _official_json(nearest, column)
        )
    # Another scope's or date's figure the number matches, closest in date first.
    matching = [f for f in staged if fits(claim, f.counts[column])]
    if day is not None:
        matching.sort(key=lambda f: abs((f.as_of - day).days))
    other = matching[0] if matching else None
    if other is not None:
        notes = []
        if other.laws != laws:
            notes.append(f"the text names {_scope_words(laws)}")
        if nearest is not None and nearest.as_of != other.as_of:
            notes.append(f"the latest {_scope_words(laws)} figure before {when} is "
                         f"{nearest.describe(column)}")  # fmt: skip
        reason = f"matches {other.describe(column)}" + (f" ({'; '.join(notes)})" if notes else "")
        # It matches when that figure was among its scope's latest on the date (within a
        # month: several publishers give figures days apart); a stale or a later figure is a
        # difference worth a reader's attention.
        its_scope = [
            f.as_of for f in staged if f.laws == other.laws and (day is None or f.as_of <= day)
        ]
        current = bool(its_scope) and (max(its_scope) - other.as_of).days <= CURRENT_DAYS
        verdict = RecordVerdict.MATCHES if current else RecordVerdict.DIFFERS
        return RecordCheck(claim, "official", verdict, reason, _official_json(other, column))
    if nearest is None:
        earlier = [f for f in staged if day is None or f.as_of <= day]
        if not earlier:
            reason = f"no official figure counts people {claim.stage} before {when}"
            return RecordCheck(claim, "official", RecordVerdict.NOT_CHECKABLE, reason)
        nearest = earlier[-1]
    reason = f"the latest official figure before {when} is {nearest.describe(column)}"
    # The text gives the date itself and the record has a figure of exactly that day and
    # scope: the number contradicts it.
    exact = (
        claim.period is not None
        and day is not None
        and nearest.as_of == day
        and nearest.laws == laws
    )
    verdict = RecordVerdict.CONTRADICTS if exact else RecordVerdict.DIFFERS
    return RecordCheck(claim, "official", verdict, reason, _official_json(nearest, column))


def _official_json(f: OfficialFigure, column: str) -> dict[str, Any]:
    return {
        "publisher": f.publisher,
        "kind": f.kind,
        "as_of": f.as_of.isoformat(),
        "scope": f.scope,
        "stage": column,
        "value": f.counts[column],
        "url": f.url,
    }


def check_against_record(
    claims: Sequence[NumericClaim],
    *,
    engine: Engine | None = None,
    published: dt.date | None = None,
    figures: Sequence[OfficialFigure] | None = None,
) -> list[RecordCheck]:
    """Check every number of a text against the record and against each other.

    Args:
        claims: the numbers found in the text (`extract_claims`), in order.
        engine: the database (its official figures and its own figures); None checks the
            numbers against each other only.
        published: when the text was published (the date of a number that gives none).
        figures: official figures to use instead of the database's.

    Returns:
        Checks in the order of the claims; every claim has at least one.
    """
    if figures is None:
        figures = official_figures(engine) if engine is not None else []
    out: list[RecordCheck] = []
    text_checks = [*order_checks(claims), *sum_checks(claims)]
    for claim in claims:
        mine: list[RecordCheck] = [c for c in text_checks if c.claim is claim]
        if claim.kind is not Kind.PERCENT:
            day = period_date(claim.period, published)
            official = _official(claim, day, figures) if figures else None
            if official is not None:
                mine.append(official)
            if engine is not None:
                found = database_check(engine, claim, day)
                if found is not None:
                    mine.append(found)
        if not mine:
            mine.append(RecordCheck(claim, "none", RecordVerdict.NOT_CHECKABLE, _why_not(claim)))
        out.extend(mine)
    return out


def _why_not(claim: NumericClaim) -> str:
    if claim.kind is Kind.PERCENT:
        return "a percent: checked against its denominator (see the share checks)"
    if claim.stage is None:
        what = f"'{claim.noun}'" if claim.noun else "something"
        return f"counts {what}, not a step of a prosecution the record keeps"
    if claim.unit not in (None, "people"):
        return f"counts {claim.unit}, which the official figures do not give apart"
    return f"nothing in the record counts people {claim.stage}"
