"""Cite an exact passage of a stored document as evidence for a fact or a coding answer.

The passage is given by code-point offsets into ``document.text`` (as `nsdocket extract`,
``documents show`` and ``search`` print them). Its words are copied into ``evidence.quote`` and
the offsets kept in ``evidence.span_start`` / ``span_end``, so the quote can always be checked
against the document. The evidence row names the document's ``source`` row, like any citation.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, func, select

from nsdocket.db.documents_schema import document
from nsdocket.db.schema import coding_answer, evidence
from nsdocket.db.writer import RowNotFoundError, Writer, audited_table, row_dict

#: What a passage can be cited for (``--for`` in the CLI takes the first three).
PASSAGE_TARGETS = ("coding", "event", "charge", "case_defendant", "case", "defendant")
#: The longest passage that can be quoted, in characters.
MAX_PASSAGE = 5000


class PassageError(ValueError):
    """A passage that cannot be cited: offsets outside the document, empty, too long."""


def read_passage(connection: Connection, document_id: int, start: int, end: int) -> str:
    """The text between two code-point offsets of a stored document.

    Raises:
        RowNotFoundError: no such document.
        PassageError: offsets that are not a non-empty range inside the text, or too long.
    """
    length = connection.execute(
        select(func.length(document.c.text)).where(document.c.id == document_id)
    ).scalar()
    if length is None:
        raise RowNotFoundError(f"document {document_id} does not exist")
    if not 0 <= start < end <= length:
        raise PassageError(
            f"passage {start}-{end} is not inside document {document_id} "
            f"(offsets 0 to {length}, start before end)"
        )
    if end - start > MAX_PASSAGE:
        raise PassageError(f"passage of {end - start} characters is longer than {MAX_PASSAGE}")
    quote = connection.execute(
        select(func.substr(document.c.text, start + 1, end - start)).where(
            document.c.id == document_id
        )
    ).scalar_one()
    return str(quote)


def read_passage_text(engine: Engine, document_id: int, start: int, end: int) -> str:
    """`read_passage` on its own connection."""
    with engine.connect() as connection:
        return read_passage(connection, document_id, start, end)


def _check_field(
    connection: Connection, writer: Writer, table: str, row_id: int, field: str
) -> None:
    target = audited_table(table)
    writer.get(target, row_id)
    if not field:
        return
    if table == "coding":
        answered = set(
            connection.execute(
                select(coding_answer.c.question).where(coding_answer.c.coding_id == row_id)
            ).scalars()
        )
        if field not in answered:
            known = ", ".join(sorted(answered)) or "none"
            raise KeyError(f"coding {row_id} does not answer '{field}' (answered: {known})")
    elif field not in target.c:
        raise KeyError(f"{table} has no field '{field}'")


def write_passage_evidence(
    connection: Connection,
    writer: Writer,
    *,
    document_id: int,
    start: int,
    end: int,
    target_table: str,
    target_id: int,
    field: str = "",
    value: str | None = None,
) -> int:
    """Record a passage as evidence inside an open transaction; return the evidence id.

    Citing the same document again for the same row and field replaces the earlier passage
    (one evidence row per source, row and field, as for any source).

    Raises:
        RowNotFoundError: no such document or target row.
        PassageError: bad offsets.
        KeyError: an unknown target table or field (for a coding: an unanswered question).
    """
    if target_table not in PASSAGE_TARGETS:
        raise KeyError(
            f"a passage can be cited for {', '.join(PASSAGE_TARGETS)}, not '{target_table}'"
        )
    quote = read_passage(connection, document_id, start, end)
    _check_field(connection, writer, target_table, target_id, field)
    source_id = connection.execute(
        select(document.c.source_id).where(document.c.id == document_id)
    ).scalar_one()
    values: dict[str, Any] = {
        "document_id": document_id,
        "span_start": start,
        "span_end": end,
        "quote": quote,
        "asserted_value": value,
    }
    key = {
        "source_id": source_id,
        "target_table": target_table,
        "target_id": target_id,
        "field": field,
    }
    return writer.upsert(evidence, key, values)


def cite_passage(
    engine: Engine,
    *,
    document_id: int,
    start: int,
    end: int,
    target_table: str,
    target_id: int,
    field: str = "",
    value: str | None = None,
    actor: str,
) -> int:
    """Cite ``document.text[start:end]`` as evidence for a row (audited); return its id.

    Args:
        engine: the database.
        document_id: the document.
        start: code-point offset of the passage's first character.
        end: offset just past its last character.
        target_table: ``coding``, ``event``, ``charge`` (or ``case_defendant``, ``case``,
            ``defendant``).
        target_id: the row.
        field: for a coding, the question the passage backs; else the column it speaks to.
        value: the value the passage asserts for that field, if any.
        actor: who cites it (recorded in the audit log).

    Raises:
        RowNotFoundError, PassageError, KeyError: as `write_passage_evidence`.
    """
    with engine.begin() as connection:
        writer = Writer(connection, actor=actor)
        return write_passage_evidence(
            connection,
            writer,
            document_id=document_id,
            start=start,
            end=end,
            target_table=target_table,
            target_id=target_id,
            field=field,
            value=value,
        )


def passages_for(engine: Engine, target_table: str, target_id: int) -> list[dict[str, Any]]:
    """The document passages cited for one row, with the document's title."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(evidence, document.c.title.label("document_title"))
            .join(document, document.c.id == evidence.c.document_id)
            .where(evidence.c.target_table == target_table, evidence.c.target_id == target_id)
            .order_by(evidence.c.id)
        ).mappings()
        return [row_dict(r) for r in rows]
