"""Measures declared once, each a classification of in-scope prosecutions computed in SQL.

Every in-scope prosecution gets exactly one category. Categories are ranked: when a unit holds
several prosecutions (a person in two cases, a case with many defendants), the unit takes the
highest-ranked category of its prosecutions (a person convicted in one case and acquitted in
another counts as convicted). A measure names which categories are its numerator and its
denominator; every other category is an exclusion, reported with its reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, case, not_, true

from nsdocket.stats.facts import CODED_QUESTION, DECISION_KINDS, Facts

Classifier = Callable[[Facts], ColumnElement[str]]

__all__ = ["CODED_QUESTION", "HEADLINE_MEASURES", "MEASURES", "Measure", "get_measure"]


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
        classify: builds the SQL CASE giving each prosecution its category from its
            `Facts` (outcome, events known by the as-of date, coded answer).
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

    def uses(self, facts: Facts) -> None:
        """Ask ``facts`` for everything this measure reads (see `facts.facts_select`)."""
        self.classify(facts)
        facts.charged_under()
        if self.event:
            facts.first(self.event)


def _arrested(facts: Facts) -> ColumnElement[str]:
    return case(
        (facts.known("arrest"), "arrested"),
        (facts.straddles("arrest"), "arrest date uncertain at the as-of date"),
        (facts.known("arrest", ever=True), "arrested after the as-of date"),
        else_="no arrest recorded",
    )


_STEPS = ("arrest", "charge", "verdict", "sentence")
_AFTER_CHARGE = ("charge", "verdict", "sentence")
# A sentence follows its verdict: an undated verdict is known by the sentence's date.
_VERDICT = DECISION_KINDS
_UNCERTAIN_VERDICT = "verdict date uncertain at the as-of date"


def _later_step_uncertain(facts: Facts, decided: ColumnElement[bool]) -> list[Any]:
    """The branch that puts a decided prosecution whose appeal (or review, or retrial) may or
    may not have been decided by the as-of date among the uncertain ones; none while no case
    is linked."""
    uncertain = facts.later_step_uncertain()
    return [] if uncertain is None else [(decided & uncertain, _UNCERTAIN_VERDICT)]


def _charged(facts: Facts) -> ColumnElement[str]:
    # Charged by the as-of date: the charge (or a later step) is dated by then; a prosecution
    # with no charge event recorded counts from its first dated step of any kind.
    known: ColumnElement[bool] = true()
    if facts.as_of:
        charge_dated = facts.known("charge", ever=True) & facts.known(_AFTER_CHARGE)
        never_charged = not_(facts.known("charge", ever=True)) & facts.known(_STEPS)
        known = charge_dated | never_charged
    return case(
        (facts.outcome_in("not_charged"), "not charged (arrest only)"),
        (facts.outcome_in("unknown"), "charge status not recorded"),
        (not_(known), "not yet arrested or charged at the as-of date"),
        else_="charged",
    )


def _verdict(outcome: str) -> Classifier:
    def classify(facts: Facts) -> ColumnElement[str]:
        verdict = facts.outcome_in("convicted", "acquitted")
        decided = facts.decided()
        return case(
            (facts.outcome_in("not_charged"), "not charged (arrest only)"),
            *_later_step_uncertain(facts, decided),
            (facts.outcome_in(outcome) & decided, outcome),
            (verdict & facts.straddles(_VERDICT), _UNCERTAIN_VERDICT),
            (verdict, "other verdict, or verdict after the as-of date"),
            else_="no verdict (pending, withdrawn or not recorded)",
        )

    return classify


def _legitimate(facts: Facts) -> ColumnElement[str]:
    verdict = facts.outcome_in("convicted", "acquitted")
    # The answers are read only for concluded prosecutions, under one test of "concluded".
    coded = case(
        (facts.answer == "yes", "yes"),
        (facts.answer == "no", "no"),
        (facts.answer == "unclear", "unclear"),
        (facts.basis == "disagreement", "coders disagree, awaiting adjudication"),
        (facts.basis == "draft_only", "only draft codings (drafts not counted)"),
        else_="not coded",
    )
    decided = facts.decided()
    return case(
        (facts.outcome_in("not_charged"), "not charged (arrest only)"),
        *_later_step_uncertain(facts, decided),
        (verdict & decided, coded),
        (verdict & facts.straddles(_VERDICT), _UNCERTAIN_VERDICT),
        else_="not concluded (no verdict by the as-of date)",
    )


def _bail(facts: Facts) -> ColumnElement[str]:
    return case(
        (facts.outcome_in("not_charged"), "not charged (arrest only)"),
        (facts.known(("bail_denied", "bail_revoked")), "denied"),
        (facts.known("bail_granted"), "granted"),
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
                "'not recorded'), counted from their charge (or verdict, or sentence) dated on "
                "or before the as-of date; a prosecution with no charge recorded counts from "
                "its first dated step (arrest, verdict or sentence)."
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
                "as-of date, the share denied bail at least once (a revoked bail counts as a "
                "denial)."
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
