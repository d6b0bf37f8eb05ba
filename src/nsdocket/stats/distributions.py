"""Distributions: sentence lengths by offence, and pre-trial detention from remand to verdict."""

from __future__ import annotations

import statistics
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from nsdocket.db.schema import charge, event, law, offence
from nsdocket.stats.facts import Facts, shared_facts
from nsdocket.stats.figure import Figure
from nsdocket.stats.options import Options
from nsdocket.stats.population import charge_in_scope
from nsdocket.stats.scopes import Scope

DAYS_PER_MONTH = 365.25 / 12


def _summary(values: list[float]) -> dict[str, Any]:
    if not values:
        return {"n": 0}
    ordered = sorted(values)
    quartiles = (
        statistics.quantiles(ordered, n=4, method="inclusive")
        if len(ordered) > 1
        else [ordered[0]] * 3
    )
    return {
        "n": len(ordered),
        "median": statistics.median(ordered),
        "q1": quartiles[0],
        "q3": quartiles[2],
        "min": ordered[0],
        "max": ordered[-1],
        "mean": round(statistics.fmean(ordered), 2),
    }


def uses(facts: Facts) -> None:
    """Ask ``facts`` for what the distributions read (see `facts.facts_select`)."""
    facts.known("sentence")


def sentence_months(engine: Engine, scope: Scope, options: Options) -> Figure:
    """Sentence length (months) of convicted prosecutions, overall and by offence.

    Each prosecution is counted once overall, and once under each in-scope offence it was
    convicted of; a sentence counts when the sentence event is dated on or before the as-of
    date (or, with no as-of date, whenever it is recorded).
    """
    with engine.connect() as connection, shared_facts(connection, scope, options, [uses]) as f:
        return sentence_months_with(connection, f, scope, options)


def sentence_months_with(
    connection: Connection, facts: Facts, scope: Scope, options: Options
) -> Figure:
    """`sentence_months` from facts already worked out (see `facts.shared_facts`)."""
    assert facts.source is not None
    source = facts.source
    rows = (
        select(source.c.cd_id, source.c.sentence_months)
        .where(
            facts.outcome == "convicted",
            source.c.sentence_months.is_not(None),
            facts.known("sentence"),
        )
        .subquery("sentenced")
    )
    values = connection.execute(select(rows.c.cd_id, rows.c.sentence_months)).all()
    by_offence_rows = connection.execute(
        select(
            law.c.code,
            offence.c.provision,
            offence.c.name,
            rows.c.cd_id,
            rows.c.sentence_months,
        )
        .distinct()
        .select_from(rows)
        .join(charge, charge.c.case_defendant_id == rows.c.cd_id)
        .join(offence, offence.c.id == charge.c.offence_id)
        .join(law, law.c.id == offence.c.law_id)
        .where(charge_in_scope(scope), charge.c.outcome == "convicted")
    ).all()
    by_offence: dict[str, list[float]] = {}
    for code, provision, name, _, months in by_offence_rows:
        by_offence.setdefault(f"{code} {provision} {name}", []).append(float(months))
    overall = _summary([float(m) for _, m in values])
    return Figure(
        measure="sentence_months",
        title="Sentence length in months",
        scope=scope.name,
        scope_words=scope.in_words(),
        unit="prosecution",
        as_of=options.as_of,
        numerator=overall["n"],
        denominator=None,
        value=overall.get("median"),
        row_ids=sorted(int(cd) for cd, _ in values) if options.with_rows else [],
        stats=overall,
        breakdown={"by_offence": {k: _summary(v) for k, v in sorted(by_offence.items())}},
        definition=(
            "Prosecutions in scope convicted and sentenced (sentence dated by the as-of date), "
            "with the sentence in months as recorded (suspended sentences and fines are not "
            "months in custody and are recorded as such in the case notes). Median, quartiles "
            "(inclusive method), range and mean; by offence, each prosecution counts under every "
            "in-scope offence it was convicted of."
        ),
    )


def pretrial_detention(engine: Engine, scope: Scope, options: Options) -> Figure:
    """Months from remand to verdict or release, with ranges where dates are partial."""
    with engine.connect() as connection, shared_facts(connection, scope, options, []) as f:
        return pretrial_detention_with(connection, f, scope, options)


def pretrial_detention_with(
    connection: Connection, facts: Facts, scope: Scope, options: Options
) -> Figure:
    """`pretrial_detention` from facts already worked out (see `facts.shared_facts`)."""
    assert facts.source is not None
    rows = facts.source
    stmt = (
        select(
            event.c.case_defendant_id,
            event.c.kind,
            func.min(event.c.date_lower),
            func.min(event.c.date_upper),
        )
        .where(
            event.c.case_defendant_id.in_(select(rows.c.cd_id)),
            event.c.kind.in_(("remand", "verdict", "release")),
            event.c.date_lower.is_not(None),
        )
        .group_by(event.c.case_defendant_id, event.c.kind)
    )
    if options.as_of is not None:
        stmt = stmt.where(event.c.date_upper <= options.as_of)
    dates: dict[int, dict[str, tuple[Any, Any]]] = {}
    for cd_id, kind, low, high in connection.execute(stmt).all():
        dates.setdefault(int(cd_id), {})[kind] = (low, high)
    shortest: list[float] = []
    longest: list[float] = []
    middle: list[float] = []
    ids: list[int] = []
    for cd_id, kinds in sorted(dates.items()):
        if "remand" not in kinds:
            continue
        ends = [kinds[k] for k in ("verdict", "release") if k in kinds]
        if not ends:
            continue
        start_low, start_high = kinds["remand"]
        end_low, end_high = min(ends, key=lambda pair: pair[0])
        low = max(0.0, (end_low - start_high).days / DAYS_PER_MONTH)
        high = max(0.0, (end_high - start_low).days / DAYS_PER_MONTH)
        shortest.append(round(low, 1))
        longest.append(round(high, 1))
        middle.append(round((low + high) / 2, 1))
        ids.append(cd_id)
    stats = _summary(middle)
    if middle:
        stats["median_range"] = (statistics.median(shortest), statistics.median(longest))
        stats["mean_range"] = (
            round(statistics.fmean(shortest), 1),
            round(statistics.fmean(longest), 1),
        )
    figure = Figure(
        measure="pretrial_detention",
        title="Pre-trial detention in months (remand to verdict or release)",
        scope=scope.name,
        scope_words=scope.in_words(),
        unit="prosecution",
        as_of=options.as_of,
        numerator=len(middle),
        denominator=None,
        value=stats.get("median"),
        row_ids=ids if options.with_rows else [],
        stats=stats,
        definition=(
            "For prosecutions in scope with a dated remand and a dated verdict or release, the "
            "months between them. Partial dates give a range: the shortest possible and the "
            "longest possible detention; the median and mean are also given for both ends."
        ),
    )
    if not middle:
        figure.notes.append(
            "No prosecution in scope has both a dated remand and a dated verdict or release."
        )
    return figure
