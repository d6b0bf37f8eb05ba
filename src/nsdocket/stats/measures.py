"""Measures declared once, each a classification of in-scope prosecutions computed in SQL.

Every in-scope prosecution gets exactly one category. Categories are ranked: when a unit holds
several prosecutions (a person in two cases, a case with many defendants), the unit takes the
highest-ranked category of its prosecutions (a person convicted in one case and acquitted in
another counts as convicted). A measure names which categories are its numerator and its
denominator; every other category is an exclusion, reported with its reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, case, not_, true

from nsdocket.db.schema import case_defendant
from nsdocket.stats.population import event_known, event_straddles

Classifier = Callable[[dt.date | None, Any], ColumnElement[str]]

CODED_QUESTION = "legitimate_expression"


@dataclass(frozen=True)
class Measure:
    """A declared measure.

    Attributes:
        name: the measure's name on the command line (``convicted``).
        title: what the figure says.
        definition: how it is computed, in words (for methodology sections).
        categories: every category, lowest rank first.
        numerator: categories counted in the numerator.
        denominator: categories of the denominator; empty for a plain count.
        unclear: categories that are 'unclear' answers (inside the denominator).
        classify: builds the SQL CASE giving each prosecution its category; receives the
            as-of date and the resolved-answer subquery (for coded measures).
        coded: True when the measure rests on codings.
        event: the event whose date places a unit in a year (for breakdowns by year).
    """

    name: str
    title: str
    definition: str
    categories: tuple[str, ...]
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    classify: Classifier
    unclear: tuple[str, ...] = ()
    coded: bool = False
    event: tuple[str, ...] | str = ""
    units: tuple[str, ...] = field(default=("person", "prosecution", "case"))

    @property
    def is_count(self) -> bool:
        """True for a plain count (no denominator)."""
        return not self.denominator


def _outcome(*values: str) -> ColumnElement[bool]:
    return case_defendant.c.outcome.in_(values)


def _arrested(as_of: dt.date | None, _: Any) -> ColumnElement[str]:
    return case(
        (event_known("arrest", as_of), "arrested"),
        (event_straddles("arrest", as_of), "arrest date uncertain at the as-of date"),
        (event_known("arrest", None), "arrested after the as-of date"),
        else_="no arrest recorded",
    )


_STEPS = ("arrest", "charge", "verdict", "sentence")
# A sentence follows its verdict: an undated verdict is known by the sentence's date.
_VERDICT = ("verdict", "sentence")


def _charged(as_of: dt.date | None, _: Any) -> ColumnElement[str]:
    known = event_known(_STEPS, as_of) if as_of else true()
    return case(
        (_outcome("not_charged"), "not charged (arrest only)"),
        (_outcome("unknown"), "charge status not recorded"),
        (not_(known), "not yet arrested or charged at the as-of date"),
        else_="charged",
    )


def _verdict(outcome: str) -> Classifier:
    def classify(as_of: dt.date | None, _: Any) -> ColumnElement[str]:
        return case(
            (_outcome("not_charged"), "not charged (arrest only)"),
            (and_(_outcome(outcome), event_known(_VERDICT, as_of)), outcome),
            (
                and_(_outcome("convicted", "acquitted"), event_straddles(_VERDICT, as_of)),
                "verdict date uncertain at the as-of date",
            ),
            (_outcome("convicted", "acquitted"), "other verdict, or verdict after the as-of date"),
            else_="no verdict (pending, withdrawn or not recorded)",
        )

    return classify


def _legitimate(as_of: dt.date | None, resolved: Any) -> ColumnElement[str]:
    verdict = _outcome("convicted", "acquitted")
    concluded = and_(verdict, event_known(_VERDICT, as_of))
    return case(
        (_outcome("not_charged"), "not charged (arrest only)"),
        (and_(concluded, resolved.c.answer == "yes"), "yes"),
        (and_(concluded, resolved.c.answer == "no"), "no"),
        (and_(concluded, resolved.c.answer == "unclear"), "unclear"),
        (
            and_(concluded, resolved.c.basis == "disagreement"),
            "coders disagree, awaiting adjudication",
        ),
        (
            and_(concluded, resolved.c.basis == "draft_only"),
            "only draft codings (drafts not counted)",
        ),
        (concluded, "not coded"),
        (
            and_(verdict, event_straddles(_VERDICT, as_of)),
            "verdict date uncertain at the as-of date",
        ),
        else_="not concluded (no verdict by the as-of date)",
    )


def _bail(as_of: dt.date | None, _: Any) -> ColumnElement[str]:
    return case(
        (_outcome("not_charged"), "not charged (arrest only)"),
        (event_known("bail_denied", as_of), "denied"),
        (event_known("bail_granted", as_of), "granted"),
        else_="no bail decision recorded",
    )


MEASURES: dict[str, Measure] = {
    m.name: m
    for m in (
        Measure(
            name="arrested",
            title="Arrested",
            definition=(
                "Defendants in scope with an arrest whose latest possible date is on or before "
                "the as-of date (any recorded arrest when no as-of date is given)."
            ),
            categories=(
                "no arrest recorded",
                "arrested after the as-of date",
                "arrest date uncertain at the as-of date",
                "arrested",
            ),
            numerator=("arrested",),
            denominator=(),
            classify=_arrested,
            event="arrest",
        ),
        Measure(
            name="charged",
            title="Charged",
            definition=(
                "Defendants in scope who were charged (any outcome but 'not charged' or "
                "'not recorded'), counted from their first dated step (arrest, charge, "
                "verdict or sentence) on or before the as-of date."
            ),
            categories=(
                "not charged (arrest only)",
                "charge status not recorded",
                "not yet arrested or charged at the as-of date",
                "charged",
            ),
            numerator=("charged",),
            denominator=(),
            classify=_charged,
            event="arrest",
        ),
        Measure(
            name="convicted",
            title="Convicted",
            definition=(
                "Defendants in scope convicted by a verdict (or sentenced) on or before the "
                "as-of date."
            ),
            categories=(
                "not charged (arrest only)",
                "no verdict (pending, withdrawn or not recorded)",
                "other verdict, or verdict after the as-of date",
                "verdict date uncertain at the as-of date",
                "convicted",
            ),
            numerator=("convicted",),
            denominator=(),
            classify=_verdict("convicted"),
            event=_VERDICT,
        ),
        Measure(
            name="acquitted",
            title="Acquitted",
            definition=(
                "Defendants in scope acquitted by a verdict dated on or before the as-of date."
            ),
            categories=(
                "not charged (arrest only)",
                "no verdict (pending, withdrawn or not recorded)",
                "other verdict, or verdict after the as-of date",
                "verdict date uncertain at the as-of date",
                "acquitted",
            ),
            numerator=("acquitted",),
            denominator=(),
            classify=_verdict("acquitted"),
            event=_VERDICT,
        ),
        Measure(
            name="legitimate_expression",
            title="Concluded cases that punished legitimate expression",
            definition=(
                "Of defendants in scope whose case was concluded (convicted or acquitted by a "
                "verdict, or sentenced, on or before the as-of date) and whose conduct is "
                "coded, the share coded as legitimate expression with no violence or incitement "
                "(codebook question 'legitimate_expression'). Unclear answers stay in the "
                "denominator and give the bounds: all unclear as no, all unclear as yes. The "
                "answer that counts is the adjudicated one, else the agreed one, else a single "
                "coder's final one; drafts count only where the figure says so."
            ),
            categories=(
                "not charged (arrest only)",
                "not concluded (no verdict by the as-of date)",
                "verdict date uncertain at the as-of date",
                "not coded",
                "only draft codings (drafts not counted)",
                "coders disagree, awaiting adjudication",
                "yes",
                "unclear",
                "no",
            ),
            numerator=("yes",),
            denominator=("yes", "unclear", "no"),
            unclear=("unclear",),
            classify=_legitimate,
            coded=True,
            event=_VERDICT,
        ),
        Measure(
            name="bail_denied",
            title="Charged defendants denied bail",
            definition=(
                "Of charged defendants in scope with a bail decision dated on or before the "
                "as-of date, the share denied bail at least once."
            ),
            categories=(
                "not charged (arrest only)",
                "no bail decision recorded",
                "granted",
                "denied",
            ),
            numerator=("denied",),
            denominator=("granted", "denied"),
            classify=_bail,
            event="arrest",
        ),
    )
}

HEADLINE_MEASURES = (
    "arrested",
    "charged",
    "convicted",
    "acquitted",
    "legitimate_expression",
    "bail_denied",
)


def get_measure(name: str) -> Measure:
    """The measure called ``name``.

    Raises:
        KeyError: when there is no such measure.
    """
    if name not in MEASURES:
        known = ", ".join([*MEASURES, "sentence_months", "pretrial_detention"])
        raise KeyError(f"unknown measure '{name}' (known: {known})")
    return MEASURES[name]
