"""Reading codings back: every coding of a prosecution, one coder's, and the prosecution a
coding is about."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from nsdocket.db.schema import case_defendant, coding, coding_answer, evidence
from nsdocket.db.schema import codebook as codebook_table
from nsdocket.db.writer import RowNotFoundError, row_dict


def codings_for(engine: Engine, case_defendant_id: int) -> list[dict[str, Any]]:
    """Every coding of one prosecution, with answers, charge answers and evidence."""
    with engine.connect() as connection:
        rows = [
            row_dict(r)
            for r in connection.execute(
                select(coding, codebook_table.c.key, codebook_table.c.version.label("cb_version"))
                .join(codebook_table, codebook_table.c.id == coding.c.codebook_id)
                .where(coding.c.case_defendant_id == case_defendant_id)
                .order_by(coding.c.id)
            ).mappings()
        ]
        for r in rows:
            answers: dict[str, Any] = {}
            charges: dict[int, dict[str, Any]] = {}
            for a in connection.execute(
                select(coding_answer)
                .where(coding_answer.c.coding_id == r["id"])
                .order_by(coding_answer.c.id)
            ).mappings():
                target = charges.setdefault(a["charge_id"], {}) if a["charge_id"] else answers
                if a["question"] in target:
                    previous = target[a["question"]]
                    target[a["question"]] = [
                        *(previous if isinstance(previous, list) else [previous]),
                        a["value"],
                    ]
                else:
                    target[a["question"]] = a["value"]
            r["answers"] = answers
            r["charge_answers"] = charges
            r["evidence"] = [
                row_dict(e)
                for e in connection.execute(
                    select(evidence).where(
                        evidence.c.target_table == "coding", evidence.c.target_id == r["id"]
                    )
                ).mappings()
            ]
    return rows


def coding_by(engine: Engine, case_defendant_id: int, coder: str) -> dict[str, Any] | None:
    """One coder's coding of one prosecution (as `codings_for` gives it), or None."""
    return next((c for c in codings_for(engine, case_defendant_id) if c["coder"] == coder), None)


def coding_unit(engine: Engine, case_defendant_id: int) -> dict[str, Any]:
    """The prosecution row a coding is about.

    Raises:
        RowNotFoundError: no such prosecution.
    """
    with engine.connect() as connection:
        found = (
            connection.execute(
                select(case_defendant).where(case_defendant.c.id == case_defendant_id)
            )
            .mappings()
            .first()
        )
    if found is None:
        raise RowNotFoundError(f"prosecution {case_defendant_id} does not exist")
    return row_dict(found)
