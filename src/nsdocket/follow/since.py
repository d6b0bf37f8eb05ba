"""What changed since a date: every change to cases put under its case, and the figures that moved.

A reader who last looked on some day asks what is new: `what_changed` answers with the changes
recorded from the start of that day (UTC) to now, or to the end of a later day, grouped per
case, and the headline figures as the database stood when the day began against the figures
at the end.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from nsdocket.queries.change_words import TABLE_NOUNS
from nsdocket.queries.changes import CaseChanges, group_by_case, read_changes
from nsdocket.stats.deltas import FigureDelta, figure_deltas
from nsdocket.stats.population import end_of
from nsdocket.stats.scopes import DEFAULT_SCOPE, Scope


class ChangeWindowError(ValueError):
    """The dates asked for do not make a window (the end before the start, a future start)."""


@dataclass(frozen=True)
class ChangeReport:
    """What changed from the start of ``since`` to the end of ``until`` (None: now).

    Attributes:
        since: the first day counted.
        until: the last day counted (None: up to now).
        public: whether it is the public view (sensitive defendants withheld).
        cases: the changes, grouped per case, most recently changed first.
        figures: the headline figures then and now (only those that moved, unless asked).
        all_figures: whether figures that did not move are listed too.
    """

    since: dt.date
    until: dt.date | None
    public: bool
    cases: tuple[CaseChanges, ...]
    figures: tuple[FigureDelta, ...]
    all_figures: bool = False

    def counts(self) -> dict[str, dict[str, int]]:
        """How many rows were added, changed and removed, per kind of row (``event``)."""
        seen: set[tuple[str, int, int]] = set()
        out: dict[str, dict[str, int]] = {}
        for group in self.cases:
            for change in group.changes:
                key = (change.table, change.row_id, change.audit_id)
                if key in seen:  # a defendant's change comes once per case they are in
                    continue
                seen.add(key)
                by_action = out.setdefault(TABLE_NOUNS.get(change.table, change.table), {})
                by_action[change.action] = by_action.get(change.action, 0) + 1
        return out

    def to_json(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {
            "since": self.since.isoformat(),
            "until": self.until.isoformat() if self.until else None,
            "public": self.public,
            "counts": self.counts(),
            "figures": [f.to_json() for f in self.figures],
            "all_figures": self.all_figures,
            "cases": [g.to_json() for g in self.cases],
        }


def what_changed(
    engine: Engine,
    since: dt.date,
    until: dt.date | None = None,
    *,
    public: bool = False,
    all_figures: bool = False,
    with_figures: bool = True,
    scope: Scope | str = DEFAULT_SCOPE,
    today: dt.date | None = None,
) -> ChangeReport:
    """The changes recorded from the start of ``since`` to the end of ``until``, per case,
    with the headline figures' deltas.

    Args:
        engine: the database.
        since: the first day counted (from 00:00 UTC).
        until: the last day counted (to its end, UTC); None: up to now.
        public: the public view: sensitive defendants withheld everywhere, the team's coding
            work (coders, notes, answers) left out.
        all_figures: list every headline figure, also those that did not move.
        with_figures: compute the figure deltas at all (they rebuild the database as it was).
        scope: the scope profile of the figures.
        today: the current day (UTC), for checking the dates.

    Raises:
        ChangeWindowError: ``until`` before ``since``, or ``since`` after today.
    """
    today = today or dt.datetime.now(dt.UTC).date()
    if since > today:
        raise ChangeWindowError(f"since {since.isoformat()} is after today ({today.isoformat()})")
    if until is not None and until < since:
        raise ChangeWindowError(f"until {until.isoformat()} is before since {since.isoformat()}")
    start = dt.datetime.combine(since, dt.time.min)
    changes = read_changes(engine, start=start, end=end_of(until), public=public)
    cases = tuple(group_by_case(changes))
    figures = (
        tuple(figure_deltas(engine, since, until, scope=scope, include_unmoved=all_figures))
        if with_figures
        else ()
    )
    return ChangeReport(since, until, public, cases, figures, all_figures)
