"""How the headline figures moved between two moments: ``convicted: 189 of 200 -> 194 of 206``.

The earlier figures are the ``as recorded`` ones (`nsdocket.stats.recorded`): the database
rebuilt from the audit log as it stood at that moment, so later codings and corrections are
left out. The later ones are today's, exactly as the dashboard shows them, or those recorded
by a given day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from nsdocket.stats.figure import Figure
from nsdocket.stats.figures import headline_figures
from nsdocket.stats.scopes import DEFAULT_SCOPE, Scope

ARROW = "->"


def figure_words(figure: Figure) -> str:
    """A figure's number in a few words: ``194``, ``12 of 150 (8.0%)``, ``median 30 over 41``."""
    if figure.stats:
        median = "n/a" if figure.value is None else f"{figure.value:g}"
        return f"median {median} over {figure.numerator}"
    if figure.denominator is None:
        return str(figure.numerator)
    if not figure.denominator:
        return f"{figure.numerator} of 0"
    share = figure.numerator / figure.denominator
    return f"{figure.numerator} of {figure.denominator} ({share:.1%})"


@dataclass(frozen=True)
class FigureDelta:
    """One headline figure then and now."""

    before: Figure
    after: Figure

    @property
    def measure(self) -> str:
        """The measure's name (``convicted``)."""
        return self.after.measure

    @property
    def moved(self) -> bool:
        """Whether the number (numerator, denominator or value) is not what it was."""
        then, now = self.before, self.after
        return (then.numerator, then.denominator, then.value) != (
            now.numerator,
            now.denominator,
            now.value,
        )

    def words(self) -> str:
        """``convicted: 189 of 200 (94.5%) -> 194 of 206 (94.2%)``."""
        then, now = figure_words(self.before), figure_words(self.after)
        return f"{self.measure.replace('_', ' ')}: {then} {ARROW} {now}"

    def to_json(self) -> dict[str, Any]:
        """The delta as JSON-ready data (the two figures without their row ids)."""
        return {
            "measure": self.measure,
            "title": self.after.title,
            "moved": self.moved,
            "words": self.words(),
            "then": figure_words(self.before),
            "now": figure_words(self.after),
            "before": self.before.to_json(with_rows=False),
            "after": self.after.to_json(with_rows=False),
        }


def figure_deltas(
    engine: Engine,
    since: dt.date,
    until: dt.date | None = None,
    *,
    scope: Scope | str = DEFAULT_SCOPE,
    include_unmoved: bool = False,
) -> list[FigureDelta]:
    """The headline figures as the database stood when ``since`` began (recorded by the end
    of the day before), against today's (or those recorded by the end of ``until``).

    Args:
        engine: the database.
        since: the first day of the changes.
        until: the last day of the changes (None: up to now).
        scope: the scope profile the figures are under.
        include_unmoved: also the figures that did not move.
    """
    before = headline_figures(
        engine, scope, as_recorded=since - dt.timedelta(days=1), with_rows=False
    )
    after = (
        headline_figures(engine, scope, as_recorded=until, with_rows=False)
        if until is not None
        else headline_figures(engine, scope, with_rows=False)
    )
    deltas = [FigureDelta(then, now) for then, now in zip(before, after, strict=True)]
    return [d for d in deltas if include_unmoved or d.moved]
