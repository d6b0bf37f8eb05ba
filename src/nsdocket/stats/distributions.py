"""Distributions: sentence lengths by offence, and pre-trial custody from remand to its end.

Both read the in-scope facts rows (`nsdocket.stats.facts`) as counts of equal values, so that
a million prosecutions come back as a few hundred groups; the summaries are worked out here.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from nsdocket.db.schema import charge, law, offence
from nsdocket.stats.facts import Facts, ScopeOffences, facts_for
from nsdocket.stats.figure import Figure
from nsdocket.stats.options import Options
from nsdocket.stats.scopes import Scope

DAYS_PER_MONTH = 365.25 / 12


def _nth(ordered: list[tuple[float, int]], index: int) -> float:
    """The value at ``index`` (from 0) of the sorted values that ``ordered`` counts."""
    seen = 0
    for value, n in ordered:
        seen += n
        if index < seen:
            return value
    raise IndexError(index)


def _summary(counts: Counter[float]) -> dict[str, Any]:
    """Median, quartiles (the inclusive method of `statistics.quantiles`), range and mean of
    the values that ``counts`` counts, without writing each one out."""
    ordered = sorted((v, n) for v, n in counts.items() if n > 0)
    total = sum(n for _, n in ordered)
    if not total:
        return {"n": 0}

    def at(position: int, weight: int, parts: int) -> float:
        # the value `weight/parts` of the way from the value at `position` to the next one
        low = _nth(ordered, position)
        if not weight:
            return low
        return (low * (parts - weight) + _nth(ordered, position + 1) * weight) / parts

    if total > 1:
        q1, q3 = (at(*divmod(i * (total - 1), 4), 4) for i in (1, 3))
    else:
        q1 = q3 = ordered[0][0]
    half = total // 2
    median = (
        _nth(ordered, half) if total % 2 else ((_nth(ordered, half - 1) + _nth(ordered, half)) / 2)
    )
    return {
        "n": total,
        "median": median,
        "q1": q1,
        "q3": q3,
        "min": ordered[0][0],
        "max": ordered[-1][0],
        "mean": round(math.fsum(v * n for v, n in ordered) / total, 2),
    }


def _mean(counts: Counter[float]) -> float:
    total = sum(counts.values())
    return math.fsum(v * n for v, n in counts.items()) / total


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
    ids = facts.offences.ids
    mask = ScopeOffences.mask(ids)
    # The sentenced prosecutions with their sentence (as of the as-of date, which a review of
    # sentence can change) as a column, so that it is grouped by name, not by expression.
    sentenced = (
        select(
            c.cd_id,
            facts.sentence_months.label("months"),
            c.convicted_bits.op("&")(mask).label("bits"),
        )
        .where(facts.outcome == "convicted", facts.known("sentence"))
        .subquery("sentenced")
    )
    s = sentenced.c
    overall: Counter[float] = Counter()
    by_offence: dict[int, Counter[float]] = {}
    convicted_of: dict[int, list[int]] = {}  # the offences each bit set stands for
    for value, found, n in connection.execute(
        select(s.months, s.bits, func.count())
        .where(s.months.is_not(None))
        .group_by(s.months, s.bits)
    ):
        overall[float(value)] += n
        found = int(found)
        if found not in convicted_of:
            convicted_of[found] = [i for i in ids if i < 63 and found & (1 << i)]
        for offence_id in convicted_of[found]:
            by_offence.setdefault(offence_id, Counter())[float(value)] += n
    overflow = ScopeOffences.overflow(ids)
    if overflow:  # offences beyond the bit set: read from the charges
        for offence_id, value, n in connection.execute(
            select(charge.c.offence_id, s.months, func.count(func.distinct(s.cd_id)))
            .join(charge, charge.c.case_defendant_id == s.cd_id)
            .where(
                s.months.is_not(None),
                charge.c.offence_id.in_(overflow),
                charge.c.outcome == "convicted",
            )
            .group_by(charge.c.offence_id, s.months)
        ):
            by_offence.setdefault(int(offence_id), Counter())[float(value)] += n
    labels = _offence_labels(connection, tuple(by_offence))
    summary = _summary(overall)
    row_ids: list[int] = []
    if options.with_rows:
        row_ids = [
            int(i)
            for i in connection.execute(
                select(s.cd_id).where(s.months.is_not(None)).order_by(s.cd_id)
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
                labels[i]: _summary(v)
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
    # The shortest and the longest possible custody, in days, counted by equal pairs.
    shortest_days, longest_days = c.custody_days_short, c.custody_days_long
    shortest: Counter[float] = Counter()
    longest: Counter[float] = Counter()
    middle: Counter[float] = Counter()
    for short, long, n in connection.execute(
        select(shortest_days, longest_days, func.count())
        .where(*dated)
        .group_by(shortest_days, longest_days)
    ):
        low = round(max(0.0, int(short) / DAYS_PER_MONTH), 1)
        high = round(max(0.0, int(long) / DAYS_PER_MONTH), 1)
        shortest[low] += n
        longest[high] += n
        middle[round((low + high) / 2, 1)] += n
    stats = _summary(middle)
    if middle:
        stats["median_range"] = (_summary(shortest)["median"], _summary(longest)["median"])
        stats["mean_range"] = (round(_mean(shortest), 1), round(_mean(longest), 1))
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
        numerator=stats["n"],
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
