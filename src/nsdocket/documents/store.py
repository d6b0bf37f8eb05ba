"""Store documents: text, content hash, extracted spans, case links and proposals.

`add_documents` takes files and folders. Each file is read with
`nsdocket.documents.text.document_text`, skipped when a document with the same SHA-256 is
already stored (so adding a folder twice changes nothing), and otherwise stored in its own
transaction: a ``source`` row (reused when one has the same content hash), the ``document``
row with its text, every span `nsdocket.extract.extract_all` finds, its links to cases and the
proposals they lead to. All through the audited `Writer`. A file that cannot be read is
reported with its reason and skipped; the others are stored regardless.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.exc import IntegrityError

from nsdocket.db.documents_schema import (
    DOCUMENT_KINDS,
    document,
    document_case,
    document_span,
)
from nsdocket.db.schema import source
from nsdocket.db.writer import RowNotFoundError, Writer, now, row_dict
from nsdocket.documents.classify import classify
from nsdocket.documents.linking import link_document, list_links
from nsdocket.documents.proposals import list_proposals, propose_for_document
from nsdocket.documents.text import DEFAULT_MAX_BYTES, DocumentError, DocumentText, document_text
from nsdocket.extract import extract_all

#: File endings picked up when a folder is given (a file named explicitly is always tried).
SUPPORTED_SUFFIXES = (".html", ".htm", ".xhtml", ".pdf", ".txt", ".text", ".md")


@dataclass(frozen=True)
class Added:
    """A document stored by this run, with what was found in it."""

    document_id: int
    path: Path
    title: str
    kind: str
    spans: int
    links: int
    proposals: int


@dataclass(frozen=True)
class Skipped:
    """A file not stored: a duplicate (with the stored document's id) or a broken file."""

    path: Path
    reason: str
    document_id: int | None = None


@dataclass
class AddReport:
    """What `add_documents` did, file by file."""

    added: list[Added] = field(default_factory=list)
    duplicates: list[Skipped] = field(default_factory=list)
    broken: list[Skipped] = field(default_factory=list)


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Skipped]]:
    """Expand folders (recursively, supported endings, hidden files left out) into files.

    Returns:
        The files in a stable order without repeats, and the paths that do not exist.
    """
    files: list[Path] = []
    missing: list[Skipped] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = (
                p
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and p.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            missing.append(Skipped(path, "no such file or folder"))
    return list(dict.fromkeys(files)), missing


def _source_for(connection: Connection, writer: Writer, doc: DocumentText, kind: str) -> int:
    existing = connection.execute(
        select(source.c.id).where(source.c.content_hash == doc.sha256).order_by(source.c.id)
    ).first()
    if existing is not None:
        return int(existing[0])
    return writer.insert(
        source,
        {
            "source_key": f"sha256:{doc.sha256}",
            "title": doc.title or doc.path.name,
            "kind": kind,
            "content_hash": doc.sha256,
            "note": f"document file {doc.path.name}",
        },
    )


def store_document(
    connection: Connection,
    writer: Writer,
    doc: DocumentText,
    *,
    kind: str | None = None,
    public: bool | None = None,
) -> Added:
    """Store one document's text and spans, then link it and make proposals (open transaction).

    ``public`` says whether anyone may search and read it (default: judgments are public,
    other documents are for the team).

    Raises:
        ValueError: an unknown ``kind``.
    """
    if kind is not None and kind not in DOCUMENT_KINDS:
        raise ValueError(f"unknown document kind '{kind}' (known: {', '.join(DOCUMENT_KINDS)})")
    spans = list({(s.kind, s.start, s.end): s for s in extract_all(doc.text)}.values())
    facts = classify(doc.text, spans, doc.title)
    chosen = kind or facts.kind
    document_id = writer.insert(
        document,
        {
            "sha256": doc.sha256,
            "source_id": _source_for(connection, writer, doc, chosen),
            "file_name": doc.path.name,
            "format": doc.kind,
            "kind": chosen,
            "title": doc.title or doc.path.name,
            "court": facts.court,
            "year": facts.year,
            "language": facts.language,
            "size": doc.size,
            "text": doc.text,
            "added_at": now(),
            "public": chosen == "judgment" if public is None else public,
        },
    )
    writer.insert_many(
        document_span,
        [
            {
                "document_id": document_id,
                "kind": s.kind,
                "span_start": s.start,
                "span_end": s.end,
                "text": s.text,
                "fields": s.to_json()["fields"],
            }
            for s in spans
        ],
    )
    links = link_document(connection, writer, document_id)
    proposals = propose_for_document(connection, writer, document_id)
    title = doc.title or doc.path.name
    return Added(document_id, doc.path, title, chosen, len(spans), len(links), len(proposals))


def _stored_id(connection: Connection, sha256: str) -> int | None:
    found = connection.execute(select(document.c.id).where(document.c.sha256 == sha256)).first()
    return int(found[0]) if found is not None else None


def add_documents(
    engine: Engine,
    files: Sequence[Path],
    *,
    actor: str,
    kind: str | None = None,
    public: bool | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_done: Callable[[Path], None] | None = None,
) -> AddReport:
    """Add files (see `collect_files` for folders); each file in its own transaction.

    Args:
        engine: the database.
        files: the files to read.
        actor: recorded in the audit log; every change of the run shares one batch id.
        kind: the document kind for all of them; detected per file (`classify`) when None.
        public: whether anyone may search and read them; None: judgments are public, other
            documents are for the team.
        max_bytes: files larger than this are skipped as too large, without being read.
        on_done: called after each file (for a progress bar).

    Returns:
        The documents added, the duplicates skipped and the broken files with their reasons.
    """
    report = AddReport()
    batch = f"documents-{uuid.uuid4().hex[:12]}"
    for path in files:
        try:
            doc = document_text(path, max_bytes=max_bytes)
        except DocumentError as exc:
            report.broken.append(Skipped(path, exc.reason))
        else:
            try:
                with engine.begin() as connection:
                    existing = _stored_id(connection, doc.sha256)
                    if existing is None:
                        writer = Writer(connection, actor=actor, batch=batch)
                        report.added.append(
                            store_document(connection, writer, doc, kind=kind, public=public)
                        )
            except IntegrityError:  # stored by someone else in the meantime
                with engine.connect() as connection:
                    existing = _stored_id(connection, doc.sha256)
                if existing is None:
                    raise
            if existing is not None:
                report.duplicates.append(
                    Skipped(path, f"already stored as document {existing}", existing)
                )
        if on_done is not None:
            on_done(path)
    return report


def relink_documents(engine: Engine, *, actor: str) -> tuple[int, int]:
    """Link every stored document again (after cases were added or edited) and propose anew.

    Returns:
        The number of links made or changed and of new proposals.
    """
    links = proposals = 0
    with engine.begin() as connection:
        writer = Writer(connection, actor=actor, batch=f"relink-{uuid.uuid4().hex[:12]}")
        for document_id in connection.execute(
            select(document.c.id).order_by(document.c.id)
        ).scalars():
            links += len(link_document(connection, writer, document_id))
            proposals += len(propose_for_document(connection, writer, document_id))
    return links, proposals


def propose_after_link(engine: Engine, link_id: int, *, actor: str) -> list[int]:
    """New proposals from a link's document once the link is confirmed.

    Returns:
        The ids of the new proposals (none for a fact already proposed).

    Raises:
        RowNotFoundError: no such link.
    """
    with engine.begin() as connection:
        writer = Writer(connection, actor=actor)
        link = writer.get(document_case, link_id)
        return propose_for_document(connection, writer, link["document_id"])


_LISTED = [c for c in document.c if c.name != "text"]


def set_public(engine: Engine, document_id: int, public: bool, *, actor: str) -> bool:
    """Make a document public (anyone may search and read it) or team-only; audited.

    Returns:
        False when it already was.

    Raises:
        RowNotFoundError: no such document.
    """
    with engine.begin() as connection:
        writer = Writer(connection, actor=actor)
        current = writer.get(document, document_id)
        reason = "made public" if public else "made team-only"
        return writer.update(
            document, document_id, {"public": public}, current=current, reason=reason
        )


def list_documents(
    engine: Engine,
    *,
    kind: str | None = None,
    case_id: int | None = None,
    public_only: bool = False,
) -> list[dict[str, Any]]:
    """Stored documents (without their text), with counts of spans and active case links;
    with ``public_only``, only the documents anyone may read."""
    spans = (
        select(func.count())
        .where(document_span.c.document_id == document.c.id)
        .scalar_subquery()
        .label("spans")
    )
    cases = (
        select(func.count())
        .where(
            document_case.c.document_id == document.c.id,
            document_case.c.status.in_(("linked", "confirmed")),
        )
        .scalar_subquery()
        .label("cases")
    )
    query = select(*_LISTED, spans, cases).order_by(document.c.id)
    if public_only:
        query = query.where(document.c.public.is_(True))
    if kind is not None:
        query = query.where(document.c.kind == kind)
    if case_id is not None:
        query = query.where(
            document.c.id.in_(
                select(document_case.c.document_id).where(
                    document_case.c.case_id == case_id,
                    document_case.c.status.in_(("linked", "confirmed")),
                )
            )
        )
    with engine.connect() as connection:
        return [row_dict(r) for r in connection.execute(query).mappings()]


def document_detail(engine: Engine, document_id: int, *, with_text: bool = False) -> dict[str, Any]:
    """One document: its row, spans by kind, case links and proposals.

    Raises:
        RowNotFoundError: no such document.
    """
    columns = list(document.c) if with_text else _LISTED
    with engine.connect() as connection:
        found = connection.execute(select(*columns).where(document.c.id == document_id)).first()
        if found is None:
            raise RowNotFoundError(f"document {document_id} does not exist")
        detail = row_dict(found._mapping)
        spans: dict[str, list[dict[str, Any]]] = {}
        for r in connection.execute(
            select(document_span)
            .where(document_span.c.document_id == document_id)
            .order_by(document_span.c.span_start, document_span.c.id)
        ).mappings():
            spans.setdefault(r["kind"], []).append(row_dict(r))
    detail["spans"] = spans
    detail["links"] = list_links(engine, document_id=document_id)
    detail["proposals"] = list_proposals(engine, status=None, document_id=document_id)
    return detail


__all__ = [
    "SUPPORTED_SUFFIXES",
    "AddReport",
    "Added",
    "Skipped",
    "add_documents",
    "collect_files",
    "document_detail",
    "list_documents",
    "relink_documents",
    "set_public",
    "store_document",
]
