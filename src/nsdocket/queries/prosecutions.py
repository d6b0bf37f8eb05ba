"""Naming prosecutions by id: who, in which case, with what outcome (public views withhold).

Figures list the prosecutions behind them by id (``Figure.row_ids``, `explain`); a page showing
those rows needs the defendant's name and the case title, withheld for a public reader exactly
as the case list withholds them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine, select

from nsdocket.db.schema import case, case_defendant, defendant
from nsdocket.queries.redact import display_name
from nsdocket.queries.scrub import scrubber_for

#: Ids looked up per query (keeps the IN list within every backend's limits).
_CHUNK = 500


def prosecution_labels(
    engine: Engine, ids: Sequence[int], *, public: bool = False
) -> dict[int, dict[str, Any]]:
    """Each prosecution's defendant, case and outcome, by prosecution (case_defendant) id.

    Args:
        engine: the database.
        ids: prosecution ids; unknown ids are left out of the answer.
        public: withhold the names of sensitive defendants, in their own field and wherever a
            withheld name is written in a case title.

    Returns:
        ``{id: {defendant_id, defendant, kind, case_id, case_title, outcome, sentence_months}}``.
    """
    wanted = list(dict.fromkeys(int(i) for i in ids))
    found: dict[int, dict[str, Any]] = {}
    with engine.connect() as connection:
        for at in range(0, len(wanted), _CHUNK):
            rows = connection.execute(
                select(
                    case_defendant.c.id,
                    case_defendant.c.defendant_id,
                    case_defendant.c.case_id,
                    case_defendant.c.outcome,
                    case_defendant.c.sentence_months,
                    defendant.c.name,
                    defendant.c.kind,
                    defendant.c.sensitive,
                    case.c.title,
                )
                .join(defendant, defendant.c.id == case_defendant.c.defendant_id)
                .join(case, case.c.id == case_defendant.c.case_id)
                .where(case_defendant.c.id.in_(wanted[at : at + _CHUNK]))
            ).mappings()
            for r in rows:
                named = {"id": r["defendant_id"], "name": r["name"], "sensitive": r["sensitive"]}
                found[int(r["id"])] = {
                    "defendant_id": int(r["defendant_id"]),
                    "defendant": display_name(named, public=public),
                    "kind": r["kind"],
                    "case_id": int(r["case_id"]),
                    "case_title": r["title"],
                    "outcome": r["outcome"],
                    "sentence_months": r["sentence_months"],
                }
    if public and found:
        scrub = scrubber_for(engine)
        for row in found.values():
            row["case_title"] = scrub.text(row["case_title"])
            row["defendant"] = scrub.text(row["defendant"])
    return found
