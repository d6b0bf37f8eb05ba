"""Distributions: sentence lengths by offence, and pre-trial custody from remand to its end.

Both read the in-scope facts rows (`nsdocket.stats.facts`) as counts of equal values, so that
a million prosecutions come back as a few hundred groups; the summaries are worked out here.
"""

from __future__ import annotations

import statistics
from collections import Counter
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from nsdocket.db.schema import charge, law, offence
from nsdocket.stats.facts import Facts, ScopeOffences, facts_for
from nsdocket.stats.figure import Figure
from nsdocket.stats.options import Options
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


def _expanded(counts: Counter[float]) -> list[float]:
    return [value for value, n in sorted(counts.items()) for _ in range(n)]


def sentence_months(engine: Engine, scope: Scope, options: Options) -> Figure:
    """Sentence length (months) of convicted prosecutions, overall and by offence.

    Each prosecution is counted once overall, and once under each in-scope offence it was
    convicted of; a sentence counts when the sentence event is dated on or before the as-of
    date (or, with no as-of date, whenever it is recorded).
    """
    with engine.connect() as connection, facts_for(connection, scope, options) as facts:
        return sentence_months_with(connection, facts, scope, options)


def _offence_labels(connection: Connection, ids: tuple[int, ...]) -> dict[int, str]:
    rows = connection.execute(
        select(offence.c.id, law.c.code, offence.c.provision, offence.c.name)
        .join(law, law.c.id == offence.c.law_id)
        .where(offence.c.id.in_(ids))
    ).all()
    return {int(i): f"{code} {provision} {name}" for i, code, provision, name in rows}


def sentence_months_with(
    connection: Connection, facts: Facts, scope: Scope, options: Options
) -> Figure:
    """`sentence_months` from facts already chosen (see `facts.facts_for`)."""
    c = facts.c
    sentenced = (
        facts.outcome == "convicted",
        c.sentence_months.is_not(None),
        facts.known("sentence"),
    )
    ids = facts.offences.ids
    mask = ScopeOffences.mask(ids)
    bits = c.convicted_bits.op("&")(mask)
    overall: Counter[float] = Counter()
    by_offence: dict[int, Counter[float]] = {}
    for months, found, n in connection.execute(
        select(c.sentence_months, bits, func.count())
        .where(*sentenced)
        .group_by(c.sentence_months, bits)
    ):
        overall[float(months)] += n
        for offence_id in ids:
            if offence_id < 63 and int(found) & (1 << offence_id):
                by_offence.setdefault(offence_id, Counter())[float(months)] += n
    overflow = ScopeOffences.overflow(ids)
    if overflow:  # offences beyond the bit set: read from the charges
        for offence_id, months, n in connection.execute(
            select(charge.c.offence_id, c.sentence_months, func.count(func.distinct(c.cd_id)))
            .join(charge, charge.c.case_defendant_id == c.cd_id)
            .where(*sentenced, charge.c.offence_id.in_(overflow), charge.c.outcome == "convicted")
            .group_by(charge.c.offence_id, c.sentence_months)
        ):
            by_offence.setdefault(int(offence_id), Counter())[float(months)] += n
    labels = _offence_labels(connection, tuple(by_offence))
    summary = _summary(_expanded(overall))
    row_ids: list[int] = []
    if options.with_rows:
        row_ids = [
            int(i)
            for i in connection.execute(
                select(c.cd_id).where(*sentenced).order_by(c.cd_id)
            ).scalars()
        ]
    return Figure(
        measure="sentence_months",
        title="Sentence length in months",
        scope=scope.name,
        scope_words=scope.in_words(),
        unit="prosecution",
        as_of=options.as_of,
        numerator=summary["n"],
        denominator=None,
        value=summary.get("median"),
        row_ids=row_ids,
        stats=summary,
        breakdown={
            "by_offence": {
                labels[i]: _summary(_expanded(v))
                for i, v in sorted(by_offence.items(), key=lambda kv: labels[kv[0]])
            }
        },
        definition=(
            "Prosecutions in scope convicted and sentenced (sentence dated by the as-of date), "
            "with the sentence in months as recorded (suspended sentences and fines are not "
            "months in custody and are recorded as such in the case notes). Median, quartiles "
            "(inclusive method), range and mean; by offence, each prosecution counts under every "
            "in-scope offence it was convicted of."
        ),
        clock=options.clock,
        recorded_as_of=options.as_recorded,
    )


def pretrial_detention(engine: Engine, scope: Scope, options: Options) -> Figure:
    """Months in custody before trial: from the first remand to the first verdict or release
    on or after it, with ranges where dates are partial."""
    with engine.connect() as connection, facts_for(connection, scope, options) as facts:
        return pretrial_detention_with(connection, facts, scope, options)


def pretrial_detention_with(
    connection: Connection, facts: Facts, scope: Scope, options: Options
) -> Figure:
    """`pretrial_detention` from facts already chosen (see `facts.facts_for`)."""
    c = facts.c
    dated = [c.remand_lo.is_not(None), c.custody_end_lo.is_not(None)]
    if options.as_of is not None:
        dated += [c.remand_hi <= options.as_of, c.custody_end_hi <= options.as_of]
    spans = select(c.remand_lo, c.remand_hi, c.custody_end_lo, c.custody_end_hi, func.count())
    shortest: list[float] = []
    longest: list[float] = []
    middle: list[float] = []
    for start_low, start_high, end_low, end_high, n in connection.execute(
        spans.where(*dated).group_by(c.remand_lo, c.remand_hi, c.custody_end_lo, c.custody_end_hi)
    ):
        low = round(max(0.0, (end_low - start_high).days / DAYS_PER_MONTH), 1)
        high = round(max(0.0, (end_high - start_low).days / DAYS_PER_MONTH), 1)
        shortest += [low] * n
        longest += [high] * n
        middle += [round((low + high) / 2, 1)] * n
    stats = _summary(middle)
    if middle:
        stats["median_range"] = (statistics.median(shortest), statistics.median(longest))
        stats["mean_range"] = (
            round(statistics.fmean(shortest), 1),
            round(statistics.fmean(longest), 1),
        )
    row_ids: list[int] = []
    if options.with_rows:
        row_ids = [
            int(i)
            for i in connection.execute(select(c.cd_id).where(*dated).order_by(c.cd_id)).scalars()
        ]
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
        row_ids=row_ids,
        stats=stats,
        definition=(
            "For prosecutions in scope with a dated remand, the months from the first remand to "
            "the first verdict or release dated on or after it (a release on bail ends the "
            "count; a release on police bail before the remand does not). Partial dates give a "
            "range: the shortest possible and the longest possible detention; the median and "
            "mean are also given for both ends."
        ),
        clock=options.clock,
        recorded_as_of=options.as_recorded,
    )
    if not middle:
        figure.notes.append(
            "No prosecution in scope has both a dated remand and a dated verdict or release "
            "after it."
        )
    return figure
