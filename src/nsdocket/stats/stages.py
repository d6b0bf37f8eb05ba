"""Why a later stage can count more than an earlier one (charged 60 beside arrested 59).

Each headline count is of its own stage: someone charged with no arrest recorded counts as
charged and not as arrested. Where a later stage's count exceeds an earlier one's, the later
figure gets a one-line reason, worked out from the rows behind both figures.
"""

from __future__ import annotations

from collections.abc import Iterable

from nsdocket.stats.figure import Figure

# (earlier stage, later stage, what a unit of the later stage lacks at the earlier one)
STAGE_ORDER = (
    ("arrested", "charged", "no arrest recorded by the as-of date"),
    ("charged", "convicted", "no charge recorded"),
    ("charged", "acquitted", "no charge recorded"),
    ("arrested", "convicted", "no arrest recorded by the as-of date"),
)


def explain_stage_order(figures: Iterable[Figure]) -> None:
    """Set ``stage_note`` on each count that exceeds the count of an earlier stage."""
    by_name = {f.measure: f for f in figures if f.denominator is None and not f.stats}
    for earlier_name, later_name, lacking in STAGE_ORDER:
        earlier, later = by_name.get(earlier_name), by_name.get(later_name)
        if earlier is None or later is None or later.stage_note:
            continue
        if later.numerator <= earlier.numerator or later.unit != earlier.unit:
            continue
        text = f"above {earlier.numerator} {earlier_name}: each stage counts on its own"
        if later.row_ids and earlier.row_ids:
            only_later = len(set(later.row_ids) - set(earlier.row_ids))
            text = (
                f"above {earlier.numerator} {earlier_name}: {only_later} of the {later_name} "
                f"have {lacking}"
            )
        later.stage_note = text
