"""The Figure: one number with everything a reader needs to check it."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

UNITS = ("person", "prosecution", "case", "charge")
UNIT_WORDS = {
    "person": ("person", "people"),
    "prosecution": ("prosecution (one defendant in one case)", "prosecutions"),
    "case": ("case", "cases"),
    "charge": ("charge", "charges"),
}


@dataclass
class Figure:
    """A computed figure with its scope, unit, denominator, interval and the rows behind it.

    Attributes:
        measure: the measure's name (``legitimate_expression_share``).
        title: what the figure says, in words.
        scope: the scope profile's name; ``scope_words`` spells it out.
        unit: person, prosecution, case or charge.
        as_of: the date the figure is computed as of (None: everything in the database).
        numerator: units counted; for distributions, the units with a value.
        denominator: the units the share is of (None for plain counts).
        value: numerator/denominator for shares, the count for counts, the median for
            distributions.
        interval: Wilson 95% interval for shares.
        bounds: for shares with unclear answers: (all unclear counted as no, all as yes).
        unclear: units whose answer was 'unclear' (in the denominator, never dropped).
        excluded: units of the population left out, by reason.
        basis: how the counted answers were settled (adjudicated, agreed, single, draft).
        codebook: ``key version`` of the codebook the answers come from, if any.
        single_coded: counted answers resting on one coder.
        row_ids: prosecution (case_defendant) ids behind the numerator and denominator.
        breakdown: sub-figures (by law, by year, by offence) as {label: value}.
        stats: extra numbers for distributions (mean, quartiles, ranges).
        definition: how the measure is computed, in words.
        notes: caveats a reader must see.
        stage_note: for a count that exceeds an earlier stage's count (charged above
            arrested), why, in one line.
        clock: ``as of`` (facts that happened by ``as_of``, today's codings and corrections)
            or ``as recorded`` (the database as it stood on ``recorded_as_of``).
        recorded_as_of: with the ``as recorded`` clock, the day the database is rebuilt at.
    """

    measure: str
    title: str
    scope: str
    scope_words: str
    unit: str
    as_of: dt.date | None
    numerator: int
    denominator: int | None
    value: float | None
    denominator_label: str = ""
    interval: tuple[float, float] | None = None
    bounds: tuple[float, float] | None = None
    unclear: int = 0
    excluded: dict[str, int] = field(default_factory=dict)
    basis: dict[str, int] = field(default_factory=dict)
    codebook: str | None = None
    single_coded: int = 0
    row_ids: list[int] = field(default_factory=list)
    breakdown: dict[str, Any] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)
    definition: str = ""
    notes: list[str] = field(default_factory=list)
    stage_note: str = ""
    clock: str = "as of"
    recorded_as_of: dt.date | None = None

    @property
    def is_share(self) -> bool:
        """True for a share (numerator of denominator), False for a count or distribution."""
        return self.denominator is not None and not self.stats

    @property
    def unit_plural(self) -> str:
        """The unit in words: people, or defendants where companies are counted too."""
        if self.unit == "person" and not self.scope_words.endswith("; persons"):
            return "defendants"
        return UNIT_WORDS[self.unit][1]

    @property
    def when(self) -> str:
        """The figure's date and clock in words: `` as of 2025-06-30`` (facts by then, today's
        codings) or `` as recorded on 2025-06-30`` (the database as it stood then)."""
        if self.recorded_as_of is not None:
            text = f" as recorded on {self.recorded_as_of.isoformat()}"
            if self.as_of is not None and self.as_of != self.recorded_as_of:
                text += f", facts as of {self.as_of.isoformat()}"
            return text
        return f" as of {self.as_of.isoformat()}" if self.as_of else ""

    def headline(self) -> str:
        """The figure as one sentence a reader can quote and check."""
        plural = self.unit_plural
        when = self.when
        if self.stats:
            return (
                f"{self.title}: median {_num(self.value)} over {self.numerator} {plural}"
                f"{when} ({self.scope_words})"
            )
        if self.denominator is None:
            return f"{self.title}: {self.numerator} {plural}{when} ({self.scope_words})"
        if not self.denominator:
            return (
                f"{self.title}: no {plural} to count{when} ({self.scope_words}); "
                f"{self.denominator_label or 'the denominator'} is empty"
            )
        share = self.numerator / self.denominator
        text = (
            f"{self.title}: {self.numerator} of {self.denominator} {plural} "
            f"({share:.1%}){when} ({self.scope_words})"
        )
        if self.interval:
            text += f", 95% interval {self.interval[0]:.1%}–{self.interval[1]:.1%}"
        if self.unclear and self.bounds:
            text += (
                f"; {self.unclear} unclear, so between {self.bounds[0]:.1%} and "
                f"{self.bounds[1]:.1%}"
            )
        return text

    def to_json(self, *, with_rows: bool = True) -> dict[str, Any]:
        """The figure as JSON-ready data."""
        data = asdict(self)
        data["as_of"] = self.as_of.isoformat() if self.as_of else None
        data["recorded_as_of"] = self.recorded_as_of.isoformat() if self.recorded_as_of else None
        data["headline"] = self.headline()
        if not with_rows:
            data.pop("row_ids")
        return data


def _num(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:g}"
