"""`nsdocket search`: English and Chinese terms, ranked snippets, filters, hostile queries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from nsdocket.db.documents_schema import document
from nsdocket.db.engine import open_database
from nsdocket.db.schema import case
from nsdocket.documents.search import MAX_TERMS, make_snippet, parse_query, search
from nsdocket.queries.export import dump, restore
from tests.conftest import invoke
from tests.test_documents_add import add_folder, doc_id, mixed_folder, share_case_number


@pytest.fixture
def docs(unmerged: Engine, tmp_path: Path) -> Engine:
    """The bundled data with the mixed folder added."""
    share_case_number(unmerged)
    add_folder(unmerged, mixed_folder(tmp_path, big=False))
    return unmerged


def names(engine: Engine, query: str, **filters: object) -> list[str]:
    found = search(engine, query, **filters)  # type: ignore[arg-type]
    with engine.connect() as c:
        by_id = {r[0]: r[1] for r in c.execute(select(document.c.id, document.c.file_name))}
    return [by_id[h.document_id] for h in found]


# --- the query language ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("secession", ["secession"]),
        ("  inciting   secession ", ["inciting", "secession"]),
        ('"inciting secession" NSL', ["inciting secession", "NSL"]),
        ('"unclosed phrase', ["unclosed phrase"]),
        ("國家安全 黎智英", ["國家安全", "黎智英"]),
        ("Secession secession SECESSION", ["Secession"]),
        ('"', []),
        ("* ) - -- ( '", []),
        ("NEAR(a b)", ["NEAR(a", "b)"]),
        ("a OR b", ["a", "OR", "b"]),
        ("'; DROP TABLE document; --", ["DROP", "TABLE", "document;"]),
        ("tab\there\x00nul", ["tab", "here", "nul"]),
    ],
)
def test_parse_query(query: str, terms: list[str]) -> None:
    assert parse_query(query) == terms


def test_parse_query_limits_long_input() -> None:
    assert len(parse_query(" ".join(f"w{i}" for i in range(100)))) == MAX_TERMS
    assert len(parse_query("x" * 100_000)[0]) == 500


def test_snippet_marks_every_match_and_keeps_offsets() -> None:
    text = "Intro.\n" + "filler " * 50 + "He was sentenced for Secession; the secession count."
    snippet, count = make_snippet(text, ["secession"], width=80)
    assert count == 2
    assert snippet.highlighted().count("[") == 2
    for start, end in snippet.marks:
        absolute = snippet.start + start
        assert text[absolute : absolute + (end - start)].casefold() == "secession"
    assert "\n" not in snippet.text


def test_snippet_prefers_the_window_with_most_distinct_terms() -> None:
    text = "alpha " * 20 + "x " * 200 + "alpha beta gamma" + " y" * 200
    snippet, _ = make_snippet(text, ["alpha", "beta", "gamma"], width=60)
    assert "beta" in snippet.text and "gamma" in snippet.text


# --- search over stored documents ------------------------------------------------------------


def test_english_and_chinese_terms(docs: Engine) -> None:
    assert names(docs, "seditious publications") == ["lai-sentence.html"]
    assert names(docs, "黎智英") == ["lai-sentence.html"]  # three characters: FTS5 trigram
    assert sorted(names(docs, "監禁")) == ["hk47.txt", "lai-sentence.html"]  # 2 chars: LIKE
    assert names(docs, '"conspiracy to commit subversion"') == ["hk47.txt"]
    assert names(docs, "subversion 李予信") == ["hk47.txt"]
    assert names(docs, "SENTENCED imprisonment") != []
    assert names(docs, "no such words anywhere") == []


def test_hits_are_ranked_and_highlighted(docs: Engine) -> None:
    hits = search(docs, "sentence")
    assert len(hits) == 3
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    for h in hits:
        assert h.snippet.marks
        assert "[" in h.snippet.highlighted()
    lai = next(h for h in hits if h.document_id == doc_id(docs, "lai-sentence.html"))
    assert lai.title == "HKSAR v LAI CHEE YING AND OTHERS - Reasons for Sentence"


def test_filters(docs: Engine) -> None:
    assert names(docs, "sentenced", kind="report") == ["hk47.txt"]
    assert names(docs, "sentenced", court="HKDC") == ["sheep-village.pdf"]
    assert names(docs, "sentenced", court="dc") == ["sheep-village.pdf"]
    assert names(docs, "sentenced", year=2022, court="CFI") == ["lai-sentence.html"]
    assert names(docs, "sentenced", year=2024, court="CFI") == ["hk47.txt"]
    assert names(docs, "sentenced", case_id=10) == ["lai-sentence.html"]
    assert names(docs, "sentenced", case_id=7) == []  # the report's link is still ambiguous
    assert len(names(docs, "sentenced", limit=1)) == 1


HOSTILE = [
    '"',
    "'",
    "*",
    "NEAR(",
    "NEAR(sentence imprisonment, 2)",
    "OR",
    "sentence OR imprisonment",
    "-",
    "-sentence",
    ")",
    "(",
    "sentence AND",
    "AND",
    "NOT sentence",
    "^sentence",
    "sentence*",
    "title:sentence",
    "{title text}: sentence",
    "'; DROP TABLE document; --",
    '" OR 1=1 --',
    "%",
    "_",
    "\\",
    "x" * 5000,
    "國" * 3000,
    "sentence " * 400,
    "\x00",
    "😀 sentence",
]


def test_hostile_queries_never_error_or_inject(docs: Engine) -> None:
    before = _counts(docs)
    for query in HOSTILE:  # one database for all of them: each would cost a bundled import
        hits = search(docs, query)
        assert isinstance(hits, list), query
        for hit in hits:
            assert hit.snippet.text, query
    assert _counts(docs) == before


def test_operators_are_searched_as_words(docs: Engine) -> None:
    # "OR" is two letters: a substring match, never the FTS5 operator, so no error and the
    # AND of both words still applies
    assert names(docs, "sentence OR nothinglikethis") == []
    assert names(docs, "%") == []  # LIKE wildcards are escaped
    assert names(docs, "_") == []


def _counts(engine: Engine) -> tuple[int, int]:
    with engine.connect() as c:
        return (
            c.execute(select(func.count()).select_from(document)).scalar_one(),
            c.execute(select(func.count()).select_from(case)).scalar_one(),
        )


def test_cli_search_with_hostile_queries(runner: CliRunner, db_url: str, docs: Engine) -> None:
    for query in ("'; DROP TABLE document; --", 'NEAR("', "x" * 3000, "-", "[bold]x[/bold]"):
        code, out, err = invoke(runner, db_url, "search", query)
        assert code == 0, (query, err)
        code, out, err = invoke(runner, db_url, "search", query, "--json")
        assert code == 0 and isinstance(json.loads(out), list), query
    assert _counts(docs)[0] == 3


def test_cli_search_shows_ranked_snippets(runner: CliRunner, db_url: str, docs: Engine) -> None:
    code, out, err = invoke(runner, db_url, "search", "黎智英", "--json")
    assert code == 0, err
    [hit] = json.loads(out)
    assert hit["snippet"]["highlighted"].count("[黎智英]") == 1
    with docs.connect() as c:
        text = c.execute(
            select(document.c.text).where(document.c.id == hit["document_id"])
        ).scalar_one()
    start, (mark_start, mark_end) = hit["snippet"]["start"], hit["snippet"]["marks"][0]
    assert text[start + mark_start : start + mark_end] == "黎智英"
    code, out, _ = invoke(runner, db_url, "search", "seditious", "--court", "HKCFI")
    assert code == 0 and "document" in out and "seditious" in out
    code, out, _ = invoke(runner, db_url, "search", "nothing-of-the-sort")
    assert "no documents match" in out


def test_search_works_after_a_dump_is_restored(docs: Engine, tmp_path: Path) -> None:
    restored = open_database(f"sqlite:///{tmp_path / 'restored.db'}")
    restore(restored, json.loads(json.dumps(dump(docs))), actor="test")
    assert names(restored, "黎智英") == ["lai-sentence.html"]  # the index is filled by triggers
    assert names(restored, '"conspiracy to commit subversion"') == ["hk47.txt"]
    restored.dispose()


def test_document_text_is_never_read_as_markup(
    runner: CliRunner, db_url: str, engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "markup.txt"
    path.write_text("[bold red]HKSAR v X[/bold red]\n\n[link=http://x]sentenced[/link]\n")
    code, out, err = invoke(runner, db_url, "documents", "add", str(path))
    assert code == 0, err
    code, out, _ = invoke(runner, db_url, "search", "sentenced")
    assert "[link=http://x]" in out
    code, out, _ = invoke(runner, db_url, "documents", "list")
    assert "[bold red]HKSAR" in out
