"""The release as a SQLite file and a Datasette ``metadata.json`` (titles, licences, facets).

The SQLite file is built fresh from the released rows (never copied from the working
database), so it holds no private table, no audit log and no deleted pages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, insert, text

from nsdocket.db.audit import decode_row
from nsdocket.release.tables import DESCRIPTIONS, released_tables

DATABASE = "nsdocket"

FACETS: dict[str, list[str]] = {
    "law": ["national_security"],
    "offence": ["category", "law_id"],
    "case": ["status", "court"],
    "defendant": ["kind", "minor", "sensitive"],
    "case_defendant": ["outcome"],
    "charge": ["outcome", "law_id", "inchoate"],
    "event": ["kind"],
    "source": ["kind", "publisher"],
    "evidence": ["target_table", "field"],
    "official_figure": ["publisher", "kind"],
    "claim": ["publisher", "verdict"],
    "codebook": ["key"],
    "coding": ["status", "coder"],
    "coding_answer": ["question"],
    "adjudication": ["question", "answer"],
}

LABEL_COLUMNS = {
    "jurisdiction": "name",
    "law": "short_name",
    "offence": "name",
    "case": "title",
    "defendant": "name",
    "source": "source_key",
    "codebook": "title",
}


def write_sqlite(path: Path, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Create ``path`` with the released tables (schema as in nsdocket) and their rows."""
    engine = create_engine(f"sqlite:///{path}")
    tables = released_tables()
    try:
        tables[0].metadata.create_all(engine, tables=tables)
        with engine.begin() as connection:
            for table in tables:
                values = [decode_row(table, r) for r in rows.get(table.name, [])]
                if values:
                    connection.execute(insert(table), values)
        with engine.connect() as connection:
            connection.execute(text("VACUUM"))
    finally:
        engine.dispose()


def datasette_metadata(
    title: str, description: str, licence: dict[str, str], source: dict[str, str]
) -> dict[str, Any]:
    """Datasette's ``metadata.json``: the release's title and licence, and per table a title,
    a description, facets and the column that labels its rows in links."""
    tables: dict[str, Any] = {}
    for table in released_tables():
        item: dict[str, Any] = {
            "title": table.name.replace("_", " ").capitalize(),
            "description": DESCRIPTIONS.get(table.name, ""),
            "facets": [c for c in FACETS.get(table.name, []) if c in table.c],
        }
        if table.name in LABEL_COLUMNS:
            item["label_column"] = LABEL_COLUMNS[table.name]
        tables[table.name] = item
    return {
        "title": title,
        "description": description,
        "license": licence["name"],
        "license_url": licence["path"],
        "source": source["title"],
        "source_url": source.get("path", ""),
        "databases": {
            DATABASE: {
                "title": title,
                "description": description,
                "license": licence["name"],
                "license_url": licence["path"],
                "tables": tables,
            }
        },
    }
