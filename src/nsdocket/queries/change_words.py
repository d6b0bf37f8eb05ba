"""Saying what changed in words: which fields count, what they are called, how a row is named.

`nsdocket.queries.changes` reads changes from the audit log; this module only words them:
``verdict: pending -> convicted``, ``added arrest event (2020-07-01)``. Fields that change on
every save (versions, timestamps) or only matter inside the database (keys) are left out, and
the public view leaves out what only the team sees (who coded, their notes and answers).
"""

from __future__ import annotations

import json
from typing import Any

ARROW = "->"
#: Longest stretch of free text quoted in a change.
TEXT_LIMIT = 160

#: The tables whose changes a follower of cases is told about, in the order they are read.
FOLLOWED_TABLES = (
    "case",
    "defendant",
    "case_defendant",
    "charge",
    "event",
    "coding",
    "adjudication",
)

#: Fields never reported: they move with every save, or are keys only the database reads.
QUIET_FIELDS = frozenset(
    {
        "id",
        "version",
        "created_at",
        "updated_at",
        "finalised_at",
        "name_key",
        "key_aliases",
        "seed_row_id",
        "seed_part",
        "case_key",
        "position",
        "date_lower",
        "date_upper",
        "codebook_id",
        "jurisdiction_id",
        "law_id",
        "offence_id",
    }
)

#: Fields the public view never reports (the team's coding work is not public).
TEAM_FIELDS: dict[str, frozenset[str]] = {
    "coding": frozenset({"coder", "note"}),
    "adjudication": frozenset({"answer", "reason", "reviewer"}),
}

#: A field's name in words, per table (default: the column name with spaces).
FIELD_LABELS: dict[str, dict[str, str]] = {
    "case_defendant": {
        "outcome": "verdict",
        "verdict_text": "verdict as reported",
        "sentence_text": "sentence",
        "sentence_months": "sentence in months",
        "appeal_text": "appeal",
        "conduct_summary": "conduct",
        "first_pass_label": "first-pass label",
        "case_id": "case",
        "defendant_id": "defendant",
    },
    "event": {"date_edtf": "date", "sentence_months": "sentence in months"},
    "charge": {"text": "charge"},
    "defendant": {"name_zh": "Chinese name", "name_original": "name as written"},
    "case": {"case_numbers": "case numbers"},
}

#: What a row of each table is, in words.
TABLE_NOUNS = {
    "case": "case",
    "defendant": "defendant",
    "case_defendant": "prosecution",
    "charge": "charge",
    "event": "event",
    "coding": "coding",
    "adjudication": "adjudication",
}


def hidden_fields(table: str, *, public: bool) -> set[str]:
    """The fields left out of a change to ``table`` (quiet ones, and the team's in public)."""
    hidden = set(QUIET_FIELDS)
    if public:
        hidden |= TEAM_FIELDS.get(table, frozenset())
    return hidden


def field_label(table: str, field: str) -> str:
    """A field's name in words: ``outcome`` of a prosecution is its ``verdict``."""
    return FIELD_LABELS.get(table, {}).get(field, field.replace("_", " "))


def value_words(value: Any) -> str:
    """A field's value as a reader sees it: ``none`` for nothing, long text cut short."""
    if value is None or value == "" or value == []:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | dict):
        text = ", ".join(str(v) for v in value) if isinstance(value, list) else json.dumps(value)
    else:
        text = str(value)
    text = " ".join(text.split())
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…"


def row_subject(table: str, row: dict[str, Any], *, person: str = "", public: bool) -> str:
    """How one row is named in a change: ``prosecution of Tong Ying-kit``,
    ``arrest event (2020-07-01)``, ``coding by alice (final)``.

    Args:
        table: the row's table.
        row: the row as the change left it (or as it was before a delete).
        person: the defendant's name as the view shows it, for rows about a prosecution.
        public: whether the team's fields are left out.
    """
    of = f" of {person}" if person else ""
    if table == "case":
        return f"case {value_words(row.get('title'))}"
    if table == "defendant":
        return f"defendant {person}" if person else "defendant"
    if table == "case_defendant":
        return f"prosecution{of}"
    if table == "charge":
        number = row.get("position")
        counted = f" {int(number) + 1}" if isinstance(number, int) else ""
        return f"charge{counted}{of}"
    if table == "event":
        kind = str(row.get("kind") or "").replace("_", " ")
        date = row.get("date_edtf") or "date unknown"
        return f"{kind} event{of} ({date})".replace("  ", " ").strip()
    if table == "coding":
        status = row.get("status") or ""
        coder = "" if public else f" by {row.get('coder')}"
        return f"coding{of}{coder} ({status})"
    if table == "adjudication":
        return f"adjudication{of} on {row.get('question')}"
    return f"{TABLE_NOUNS.get(table, table)} {row.get('id')}"


def added_details(table: str, row: dict[str, Any], *, public: bool) -> str:
    """What a newly added row says, in a few words (empty when its name says it all)."""
    if table == "case_defendant":
        return f"verdict: {value_words(row.get('outcome'))}"
    if table == "charge":
        return f"{value_words(row.get('text'))}; outcome: {value_words(row.get('outcome'))}"
    if table == "event" and row.get("detail"):
        return value_words(row.get("detail"))
    if table == "adjudication" and not public:
        return f"answer: {value_words(row.get('answer'))}"
    return ""
