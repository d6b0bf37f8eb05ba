"""First-pass labels in the seed data become draft codings by the coder ``seed-compiler``.

A draft is a starting point for a coder, never a final coding: figures say how many answers
rest on drafts. Labels that mean "not codable" (acquitted, pending, arrest only) give no draft;
the label stays on the prosecution row.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Connection

from nsdocket.coding.codebook import Codebook, bundled_codebook
from nsdocket.coding.store import SEED_CODER, CodingInput, EvidenceRef, write_coding
from nsdocket.db.writer import Writer
from nsdocket.ingest.seed_rows import SeedRow

LABEL_QUESTION = "legitimate_expression"


def load_seed_codings(
    connection: Connection,
    writer: Writer,
    prosecutions: list[tuple[SeedRow, int]],
    source_ids: Mapping[str, int],
    warnings: list[str],
    cb: Codebook | None = None,
) -> int:
    """Write a draft coding for each labelled prosecution; return how many were written."""
    cb = cb or bundled_codebook()
    written = 0
    for row, cd_id in prosecutions:
        label = row.first_pass_label.strip()
        if not label:
            continue
        try:
            mapping = cb.label_to_answer(label)
        except ValueError:
            warnings.append(f"row {row.row_id}: first-pass label '{label}' matches no rule")
            continue
        if mapping.answer is None:
            continue
        refs = [EvidenceRef(source_ids[s.key]) for s in row.sources if s.key in source_ids]
        sheet = CodingInput(
            answers={mapping.question: mapping.answer},
            evidence={mapping.question: refs} if refs else {},
            note=f"first-pass label '{label}': {mapping.note}"
            + (" Contested: needs a second coder." if mapping.contested else ""),
        )
        write_coding(
            connection, writer, case_defendant_id=cd_id, coder=SEED_CODER, sheet=sheet, cb=cb
        )
        written += 1
    return written
