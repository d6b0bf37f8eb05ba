"""How a figure is computed beyond its scope: which clock and date, unit, codings that count."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from nsdocket.coding.codebook import Codebook

AS_OF = "as of"
AS_RECORDED = "as recorded"


@dataclass(frozen=True)
class Options:
    """How a figure is computed beyond its scope.

    Two clocks, named apart:

    - ``as_of``: the facts that happened by this day (an event counts when its latest
      possible date is on or before it), judged with the codings and corrections as they
      stand now. What a researcher means by "cases concluded by 30 June 2025".
    - ``as_recorded``: the database as it stood at the end of this day, rebuilt from the
      audit log (later entries, codings and corrections left out), with its facts as of the
      same day unless ``as_of`` says otherwise. What re-checking a figure published that day
      needs.

    Attributes:
        as_of: count facts that happened by this day (None: every recorded fact).
        as_recorded: compute on the database as it stood at the end of this day (None: now).
        unit: person, prosecution or case.
        include_drafts: let draft codings stand where no final coding exists (flagged).
        codebook: the codebook whose answers count (default: the bundled one).
        with_rows: collect the ids of the rows behind the figure.
    """

    as_of: dt.date | None = None
    as_recorded: dt.date | None = None
    unit: str = "person"
    include_drafts: bool = True
    codebook: Codebook | None = None
    with_rows: bool = True

    @property
    def clock(self) -> str:
        """Which clock the figure uses: ``as of`` or ``as recorded``."""
        return AS_RECORDED if self.as_recorded is not None else AS_OF
