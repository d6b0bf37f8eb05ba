"""An open data release: CSVs, a Frictionless Data Package, SQLite for Datasette, checksums and
a changelog, written to a new folder.

Layout of ``OUT_DIR``::

    data/<table>.csv   one per released table (sensitive fields withheld)
    datapackage.json   Frictionless Data Package: schemas, licence, sources, hashes
    nsdocket.db        the same rows as SQLite; metadata.json describes it for Datasette
    CHANGELOG.md       rows added, changed, removed per table since --since (changes.json too)
    README.md          what is here, what is withheld, how to open it
    SHA256SUMS         checksums of every other file (``sha256sum -c SHA256SUMS``)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from nsdocket import __version__
from nsdocket.coding import bundled_codebook
from nsdocket.db.engine import current_revision
from nsdocket.queries.scrub import scrubber_for
from nsdocket.release.changelog import (
    ReleaseError,
    TableChanges,
    changelog_markdown,
    changes_json,
    compare,
    read_release,
)
from nsdocket.release.datasette import DATABASE, datasette_metadata, write_sqlite
from nsdocket.release.pseudonyms import coder_pseudonyms, pseudonymise
from nsdocket.release.readme import readme_text
from nsdocket.release.tables import (
    DESCRIPTIONS,
    TableData,
    public_rows,
    released_tables,
    table_data,
    table_schema,
)

TITLE = "Hong Kong national-security prosecutions (nsdocket)"
DESCRIPTION = (
    "Prosecutions under Hong Kong's National Security Law, the Safeguarding National Security "
    "Ordinance and the sedition sections of the Crimes Ordinance: cases, defendants, charges, "
    "dated events, sources, codings of the conduct against international standards, and "
    "published figures with their checks. Identities of defendants marked sensitive (for "
    "example minors) are withheld."
)
LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}
SOURCES = [
    {
        "title": (
            "Court judgments, government statements, news reports and NGO trackers, compiled by "
            "hand; each fact's sources are in source.csv and evidence.csv"
        ),
        "path": "data/source.csv",
    },
    {
        "title": "Officially published totals and published claims, as recorded",
        "path": "data/official_figure.csv",
    },
]
CHECKSUMS = "SHA256SUMS"


@dataclass
class Release:
    """What `write_release` wrote.

    Attributes:
        folder: the release folder.
        rows: rows per released table.
        files: every file written, relative to the folder.
        changes: per-table changes since the previous release (None without one).
    """

    folder: Path
    rows: dict[str, int]
    files: list[str]
    changes: list[TableChanges] | None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _write(folder: Path, relative: str, content: str) -> None:
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8", newline="")


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def _resource(folder: Path, table: TableData, schema: dict[str, Any]) -> dict[str, Any]:
    path = f"data/{table.name}.csv"
    return {
        "name": table.name,
        "title": table.name.replace("_", " ").capitalize(),
        "description": DESCRIPTIONS.get(table.name, ""),
        "path": path,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": (folder / path).stat().st_size,
        "hash": f"sha256:{_sha256(folder / path)}",
        "licenses": [LICENCE],
        "schema": schema,
    }


def datapackage(
    engine: Engine, resources: list[dict[str, Any]], created: dt.datetime
) -> dict[str, Any]:
    """The ``datapackage.json`` descriptor."""
    cb = bundled_codebook()
    return {
        "profile": "tabular-data-package",
        "name": "nsdocket-hk",
        "title": TITLE,
        "description": DESCRIPTION,
        "created": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "keywords": [
            "Hong Kong",
            "national security law",
            "prosecutions",
            "freedom of expression",
            "human rights",
        ],
        "licenses": [LICENCE],
        "sources": SOURCES,
        "contributors": [{"title": "nsdocket", "role": "author"}],
        "nsdocket": {
            "version": __version__,
            "schema_revision": current_revision(engine),
            "codebook": f"{cb.id} {cb.version} sha256:{cb.content_hash}",
        },
        "resources": resources,
    }


def _check_folder(folder: Path) -> None:
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ReleaseError(f"{folder} exists and is not an empty folder; choose a new one")


def write_release(
    engine: Engine,
    folder: Path,
    *,
    since: Path | None = None,
    created: dt.datetime | None = None,
    coder_names: bool = False,
) -> Release:
    """Write a public release of the database to a new (or empty) folder.

    Args:
        engine: the database.
        folder: where to write; must not exist or be empty.
        since: a previous release folder to list changes against.
        created: the release time recorded in ``datapackage.json`` (default: now, UTC).
        coder_names: publish coders' and reviewers' names as stored; by default they are
            replaced by stable pseudonyms (``coder-1`` ...), see `release.pseudonyms`.

    Raises:
        ReleaseError: the folder is in use, or ``since`` is not a release.
    """
    _check_folder(folder)
    previous = read_release(since) if since is not None else None
    created = created or dt.datetime.now(dt.UTC)
    scrubber = scrubber_for(engine)
    names = {} if coder_names else coder_pseudonyms(engine)
    folder.mkdir(parents=True, exist_ok=True)
    rows: dict[str, list[dict[str, Any]]] = {}
    resources: list[dict[str, Any]] = []
    tables: list[TableData] = []
    for table in released_tables():
        rows[table.name] = public_rows(engine, table, scrubber)
        pseudonymise(table.name, rows[table.name], names)
        data = table_data(table, rows[table.name])
        tables.append(data)
        _write(folder, f"data/{table.name}.csv", data.csv_text())
        resources.append(_resource(folder, data, table_schema(table, rows[table.name])))
    _write(folder, "datapackage.json", _dump(datapackage(engine, resources, created)))
    write_sqlite(folder / f"{DATABASE}.db", rows)
    meta = datasette_metadata(TITLE, DESCRIPTION, LICENCE, SOURCES[0])
    _write(folder, "metadata.json", _dump(meta))
    changes = compare(previous, tables) if previous is not None else None
    label = str(since) if since is not None else None
    _write(folder, "CHANGELOG.md", changelog_markdown(changes, label))
    _write(folder, "changes.json", _dump(changes_json(changes, label)))
    counts = {t.name: len(t.rows) for t in tables}
    _write(
        folder,
        "README.md",
        readme_text(TITLE, DESCRIPTION, LICENCE, counts, created, coder_names=coder_names),
    )
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    sums = "".join(f"{_sha256(folder / f)}  {f}\n" for f in files)
    _write(folder, CHECKSUMS, sums)
    return Release(folder, counts, [*files, CHECKSUMS], changes)


def verify_checksums(folder: Path) -> list[str]:
    """Files whose SHA-256 differs from ``SHA256SUMS`` (or that are missing); empty when
    all match."""
    bad: list[str] = []
    for line in (folder / CHECKSUMS).read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        path = folder / name
        if not path.is_file() or _sha256(path) != digest:
            bad.append(name)
    return bad
