"""What the database holds, counted in each unit: cases, defendants, prosecutions, charges."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine, func, select

from nsdocket.db.schema import (
    case,
    case_defendant,
    charge,
    claim,
    defendant,
    event,
    law,
    offence,
    official_figure,
    source,
)


@dataclass
class Summary:
    """Counts of what the database holds.

    A person in two cases is one defendant and two prosecutions; a group row counts as one
    defendant of kind ``group`` (its size is reported separately, never added to persons).
    """

    cases: int = 0
    cases_by_status: dict[str, int] = field(default_factory=dict)
    defendants_by_kind: dict[str, int] = field(default_factory=dict)
    people_in_groups: int = 0
    prosecutions: int = 0
    charges_by_law: dict[str, int] = field(default_factory=dict)
    charges_by_offence: dict[str, int] = field(default_factory=dict)
    events_by_kind: dict[str, int] = field(default_factory=dict)
    sources_by_kind: dict[str, int] = field(default_factory=dict)
    official_figures: int = 0
    claims: int = 0

    @property
    def defendants(self) -> int:
        """All defendants, of every kind."""
        return sum(self.defendants_by_kind.values())

    @property
    def charges(self) -> int:
        """All charges."""
        return sum(self.charges_by_law.values())


def summarise(engine: Engine) -> Summary:
    """Count what the database holds."""
    out = Summary()
    with engine.connect() as c:
        out.cases = c.execute(select(func.count()).select_from(case)).scalar_one()
        out.cases_by_status = dict(
            c.execute(select(case.c.status, func.count()).group_by(case.c.status)).all()
        )
        out.defendants_by_kind = dict(
            c.execute(select(defendant.c.kind, func.count()).group_by(defendant.c.kind)).all()
        )
        out.people_in_groups = (
            c.execute(
                select(func.coalesce(func.sum(defendant.c.group_size), 0)).where(
                    defendant.c.kind == "group"
                )
            ).scalar_one()
            or 0
        )
        out.prosecutions = c.execute(select(func.count()).select_from(case_defendant)).scalar_one()
        law_name = func.coalesce(law.c.code, "(no law)")
        out.charges_by_law = dict(
            c.execute(
                select(law_name, func.count())
                .select_from(charge)
                .outerjoin(law, law.c.id == charge.c.law_id)
                .group_by(law_name)
            ).all()
        )
        offence_rows = c.execute(
            select(law.c.code, offence.c.provision, offence.c.name, func.count())
            .select_from(charge)
            .outerjoin(offence, offence.c.id == charge.c.offence_id)
            .outerjoin(law, law.c.id == offence.c.law_id)
            .group_by(law.c.code, offence.c.provision, offence.c.name)
        ).all()
        out.charges_by_offence = {
            (f"{code} {provision} {name}" if code else "(no offence matched)"): n
            for code, provision, name, n in offence_rows
        }
        out.events_by_kind = dict(
            c.execute(select(event.c.kind, func.count()).group_by(event.c.kind)).all()
        )
        out.sources_by_kind = dict(
            c.execute(select(source.c.kind, func.count()).group_by(source.c.kind)).all()
        )
        out.official_figures = c.execute(
            select(func.count()).select_from(official_figure)
        ).scalar_one()
        out.claims = c.execute(select(func.count()).select_from(claim)).scalar_one()
    return out
