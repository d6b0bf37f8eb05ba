"""Which tables a public release holds, their rows (withheld and scrubbed), CSV and schemas.

Only the research tables named in `RELEASED` are released: a table added to the schema later
stays out until someone decides it is fit to publish. Accounts and sessions hold secrets; the
audit log is left out whole, because its before and after copies of every row still hold the
values withheld from the rows themselves; ingested documents hold the full text of judgments
and articles (their publishers' copyright, and text that can name a sensitive defendant).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Engine, Integer, Table

from nsdocket.db.schema import metadata
from nsdocket.queries.export import table_rows
from nsdocket.queries.scrub import Scrubber

# The tables a release holds (an allow-list), parents before children.
RELEASED = (
    "jurisdiction",
    "law",
    "offence",
    "case",
    "defendant",
    "case_defendant",
    "charge",
    "event",
    "source",
    "evidence",
    "official_figure",
    "claim",
    "codebook",
    "coding",
    "coding_answer",
    "adjudication",
)

# Tables known not to be released, and why (any other table is left out as not reviewed).
LEFT_OUT = {
    "audit_log": "its before/after copies would carry values withheld from the rows",
    "user_account": "accounts: password hashes and TOTP secrets",
    "web_session": "web sessions: token hashes and CSRF tokens",
    "alembic_version": "the schema revision (given in datapackage.json instead)",
    "document": "full text of judgments and articles (publishers' copyright; may name people)",
    "document_span": "passages of the ingested documents",
    "document_case": "links from ingested documents to cases (the documents are not released)",
    "proposal": "facts proposed from documents, awaiting review (internal work)",
}
NOT_REVIEWED = "not reviewed for public release"

DESCRIPTIONS = {
    "jurisdiction": "Jurisdictions covered (hk: Hong Kong).",
    "law": "Laws, with whether each is a national-security law and when it came into force.",
    "offence": "Offences by law and provision, each with a category (expression, violence ...).",
    "case": "Prosecutions as cases: title, case numbers, citations, court and status.",
    "defendant": (
        "Defendants: people, companies, organisations and groups. Sensitive defendants (for "
        "example minors) have their names, aliases and age withheld."
    ),
    "case_defendant": (
        "One defendant in one case (a prosecution): plea, outcome, sentence, conduct summary."
    ),
    "charge": "Charges of a prosecution, with the offence, any inchoate form and the outcome.",
    "event": (
        "Dated steps (arrest, charge, bail, remand, verdict, sentence, appeal, release); dates "
        "as EDTF text with their earliest and latest possible day."
    ),
    "source": (
        "Sources: judgments, government statements, news and NGO reports. Sensitive sources "
        "have their address and title withheld."
    ),
    "evidence": "Links from a fact (table, row, field) or a coding to the source asserting it.",
    "official_figure": "Totals published by officials and trackers (arrested, charged, convicted).",
    "claim": "Published claims (numerator, denominator, percent) and the verdict of their check.",
    "codebook": "Codebook versions (questions and answers as JSON) with their content hash.",
    "coding": "One coder's coding of one prosecution under a codebook, draft or final.",
    "coding_answer": "The answers of a coding, one row per answer value.",
    "adjudication": "A reviewer's final answer where coders disagreed, with the reason.",
}


@dataclass(frozen=True)
class TableData:
    """One released table: its name, columns and rows as CSV-ready text cells."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def csv_text(self) -> str:
        """The table as CSV text (a header line, then one line per row)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows(self.rows)
        return buffer.getvalue()


def released_tables() -> list[Table]:
    """The tables a release holds, parents before children."""
    return [t for t in metadata.sorted_tables if t.name in RELEASED]


def left_out_tables() -> dict[str, str]:
    """Every table of the schema a release leaves out, with the reason."""
    names = [t.name for t in metadata.sorted_tables if t.name not in RELEASED]
    return {n: LEFT_OUT.get(n, NOT_REVIEWED) for n in sorted({*names, *LEFT_OUT})}


def cell(value: Any) -> str:
    """A value as CSV text: JSON for lists and objects, true/false, empty for nothing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def public_rows(engine: Engine, table: Table, scrubber: Scrubber) -> list[dict[str, Any]]:
    """A table's rows with sensitive fields withheld and withheld values scrubbed everywhere."""
    return [scrubber.row(r) for r in table_rows(engine, table.name, include_sensitive=False)]


def table_data(table: Table, rows: list[dict[str, Any]]) -> TableData:
    """Rows as text cells in the table's column order."""
    columns = tuple(c.name for c in table.c)
    return TableData(
        table.name, columns, tuple(tuple(cell(r.get(c)) for c in columns) for r in rows)
    )


def _json_type(rows: list[dict[str, Any]], column: str) -> str:
    kinds = {type(r[column]) for r in rows if r.get(column) is not None}
    if kinds == {list}:
        return "array"
    if kinds == {dict}:
        return "object"
    return "string"


def field_type(table: Table, column: str, rows: list[dict[str, Any]]) -> str:
    """The Table Schema type of a column."""
    kind = table.c[column].type
    if isinstance(kind, Boolean):
        return "boolean"
    if isinstance(kind, Integer):
        return "integer"
    if isinstance(kind, DateTime):
        return "datetime"
    if isinstance(kind, Date):
        return "date"
    if isinstance(kind, JSON):
        return _json_type(rows, column)
    return "string"


def table_schema(table: Table, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """A Frictionless Table Schema: fields with types and constraints, keys, foreign keys.

    Text columns are not marked required: an empty text cell and a missing one read the same
    in CSV.
    """
    fields: list[dict[str, Any]] = []
    for column in table.c:
        kind = field_type(table, column.name, rows)
        item: dict[str, Any] = {"name": column.name, "type": kind}
        if kind == "boolean":
            item.update(trueValues=["true"], falseValues=["false"])
        if kind == "datetime":
            item["format"] = "any"
        constraints: dict[str, Any] = {}
        if not column.nullable and kind != "string":
            constraints["required"] = True
        if column.unique or column.primary_key:
            constraints["unique"] = True
        if constraints:
            item["constraints"] = constraints
        fields.append(item)
    foreign = [
        {
            "fields": fk.parent.name,
            "reference": {"resource": fk.column.table.name, "fields": fk.column.name},
        }
        for fk in sorted(table.foreign_keys, key=lambda f: f.parent.name)
        if fk.column.table.name in RELEASED
    ]
    schema: dict[str, Any] = {"fields": fields, "primaryKey": ["id"], "missingValues": [""]}
    if foreign:
        schema["foreignKeys"] = foreign
    return schema
