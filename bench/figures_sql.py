"""The headline figures' counts written by hand in plain SQL, for SQLite and DuckDB alike.

This is what someone who knows the schema would write to get the same numbers as
``nsdocket.stats.figures.headline_figures`` with no as-of date and drafts included: each
prosecution in scope gets its category per measure (the same ranks as
``nsdocket.stats.measures``), each person takes their highest-ranked category, and the counts,
the numerator by law and by year, the basis of the coded answers and the sentence lengths are
read in six queries. `same_numbers` checks that both give the same figures.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from typing import Any

from nsdocket.stats.scopes import Scope

Query = Callable[[str], list[tuple[Any, ...]]]

# Category ranks (index in each measure's `categories`) for the no-as-of-date case.
_RANKS = """
    CASE WHEN e.arrest = 1 THEN 3 ELSE 0 END AS arrested,
    CASE WHEN s.outcome = 'not_charged' THEN 0 WHEN s.outcome = 'unknown' THEN 1 ELSE 3 END
        AS charged,
    CASE WHEN s.outcome = 'not_charged' THEN 0
         WHEN s.outcome = 'convicted' AND e.verdict = 1 THEN 4
         WHEN s.outcome IN ('convicted', 'acquitted') THEN 2 ELSE 1 END AS convicted,
    CASE WHEN s.outcome = 'not_charged' THEN 0
         WHEN s.outcome = 'acquitted' AND e.verdict = 1 THEN 4
         WHEN s.outcome IN ('convicted', 'acquitted') THEN 2 ELSE 1 END AS acquitted,
    CASE WHEN s.outcome = 'not_charged' THEN 0
         WHEN s.outcome IN ('convicted', 'acquitted') AND e.verdict = 1 THEN
            CASE WHEN r.answer = 'yes' THEN 6 WHEN r.answer = 'no' THEN 8
                 WHEN r.answer = 'unclear' THEN 7 WHEN r.basis = 'disagreement' THEN 5
                 WHEN r.basis = 'draft_only' THEN 4 ELSE 3 END
         ELSE 1 END AS legitimate_expression,
    CASE WHEN s.outcome = 'not_charged' THEN 0 WHEN e.bail_denied = 1 THEN 3
         WHEN e.bail_granted = 1 THEN 2 ELSE 1 END AS bail_denied
"""
MEASURES = {
    # name: (numerator ranks, denominator ranks, event kinds placing a unit in a year)
    "arrested": ((3,), (), ("arrest",)),
    "charged": ((3,), (), ("arrest",)),
    "convicted": ((4,), (), ("verdict", "sentence")),
    "acquitted": ((4,), (), ("verdict", "sentence")),
    "legitimate_expression": ((6,), (6, 7, 8), ("verdict", "sentence")),
    "bail_denied": ((3,), (2, 3), ("arrest",)),
}


def _in(values: Sequence[str]) -> str:
    return "(" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + ")"


def _charge_in_scope(scope: Scope) -> str:
    parts = [f"l.code IN {_in(scope.laws)}"] if scope.laws else []
    parts += [f"(l.code = '{c}' AND o.provision = '{p}')" for c, p in scope.single_offences]
    return "(" + " OR ".join(parts or ["1 = 0"]) + ")"


def _with(scope: Scope, key: str, version: str) -> str:
    def tally(status: str) -> str:
        return f"""
        SELECT c.case_defendant_id AS cd_id, count(DISTINCT c.coder) AS coders,
               count(DISTINCT a.value) AS answers, min(a.value) AS answer
        FROM coding c JOIN coding_answer a ON a.coding_id = c.id
        JOIN codebook b ON b.id = c.codebook_id
        WHERE b.key = '{key}' AND b.version = '{version}' AND c.status = '{status}'
          AND a.question = 'legitimate_expression' AND a.charge_id IS NULL
        GROUP BY c.case_defendant_id"""

    return f"""
WITH scoped AS (
    SELECT cd.id AS cd_id, cd.defendant_id, cd.outcome, cd.sentence_months
    FROM case_defendant cd JOIN defendant d ON d.id = cd.defendant_id
    WHERE d.kind IN {_in(scope.entity_kinds)} AND EXISTS (
        SELECT 1 FROM charge ch JOIN offence o ON o.id = ch.offence_id
        JOIN law l ON l.id = o.law_id
        WHERE ch.case_defendant_id = cd.id AND {_charge_in_scope(scope)})
),
e AS (
    SELECT case_defendant_id AS cd_id,
        max(CASE WHEN kind = 'arrest' THEN 1 ELSE 0 END) AS arrest,
        max(CASE WHEN kind IN ('verdict', 'sentence') THEN 1 ELSE 0 END) AS verdict,
        max(CASE WHEN kind = 'sentence' THEN 1 ELSE 0 END) AS sentence,
        max(CASE WHEN kind IN ('bail_denied', 'bail_revoked') THEN 1 ELSE 0 END) AS bail_denied,
        max(CASE WHEN kind = 'bail_granted' THEN 1 ELSE 0 END) AS bail_granted,
        min(CASE WHEN kind = 'arrest' THEN date_lower END) AS arrest_lo,
        min(CASE WHEN kind = 'arrest' THEN date_upper END) AS arrest_hi,
        min(CASE WHEN kind IN ('verdict', 'sentence') THEN date_lower END) AS verdict_lo,
        min(CASE WHEN kind IN ('verdict', 'sentence') THEN date_upper END) AS verdict_hi
    FROM event GROUP BY case_defendant_id
),
finals AS ({tally("final")}),
drafts AS ({tally("draft")}),
adj AS (
    SELECT j.case_defendant_id AS cd_id, j.answer FROM adjudication j
    JOIN codebook b ON b.id = j.codebook_id
    WHERE b.key = '{key}' AND b.version = '{version}' AND j.question = 'legitimate_expression'
),
r AS (
    SELECT s.cd_id,
        CASE WHEN adj.answer IS NOT NULL THEN adj.answer
             WHEN f.answers = 1 THEN f.answer
             WHEN f.cd_id IS NULL AND d.answers = 1 THEN d.answer END AS answer,
        CASE WHEN adj.answer IS NOT NULL THEN 'adjudicated'
             WHEN f.answers = 1 AND f.coders >= 2 THEN 'agreed'
             WHEN f.answers = 1 THEN 'single'
             WHEN f.answers > 1 THEN 'disagreement'
             WHEN d.answers = 1 THEN 'draft'
             WHEN d.answers > 1 THEN 'disagreement'
             ELSE 'uncoded' END AS basis
    FROM scoped s LEFT JOIN adj ON adj.cd_id = s.cd_id
    LEFT JOIN finals f ON f.cd_id = s.cd_id LEFT JOIN drafts d ON d.cd_id = s.cd_id
),
per_cd AS (
    SELECT s.cd_id, s.defendant_id, r.basis, {_RANKS}
    FROM scoped s LEFT JOIN e ON e.cd_id = s.cd_id LEFT JOIN r ON r.cd_id = s.cd_id
)"""


def queries(scope: Scope, key: str, version: str) -> dict[str, str]:
    """The queries, by what they read: the first classifies every prosecution in scope once
    into a temporary table (as one would by hand for six measures), the others read it."""
    head = ""
    create = _with(scope, key, version).replace("per_cd AS (", "classified_cd AS (")
    create += " SELECT p.*, s.outcome, s.sentence_months, e.sentence, e.arrest_lo, e.arrest_hi, "
    create += "e.verdict_lo, e.verdict_hi FROM classified_cd p "
    create += "JOIN scoped s ON s.cd_id = p.cd_id "
    create += "LEFT JOIN e ON e.cd_id = p.cd_id"
    counts = " UNION ALL ".join(
        f"SELECT '{m}', rank, count(*) FROM (SELECT max({m}) AS rank FROM per_cd "
        f"GROUP BY defendant_id) t GROUP BY rank"
        for m in MEASURES
    )
    by_law = " UNION ALL ".join(
        f"""SELECT '{m}', l.code, count(DISTINCT p.defendant_id) FROM per_cd p
        JOIN charge ch ON ch.case_defendant_id = p.cd_id JOIN offence o ON o.id = ch.offence_id
        JOIN law l ON l.id = o.law_id
        WHERE p.{m} IN ({", ".join(map(str, num))}) AND {_charge_in_scope(scope)}
        GROUP BY l.code"""
        for m, (num, _, _) in MEASURES.items()
    )
    years = []
    for m, (num, _, kinds) in MEASURES.items():
        lo, hi = (
            ("arrest_lo", "arrest_hi") if kinds == ("arrest",) else ("verdict_lo", "verdict_hi")
        )
        years.append(
            f"""SELECT '{m}', CASE WHEN {lo} IS NULL THEN 'undated'
                WHEN {hi} IS NOT NULL AND substr(CAST({lo} AS VARCHAR), 1, 4)
                    <> substr(CAST({hi} AS VARCHAR), 1, 4) THEN 'year uncertain'
                ELSE substr(CAST({lo} AS VARCHAR), 1, 4) END AS label,
                count(DISTINCT defendant_id)
            FROM per_cd WHERE {m} IN ({", ".join(map(str, num))}) GROUP BY label"""
        )
    law_scope = _charge_in_scope(scope)
    return {
        "create": f"CREATE TEMPORARY TABLE per_cd AS {create}",
        "counts": f"{head} {counts}",
        "by_law": f"{head} {by_law}",
        "by_year": f"{head} {' UNION ALL '.join(years)}",
        "basis": f"{head} SELECT basis, count(*) FROM per_cd "
        "WHERE legitimate_expression IN (6, 7, 8) GROUP BY basis",
        "sentences": f"""{head} SELECT s.cd_id, s.sentence_months, l.code, o.provision, o.name,
            CASE WHEN ch.outcome = 'convicted' AND {law_scope} THEN 1 ELSE 0 END
            FROM per_cd s
            LEFT JOIN charge ch ON ch.case_defendant_id = s.cd_id
            LEFT JOIN offence o ON o.id = ch.offence_id LEFT JOIN law l ON l.id = o.law_id
            WHERE s.sentence = 1 AND s.outcome = 'convicted'
            AND s.sentence_months IS NOT NULL""",
        # From the first dated remand to the first verdict or release dated on or after it.
        "detention": f"""{head} WITH first_remand AS (
                SELECT v.case_defendant_id AS cd_id, min(v.date_lower) AS start_lo,
                    min(v.date_upper) AS start_hi
                FROM event v JOIN per_cd s ON s.cd_id = v.case_defendant_id
                WHERE v.kind = 'remand' AND v.date_lower IS NOT NULL GROUP BY v.case_defendant_id
            )
            SELECT r.cd_id, r.start_lo, r.start_hi, min(v.date_lower), min(v.date_upper)
            FROM first_remand r JOIN event v ON v.case_defendant_id = r.cd_id
            WHERE v.kind IN ('verdict', 'release') AND v.date_lower IS NOT NULL
                AND v.date_lower >= r.start_lo
            GROUP BY r.cd_id, r.start_lo, r.start_hi""",
    }


def _days(value: Any) -> int:
    """Days since year 1 of a date, as SQLite (ISO text) or DuckDB (a date) gives it."""
    import datetime as dt

    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    return day.toordinal()


def _quartiles(values: list[float]) -> dict[str, Any]:
    if not values:
        return {"n": 0}
    ordered = sorted(values)
    q = statistics.quantiles(ordered, n=4, method="inclusive") if len(ordered) > 1 else ordered * 3
    return {"n": len(ordered), "median": statistics.median(ordered), "q1": q[0], "q3": q[2]}


def hand_figures(query: Query, scope: Scope, key: str, version: str) -> dict[str, Any]:
    """The headline numbers from the hand-written SQL, shaped for `same_numbers`."""
    sql = queries(scope, key, version)
    query(sql["create"])  # returns no rows
    out: dict[str, Any] = {m: {"ranks": {}, "by_law": {}, "by_year": {}} for m in MEASURES}
    for m, rank, n in query(sql["counts"]):
        out[m]["ranks"][int(rank)] = int(n)
    for m, code, n in query(sql["by_law"]):
        out[m]["by_law"][str(code)] = int(n)
    for m, label, n in query(sql["by_year"]):
        out[m]["by_year"][str(label)] = int(n)
    for m, (num, den, _) in MEASURES.items():
        ranks = out[m].pop("ranks")
        out[m]["numerator"] = sum(ranks.get(r, 0) for r in num)
        out[m]["denominator"] = sum(ranks.get(r, 0) for r in den) if den else None
    out["legitimate_expression"]["basis"] = {str(b): int(n) for b, n in query(sql["basis"])}
    months: dict[int, float] = {}
    by_offence: dict[str, set[tuple[int, float]]] = {}
    for cd_id, value, code, provision, name, counted in query(sql["sentences"]):
        months[int(cd_id)] = float(value)
        if counted:
            by_offence.setdefault(f"{code} {provision} {name}", set()).add((cd_id, float(value)))
    out["sentence_months"] = {
        "overall": _quartiles(list(months.values())),
        "by_offence": {k: _quartiles([v for _, v in s]) for k, s in sorted(by_offence.items())},
    }
    middle = []
    for _, start_lo, start_hi, end_lo, end_hi in query(sql["detention"]):
        days = _days(end_lo) - _days(start_hi), _days(end_hi) - _days(start_lo)
        low, high = (round(max(0.0, d / (365.25 / 12)), 1) for d in days)
        middle.append(round((low + high) / 2, 1))
    out["pretrial_detention"] = _quartiles(middle)
    query("DROP TABLE per_cd")
    return out


def nsdocket_numbers(figures: list[Any]) -> dict[str, Any]:
    """nsdocket's Figures in the same shape as `hand_figures` (for the equality check)."""
    out: dict[str, Any] = {}
    for f in figures:
        if f.measure == "sentence_months":
            keep = ("n", "median", "q1", "q3")
            out[f.measure] = {
                "overall": {k: v for k, v in f.stats.items() if k in keep},
                "by_offence": {
                    k: {x: y for x, y in v.items() if x in keep}
                    for k, v in f.breakdown["by_offence"].items()
                },
            }
        elif f.measure == "pretrial_detention":
            keep = ("n", "median", "q1", "q3")
            out[f.measure] = {k: v for k, v in f.stats.items() if k in keep}
        else:
            year_key = next((k for k in f.breakdown if k.startswith("by_year")), None)
            out[f.measure] = {
                "by_law": dict(f.breakdown.get("by_law", {})),
                "by_year": dict(f.breakdown.get(year_key, {})) if year_key else {},
                "numerator": f.numerator,
                "denominator": f.denominator,
            }
            if f.basis is not None and f.measure == "legitimate_expression":
                out[f.measure]["basis"] = dict(f.basis)
    return out


def same_numbers(ours: dict[str, Any], hand: dict[str, Any]) -> list[str]:
    """Differences between nsdocket's figures and the hand-written SQL's (empty when equal)."""
    problems = []
    for measure, values in ours.items():
        for key, value in values.items():
            theirs = hand.get(measure, {}).get(key)
            if theirs != value:
                problems.append(f"{measure}.{key}: nsdocket {value!r} vs by hand {theirs!r}")
    return problems
