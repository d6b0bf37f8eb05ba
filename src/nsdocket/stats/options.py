"""How a figure is computed beyond its scope: as-of date, unit, codings that count."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from nsdocket.coding.codebook import Codebook


@dataclass(frozen=True)
class Options:
    """How a figure is computed beyond its scope.

    Attributes:
        as_of: compute from what was known on this day (None: everything recorded).
        unit: person, prosecution or case.
        include_drafts: let draft codings stand where no final coding exists (flagged).
        codebook: the codebook whose answers count (default: the bundled one).
        with_rows: collect the ids of the rows behind the figure.
        codings_as_of: count codings made by this day (default: the as-of date); comparing
            with a published figure uses today's codings of what was known then.
    """

    as_of: dt.date | None = None
    unit: str = "person"
    include_drafts: bool = True
    codebook: Codebook | None = None
    with_rows: bool = True
    codings_as_of: dt.date | None = None
    codings_today: bool = False

    @property
    def coded_by(self) -> dt.date | None:
        """The day up to which codings count (None: every coding)."""
        if self.codings_today:
            return None
        return self.codings_as_of or self.as_of
