"""Everything a report shows, gathered from the library: figures, series, codings, claims.

Nothing here computes a figure. It calls `nsdocket.stats`, `nsdocket.coding`, `nsdocket.claims`
and `nsdocket.queries`, and reshapes what they return for the charts and templates. Names and
addresses withheld from sensitive rows stay withheld (`nsdocket.release.scrub`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from nsdocket.claims.database import StoredCheck, check_stored_claims
from nsdocket.coding import AgreementResult, Codebook, bundled_codebook
from nsdocket.coding.review import coder_agreement
from nsdocket.queries.cases import case_detail
from nsdocket.queries.export import table_rows
from nsdocket.queries.scrub import Scrubber, scrubber_for
from nsdocket.stats.compute import Options, explain
from nsdocket.stats.figure import Figure
from nsdocket.stats.figures import compare_scopes, figure, headline_figures
from nsdocket.stats.scopes import Scope, get_scope, scope_profiles
from nsdocket.stats.seed_compare import Comparison, compare_with_published

OVER_TIME = ("arrested", "charged", "convicted")
CODED = "legitimate_expression"


@dataclass(frozen=True)
class YearCount:
    """One point of the over-time chart: a measure's count under one law in one year."""

    measure: str
    law: str
    year: str
    count: int


@dataclass
class Prosecution:
    """One counted defendant in one case, for the table of defendants.

    Attributes:
        cd_id: the prosecution's (case_defendant) id.
        defendant: the name, or ``[withheld] (defendant N)`` for a sensitive defendant.
        kind: person, company, organisation or group.
        case_title: the case's title (withheld names replaced).
        outcome: the prosecution's outcome.
        charges: each charge as "NSL 22 Subversion (convicted)".
        coding: the legitimate-expression category the figure gave it.
        basis: how that answer was settled (adjudicated, agreed, single, draft).
        counted_in: measures whose figure counts this prosecution.
        sources: public sources: publisher, kind, title and url (none listed for a sensitive
            defendant: an article about their case can name them).
        sensitive: the defendant is marked sensitive; name and sources are withheld.
    """

    cd_id: int
    defendant: str
    kind: str
    case_title: str
    outcome: str
    charges: list[str]
    coding: str
    basis: str | None
    counted_in: list[str] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    sensitive: bool = False


@dataclass
class ClaimRow:
    """A stored claim with its verdict, for the appendix."""

    publisher: str
    date: str
    text: str
    verdict: str
    reason: str
    notes: list[str]


@dataclass
class ReportData:
    """What `gather` found; the charts and templates read only this."""

    as_of: dt.date
    scope: Scope
    options: Options
    figures: list[Figure]
    series: list[YearCount]
    undated: dict[str, dict[str, int]]
    scope_shares: list[Figure]
    profiles: dict[str, Scope]
    codebook: Codebook
    agreement: tuple[AgreementResult, ...]
    prosecutions: list[Prosecution]
    claims: list[ClaimRow]
    comparisons: list[Comparison]
    scrubber: Scrubber

    def figure(self, measure: str) -> Figure | None:
        """The headline figure of a measure, if the report has it."""
        return next((f for f in self.figures if f.measure == measure), None)


def law_scope(scope: Scope, code: str) -> Scope:
    """The part of ``scope`` under one law (``NSL``), for breakdowns over time by law."""
    offences = tuple(o for o in scope.offences if o.split(":")[0] == code)
    return Scope(f"{scope.name}:{code}", code, scope.description, offences, scope.entity_kinds)


def law_codes(scope: Scope) -> list[str]:
    """The laws a scope names, in its own order."""
    return list(dict.fromkeys(o.split(":")[0] for o in scope.offences))


def _series(
    engine: Engine, scope: Scope, options: Options
) -> tuple[list[YearCount], dict[str, dict[str, int]]]:
    points: list[YearCount] = []
    undated: dict[str, dict[str, int]] = {}
    plain = Options(
        as_of=options.as_of,
        unit=options.unit,
        include_drafts=options.include_drafts,
        with_rows=False,
        as_recorded=options.as_recorded,
    )
    for code in law_codes(scope):
        part = law_scope(scope, code)
        for measure in OVER_TIME:
            fig = figure(engine, measure, part, plain)
            years: dict[str, int] = next(
                (v for k, v in fig.breakdown.items() if k.startswith("by_year_of_")), {}
            )
            for year, count in years.items():
                if str(year).isdigit():
                    points.append(YearCount(fig.title, code, str(year), int(count)))
                elif count:
                    undated.setdefault(fig.title, {})[f"{code}, {year}"] = int(count)
    return points, undated


def _charge_text(item: dict[str, Any]) -> str:
    law = item.get("law_code") or ""
    if item.get("provision"):
        what = f"{law} {item['provision']} {item.get('offence_name') or ''}".strip()
    else:
        what = str(item.get("text") or law)
    inchoate = f" ({item['inchoate']})" if item.get("inchoate") else ""
    return f"{what}{inchoate}: {item.get('outcome', '')}"


def _prosecutions(
    engine: Engine, scope: Scope, options: Options, figures: list[Figure], scrubber: Scrubber
) -> list[Prosecution]:
    counted: dict[int, list[str]] = {}
    for fig in figures:
        for cd_id in fig.row_ids:
            counted.setdefault(cd_id, []).append(fig.measure)
    coded = {r.case_defendant_id: r for r in explain(engine, CODED, scope, options)}
    details: dict[int, dict[str, Any]] = {}
    out: list[Prosecution] = []
    for cd_id in sorted(counted):
        row = coded.get(cd_id)
        if row is None:
            continue
        if row.case_id not in details:
            detail = case_detail(engine, row.case_id, public=True)
            details[row.case_id] = {
                "title": scrubber.text(str(detail["title"])),
                "prosecutions": {p["id"]: p for p in detail["prosecutions"]},
            }
        case = details[row.case_id]
        item = case["prosecutions"][cd_id]
        out.append(
            Prosecution(
                cd_id=cd_id,
                defendant=scrubber.text(str(item["name"])),
                kind=str(item["kind"]),
                case_title=case["title"],
                outcome=str(item["outcome"]),
                charges=[scrubber.text(_charge_text(c)) for c in item["charges"]],
                coding=row.category,
                basis=row.basis,
                counted_in=counted[cd_id],
                sources=[] if item["sensitive"] else [scrubber.row(s) for s in item["sources"]],
                sensitive=bool(item["sensitive"]),
            )
        )
    return out


def _claims(engine: Engine, checks: list[StoredCheck], scrubber: Scrubber) -> list[ClaimRow]:
    rows = {r["id"]: r for r in table_rows(engine, "claim")}
    out: list[ClaimRow] = []
    for stored in checks:
        row = rows[stored.claim_id]
        check = stored.check
        notes = list(check.notes)
        if check.figure is not None:
            notes.insert(0, check.figure.summary)
        out.append(
            ClaimRow(
                publisher=scrubber.text(str(row["publisher"])),
                date=str(row["date_edtf"] or ""),
                text=scrubber.text(str(row["text"])),
                verdict=check.verdict.value,
                reason=scrubber.text(check.reason),
                notes=[scrubber.text(n) for n in notes],
            )
        )
    return out


def gather(
    engine: Engine, as_of: dt.date, scope_name: str, *, as_recorded: dt.date | None = None
) -> ReportData:
    """Collect every figure, series, coding summary and claim check for a report.

    The figures are those of ``nsdocket stats --scope SCOPE --as-of DATE`` (people, drafts
    counted and flagged): facts by ``as_of`` judged with today's codings, or, with
    ``as_recorded``, the database as it stood at the end of that day.

    Raises:
        KeyError: an unknown scope.
    """
    scope = get_scope(scope_name)
    options = Options(as_of=as_of, as_recorded=as_recorded)
    figures = headline_figures(engine, scope, as_of, as_recorded=as_recorded)
    scrubber = scrubber_for(engine)
    series, undated = _series(engine, scope, options)
    shares = compare_scopes(
        engine, CODED, Options(as_of=as_of, as_recorded=as_recorded, with_rows=False)
    )
    return ReportData(
        as_of=as_of,
        scope=scope,
        options=options,
        figures=figures,
        series=series,
        undated=undated,
        scope_shares=shares,
        profiles=scope_profiles(),
        codebook=bundled_codebook(),
        agreement=coder_agreement(engine),
        prosecutions=_prosecutions(engine, scope, options, figures, scrubber),
        claims=_claims(engine, check_stored_claims(engine, actor="report", save=False), scrubber),
        comparisons=compare_with_published(engine),
        scrubber=scrubber,
    )
