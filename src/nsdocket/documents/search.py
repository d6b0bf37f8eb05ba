"""Full-text search over stored documents, in English and Chinese, on SQLite or PostgreSQL.

A query is read as plain words and ``"quoted phrases"``; every term must occur (AND). Nothing
the user types is ever query syntax: FTS5 operators (``OR``, ``NEAR(``, ``*``, ``-``) are
searched as the words they are, each term is quoted as an FTS5 string, and every value reaches
the database as a bound parameter. Matching is by substring, case-insensitive, so Chinese
needs no word segmentation.

- SQLite: the FTS5 table of migration 0004 (trigram tokenizer) finds terms of three or more
  characters, ranked by BM25 (title weighted double); shorter terms (most Chinese words are two
  characters) are matched with ``LIKE`` on the rows FTS5 found, or on all rows when no term is
  long enough. Without FTS5 every term uses ``LIKE``.
- PostgreSQL: ``ILIKE`` (served by the ``pg_trgm`` index when the extension is there), ranked
  by ``ts_rank`` over the ``simple`` configuration.

The snippet is cut in Python from the stored text around the densest cluster of matches, so it
is the same on both backends, and it carries its offsets so a passage can be cited exactly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    column,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    text,
)

from nsdocket.db.documents_schema import FTS_TABLE, document, document_case
from nsdocket.documents.linking import ACTIVE

#: Longer queries are cut to this many characters, and to this many terms.
MAX_QUERY_CHARS = 500
MAX_TERMS = 12
#: The trigram tokenizer cannot look up terms shorter than this.
MIN_FTS_TERM = 3
SNIPPET_CHARS = 200
MAX_LIMIT = 200
_TERM = re.compile(r'"([^"]*)"?|(\S+)')
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
#: Matches counted per document for the snippet (a common word could occur 100,000 times).
_MAX_MATCHES = 5000


@dataclass(frozen=True)
class Snippet:
    """A stretch of a document around the matches.

    Attributes:
        text: the stretch, line breaks shown as spaces (same length as the original).
        start: offset of ``text`` in the document (code points), so ``start + i`` is the
            document offset of ``text[i]``.
        marks: ``(start, end)`` of each match within ``text``.
    """

    text: str
    start: int
    marks: tuple[tuple[int, int], ...]

    def highlighted(self, before: str = "[", after: str = "]") -> str:
        """The snippet with each match wrapped in ``before`` and ``after``."""
        parts: list[str] = []
        at = 0
        for start, end in self.marks:
            parts += [self.text[at:start], before, self.text[start:end], after]
            at = end
        parts.append(self.text[at:])
        return "".join(parts)


@dataclass(frozen=True)
class Hit:
    """One document that matches, best first.

    Attributes:
        document_id, title, kind, court, year, file_name: from the document row.
        score: higher is better; comparable within one result list only.
        matches: how many times the terms occur in the text (counted up to 5,000).
        snippet: the passage shown, with the matches marked.
    """

    document_id: int
    title: str
    kind: str
    court: str
    year: int | None
    file_name: str
    score: float
    matches: int
    snippet: Snippet

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict, the snippet with its offsets and marks."""
        return {
            "document_id": self.document_id,
            "title": self.title,
            "kind": self.kind,
            "court": self.court,
            "year": self.year,
            "file_name": self.file_name,
            "score": self.score,
            "matches": self.matches,
            "snippet": {
                "text": self.snippet.text,
                "start": self.snippet.start,
                "end": self.snippet.start + len(self.snippet.text),
                "marks": [list(m) for m in self.snippet.marks],
                "highlighted": self.snippet.highlighted(),
            },
        }


def parse_query(query: str) -> list[str]:
    """The terms of a query: words and ``"quoted phrases"``, without repeats.

    Control characters become spaces; the query is cut to `MAX_QUERY_CHARS` characters and
    `MAX_TERMS` terms; terms with no letter or digit (``"``, ``*``, ``)``, ``--``) are dropped.
    """
    cleaned = _CONTROL.sub(" ", query[:MAX_QUERY_CHARS])
    terms: dict[str, str] = {}
    for match in _TERM.finditer(cleaned):
        raw = match.group(1) if match.group(1) is not None else match.group(2)
        term = " ".join(raw.split())
        if any(ch.isalnum() for ch in term):
            terms.setdefault(term.casefold(), term)
    return list(terms.values())[:MAX_TERMS]


def fts5_string(term: str) -> str:
    """A term as an FTS5 string (a phrase): in double quotes, inner quotes doubled."""
    return '"' + term.replace('"', '""') + '"'


def _court_code(court: str) -> str:
    code = court.strip().upper()
    return code if code.startswith("HK") else f"HK{code}"


def _filters(
    case_id: int | None, court: str | None, year: int | None, kind: str | None
) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if case_id is not None:
        linked = select(document_case.c.document_id).where(
            document_case.c.case_id == case_id, document_case.c.status.in_(ACTIVE)
        )
        found.append(document.c.id.in_(linked))
    if court:
        found.append(func.upper(document.c.court) == _court_code(court))
    if year is not None:
        found.append(document.c.year == year)
    if kind:
        found.append(document.c.kind == kind)
    return found


def term_pattern(term: str) -> str:
    """A regular expression for a term: its words literally, any whitespace between them."""
    return r"\s+".join(re.escape(word) for word in term.split())


def _contains(term: str, dialect: str) -> ColumnElement[bool]:
    if dialect == "postgresql" and " " in term:  # a phrase may be wrapped across lines
        pattern = term_pattern(term)
        return or_(
            document.c.text.regexp_match(pattern, flags="i"),
            document.c.title.regexp_match(pattern, flags="i"),
        )
    return or_(
        document.c.text.icontains(term, autoescape=True),
        document.c.title.icontains(term, autoescape=True),
    )


def _has_fts(connection: Connection) -> bool:
    found = connection.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name"),
        {"name": FTS_TABLE},
    ).first()
    return found is not None


_COLUMNS = (
    document.c.id,
    document.c.title,
    document.c.kind,
    document.c.court,
    document.c.year,
    document.c.file_name,
)


def _ranked(
    connection: Connection, terms: Sequence[str], filters: list[ColumnElement[bool]], limit: int
) -> list[tuple[Any, ...]]:
    """``(columns..., score)`` of the best matching documents, best first."""
    dialect = connection.dialect.name
    long_terms = [t for t in terms if len(t) >= MIN_FTS_TERM]
    if dialect == "sqlite" and long_terms and _has_fts(connection):
        fts = table(FTS_TABLE, column("rowid"))
        rank: ColumnElement[Any] = literal_column("bm25(document_fts, 2.0, 1.0)")  # title x2
        match = " AND ".join(fts5_string(t) for t in long_terms)
        short = [_contains(t, dialect) for t in terms if len(t) < MIN_FTS_TERM]
        query = (
            select(*_COLUMNS, (-rank).label("score"))
            .select_from(document.join(fts, fts.c.rowid == document.c.id))
            .where(text("document_fts MATCH :match").bindparams(match=match), *short, *filters)
            .order_by(rank, document.c.id)
        )
    elif dialect == "postgresql":
        tsquery = func.plainto_tsquery(literal_column("'simple'"), literal(" ".join(terms)))
        score = func.ts_rank(func.to_tsvector(literal_column("'simple'"), document.c.text), tsquery)
        query = (
            select(*_COLUMNS, score.label("score"))
            .where(*[_contains(t, dialect) for t in terms], *filters)
            .order_by(score.desc(), document.c.id)
        )
    else:
        query = (
            select(*_COLUMNS, literal(0.0).label("score"))
            .where(*[_contains(t, dialect) for t in terms], *filters)
            .order_by(document.c.id)
        )
    return [tuple(r) for r in connection.execute(query.limit(limit))]


def make_snippet(
    document_text: str, terms: Sequence[str], width: int = SNIPPET_CHARS
) -> tuple[Snippet, int]:
    """The stretch of ``width`` characters with the most distinct terms, and the match count.

    A document that matched on its title only gets its opening lines.
    """
    pattern = re.compile(
        "|".join(term_pattern(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE
    )
    found: list[tuple[int, int, str]] = []
    for m in pattern.finditer(document_text):
        found.append((m.start(), m.end(), m.group().casefold()))
        if len(found) >= _MAX_MATCHES:
            break
    best, best_key, right = 0, (-1, -1), 0
    for left, (start, _end, _term) in enumerate(found):
        right = max(right, left)
        while right + 1 < len(found) and found[right + 1][1] <= start + width:
            right += 1
        window = found[left : right + 1]
        key = (len({w[2] for w in window}), len(window))
        if key > best_key:
            best, best_key = left, key
    begin = 0
    if found:
        first = found[best][0]
        begin = max(0, first - width // 4)
        space = document_text.find(" ", begin, first)
        if begin and 0 <= space < begin + 20:  # start on a word, not inside one
            begin = space + 1
    end = min(len(document_text), begin + width)
    marks = tuple((s - begin, e - begin) for s, e, _ in found if s >= begin and e <= end)
    shown = document_text[begin:end].replace("\n", " ").replace("\t", " ")
    return Snippet(shown, begin, marks), len(found)


def search(
    engine: Engine,
    query: str,
    *,
    case_id: int | None = None,
    court: str | None = None,
    year: int | None = None,
    kind: str | None = None,
    limit: int = 20,
    public_only: bool = False,
) -> list[Hit]:
    """Find documents that contain every term of ``query``; best first, with a snippet each.

    Args:
        engine: the database (SQLite or PostgreSQL).
        query: words and ``"quoted phrases"`` in any language; any string is safe.
        case_id: only documents linked to this case (``linked`` or ``confirmed``).
        court: only documents of this court (``HKCFI`` or ``CFI``, any case).
        year: only documents of this year (from their citation, else first date).
        kind: only documents of this kind (``judgment``, ``report``, ...).
        limit: at most this many hits (1 to 200).
        public_only: only documents anyone may read (`document.public`).

    Returns:
        The hits; empty when the query has no searchable term.
    """
    terms = parse_query(query)
    if not terms:
        return []
    limit = max(1, min(limit, MAX_LIMIT))
    with engine.connect() as connection:
        filters = _filters(case_id, court, year, kind)
        if public_only:
            filters.append(document.c.public.is_(True))
        ranked = _ranked(connection, terms, filters, limit)
        ids = [r[0] for r in ranked]
        texts = {
            r[0]: r[1]
            for r in connection.execute(
                select(document.c.id, document.c.text).where(document.c.id.in_(ids))
            )
        }
    hits: list[Hit] = []
    for doc_id, title, doc_kind, court_code, doc_year, file_name, score in ranked:
        snippet, count = make_snippet(texts[doc_id], terms)
        hits.append(
            Hit(
                document_id=int(doc_id),
                title=title,
                kind=doc_kind,
                court=court_code,
                year=doc_year,
                file_name=file_name,
                score=round(float(score or 0.0), 6),
                matches=count,
                snippet=snippet,
            )
        )
    if all(hit.score == 0.0 for hit in hits):  # no ranking from the database: most matches first
        hits.sort(key=lambda hit: (-hit.matches, hit.document_id))
    return hits
