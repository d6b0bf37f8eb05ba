"""A number in a text against the database's own figure for the same stage, scope and date.

The database is a compiled set of named, sourced prosecutions. Holding fewer than a text says
is a gap in the data; holding *more* than an exact (or at-most) number says is a contradiction,
since every counted row is a person the sources name.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from nsdocket.claims.model import Kind, NumericClaim
from nsdocket.claims.qualifiers import Relation, relation_of
from nsdocket.claims.record_model import RecordCheck, RecordVerdict, fits
from nsdocket.stats.compute import Options
from nsdocket.stats.figures import figure
from nsdocket.stats.scopes import Scope, get_scope

#: A claim's stage as the measure that counts it (bail decisions come from one share).
STAGE_MEASURES = {
    "arrested": "arrested",
    "charged": "charged",
    "prosecuted": "charged",
    "convicted": "convicted",
    "sentenced": "convicted",
    "acquitted": "acquitted",
    "bail_denied": "bail_denied",
    "bail_granted": "bail_denied",
}
_KINDS = {"people": ("person",), "companies": ("company",), "organisations": ("organisation",)}
_LAW_OFFENCES = {"NSL": ("NSL:*",), "SNSO": ("SNSO:*",), "sedition": ("CAP200:10",)}


def claim_scope(law: str | None, unit: str | None) -> Scope | None:
    """The scope a claim's law and unit name (None for a unit the database does not count)."""
    kinds = _KINDS.get(unit or "people")
    if kinds is None:
        return None
    base = get_scope("amnesty-2025")
    offences = _LAW_OFFENCES.get(law or "", base.offences)
    name = f"claim:{law or 'national security laws'}:{kinds[0]}"
    words = law or "national security laws"
    return Scope(name, words, f"charged under {words}", offences, kinds)


def database_check(engine: Engine, claim: NumericClaim, day: dt.date | None) -> RecordCheck | None:
    """The database's figure for the claim's stage, scope and date, compared with the claim
    (a `RecordCheck`), or None when no measure counts that stage."""
    if claim.kind not in (Kind.COUNT, Kind.RANGE):
        return None
    measure = STAGE_MEASURES.get(claim.stage or "")
    scope = claim_scope(claim.law, claim.unit)
    if measure is None or scope is None:
        return None
    fig = figure(engine, measure, scope, Options(as_of=day, with_rows=True))
    held = fig.numerator
    if claim.stage == "bail_granted":
        held = (fig.denominator or 0) - fig.numerator
    what = f"{claim.unit or 'people'} {claim.stage} under {scope.title}"
    when = f" by {day.isoformat()}" if day else ""
    facts = {
        "measure": measure,
        "scope": scope.in_words(),
        "as_of": day.isoformat() if day else None,
        "value": held,
    }
    stated = int(claim.value)
    relation = relation_of(claim.qualifier)
    if fits(claim, held):
        reason = f"the database holds {held} {what}{when}: it matches"
        verdict = RecordVerdict.MATCHES
    elif held > stated and relation in (Relation.ROUNDS_TO, Relation.AT_MOST, Relation.LESS):
        reason = (
            f"the database alone holds {held} named, sourced {what}{when}, more than the "
            f"{claim.text} the text says"
        )
        verdict = RecordVerdict.CONTRADICTS
    else:
        reason = (
            f"the database holds {held} {what}{when}: a compiled set, so fewer than the text's "
            f"{claim.text} is a gap in the data, not a contradiction"
        )
        verdict = RecordVerdict.CONSISTENT
    return RecordCheck(claim, "database", verdict, reason, facts, list(fig.row_ids))
