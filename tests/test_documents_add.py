"""`nsdocket documents add`: a mixed folder goes in; what is stored, skipped, linked, proposed.

The folder holds what a researcher would drop in: a bilingual HTML judgment, a PDF (made with
pypdf here), a text report, and broken files (a truncated PDF, binary junk named .html, an
empty file, a 50 MB text file). Helpers here are shared by the other ``test_documents_*``.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject
from sqlalchemy import Engine, func, select, update
from typer.testing import CliRunner

from nsdocket.db.documents_schema import document, document_case, document_span, proposal
from nsdocket.db.schema import audit_log, case, case_defendant, source
from nsdocket.db.writer import Writer
from nsdocket.documents.store import add_documents, collect_files
from tests.conftest import invoke

DATA = Path(__file__).parent / "data" / "documents"
FIFTY_MB = 50 * 1024 * 1024

REPORT = """Hong Kong 47: sentences handed down (HCCC 69/2022)

19 November 2024. Benny Tai Yiu-ting was sentenced to 10 years for conspiracy to commit
subversion. Lee Yue-shun was sentenced to 40 months' imprisonment. 李予信被判監禁40個月。
The reasons are reported at [2024] HKCFI 3245.
"""

PDF_LINES = [
    "HKSAR v Chan Yuen-sum and others, DCCC 854/2021",
    "Reasons for Sentence, 10 September 2022",
    "Each defendant is sentenced to 19 months imprisonment under s 10 of Cap. 200.",
]


def make_pdf(lines: list[str], title: str = "Reasons for Sentence") -> bytes:
    """A one-page PDF made with pypdf, showing ``lines`` in Helvetica."""
    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
    )
    shown = " ".join(f"({line}) Tj T*" for line in lines)
    content = DecodedStreamObject()
    content.set_data(f"BT /F1 11 Tf 72 720 Td 14 TL {shown} ET".encode("latin-1"))
    page.replace_contents(content)
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def mixed_folder(root: Path, *, big: bool = True) -> Path:
    """Write the mixed folder under ``root``; return it."""
    folder = root / "drop"
    (folder / "reports").mkdir(parents=True)
    shutil.copy(DATA / "judgment_bilingual.html", folder / "lai-sentence.html")
    pdf = make_pdf(PDF_LINES)
    (folder / "sheep-village.pdf").write_bytes(pdf)
    (folder / "reports" / "hk47.txt").write_text(REPORT, encoding="utf-8")
    (folder / "truncated.pdf").write_bytes(pdf[: len(pdf) // 2])
    (folder / "junk.html").write_bytes(bytes(range(256)) * 40)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "notes.csv").write_text("not,a,document\n", encoding="utf-8")
    (folder / ".DS_Store").write_bytes(b"\x00\x01")
    if big:
        with (folder / "big.txt").open("wb") as handle:
            line = b"HCCC 1/2020 was sentenced to 9 years. " * 26 + b"\n"
            for _ in range(FIFTY_MB // len(line) + 1):
                handle.write(line)
    return folder


LAI_PROSECUTION = 45  # Jimmy Lai in the Apple Daily case (seed row R045)


def share_case_number(engine: Engine) -> None:
    """Give case 8 (the other half of the Hong Kong 47 rows) the number HCCC 69/2022 too, and
    blank Jimmy Lai's sentence, as the seed had it, so that the judgment in the test folder
    has a blank sentence to propose."""
    with engine.begin() as connection:
        writer = Writer(connection, actor="test")
        writer.update(case, 8, {"case_numbers": "HCCC 69/2022"})
        writer.update(
            case_defendant, LAI_PROSECUTION, {"sentence_months": None, "sentence_text": ""}
        )


def add_folder(engine: Engine, folder: Path) -> Any:
    """Add a folder through the library, as `documents add` does."""
    files, _ = collect_files([folder])
    return add_documents(engine, files, actor="test")


def doc_id(engine: Engine, file_name: str) -> int:
    """The id of the stored document read from ``file_name``."""
    with engine.connect() as c:
        return int(
            c.execute(select(document.c.id).where(document.c.file_name == file_name)).scalar_one()
        )


def count(engine: Engine, table: Any) -> int:
    """Rows in a table."""
    with engine.connect() as c:
        return int(c.execute(select(func.count()).select_from(table)).scalar_one())


# --- the CLI session -------------------------------------------------------------------------


def test_add_a_mixed_folder(
    runner: CliRunner, db_url: str, unmerged: Engine, tmp_path: Path
) -> None:
    share_case_number(unmerged)
    folder = mixed_folder(tmp_path)
    code, out, err = invoke(runner, db_url, "documents", "add", str(folder), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert sorted(Path(a["path"]).name for a in report["added"]) == [
        "hk47.txt",
        "lai-sentence.html",
        "sheep-village.pdf",
    ]
    reasons = {Path(b["path"]).name: b["reason"] for b in report["broken"]}
    assert set(reasons) == {"truncated.pdf", "junk.html", "empty.txt", "big.txt"}
    assert "truncated or corrupt PDF" in reasons["truncated.pdf"]
    assert "binary data" in reasons["junk.html"]
    assert reasons["empty.txt"] == "empty file"
    assert reasons["big.txt"].startswith("too large: 52,4")
    assert report["duplicates"] == []

    # the same folder again: nothing new, each file named as a duplicate
    before = count(unmerged, audit_log)
    code, out, _ = invoke(runner, db_url, "documents", "add", str(folder), "--json")
    again = json.loads(out)
    assert code == 0 and again["added"] == [] and len(again["duplicates"]) == 3
    assert count(unmerged, audit_log) == before and count(unmerged, document) == 3


def test_the_human_report_names_every_skipped_file(
    runner: CliRunner, db_url: str, engine: Engine, tmp_path: Path
) -> None:
    folder = mixed_folder(tmp_path, big=False)
    code, out, err = invoke(runner, db_url, "documents", "add", str(folder), str(tmp_path / "gone"))
    assert code == 0, err
    assert "3 documents added" in out
    assert "skipped 4 files:" in out
    for name in ("truncated.pdf", "junk.html", "empty.txt", "gone: no such file or folder"):
        assert name in out
    code, out, _ = invoke(runner, db_url, "documents", "add", str(folder / "lai-sentence.html"))
    assert "already stored:" in out and "(document 1)" in out


def test_what_was_stored(unmerged: Engine, tmp_path: Path) -> None:
    share_case_number(unmerged)
    add_folder(unmerged, mixed_folder(tmp_path, big=False))
    with unmerged.connect() as c:
        docs = {
            r["file_name"]: dict(r)
            for r in c.execute(select(document).order_by(document.c.id)).mappings()
        }
        html = docs["lai-sentence.html"]
        assert (html["format"], html["kind"], html["court"], html["year"]) == (
            "html",
            "judgment",
            "HKCFI",
            2022,
        )
        assert html["language"] == "en+zh" and "黎智英" in html["text"]
        assert len(html["sha256"]) == 64
        pdf = docs["sheep-village.pdf"]
        assert (pdf["format"], pdf["kind"], pdf["court"]) == ("pdf", "judgment", "HKDC")
        assert "19 months" in pdf["text"]
        report = docs["hk47.txt"]
        assert (report["format"], report["kind"]) == ("text", "report")
        # each document is a source, found by its content hash
        src = c.execute(select(source).where(source.c.id == html["source_id"])).mappings().one()
        assert src["content_hash"] == html["sha256"] and src["kind"] == "judgment"
        # spans keep offsets into the stored text
        spans = c.execute(
            select(document_span).where(document_span.c.document_id == html["id"])
        ).mappings()
        for s in spans:
            assert html["text"][s["span_start"] : s["span_end"]] == s["text"]
        # every change is in the audit log
        audited = c.execute(
            select(func.count())
            .select_from(audit_log)
            .where(audit_log.c.table_name == "document", audit_log.c.action == "insert")
        ).scalar_one()
        assert audited == 3


def test_links_with_the_span_that_made_them(unmerged: Engine, tmp_path: Path) -> None:
    share_case_number(unmerged)
    add_folder(unmerged, mixed_folder(tmp_path, big=False))
    with unmerged.connect() as c:
        rows = c.execute(
            select(document.c.file_name, document_case, document_span.c.text)
            .join(document, document.c.id == document_case.c.document_id)
            .join(document_span, document_span.c.id == document_case.c.span_id)
            .order_by(document_case.c.id)
        ).mappings()
        links = {(r["file_name"], r["case_id"]): (r["status"], r["text"]) for r in rows}
    assert links == {
        ("lai-sentence.html", 10): ("linked", "[2021] HKCFA 3"),
        ("sheep-village.pdf", 5): ("linked", "DCCC 854/2021"),
        ("hk47.txt", 7): ("ambiguous", "HCCC 69/2022"),
        ("hk47.txt", 8): ("ambiguous", "HCCC 69/2022"),
    }


def test_show_lists_citations_statutes_sentences_and_cases(
    runner: CliRunner, db_url: str, unmerged: Engine, tmp_path: Path
) -> None:
    add_folder(unmerged, mixed_folder(tmp_path, big=False))
    html = doc_id(unmerged, "lai-sentence.html")
    code, out, err = invoke(runner, db_url, "documents", "show", str(html), "--json")
    assert code == 0, err
    shown = json.loads(out)
    assert [s["text"] for s in shown["spans"]["citation"]] == ["[2021] HKCFA 3"]
    offences = {o for s in shown["spans"]["statute"] for o in s["fields"].get("offences", [])}
    assert offences == {"NSL:29", "CAP200:10"}
    assert [s["fields"]["months"] for s in shown["spans"]["sentence"]] == [240, 240]
    assert [(link["case_id"], link["status"]) for link in shown["links"]] == [(10, "linked")]
    assert "text" not in shown
    code, out, _ = invoke(runner, db_url, "documents", "show", str(html))
    assert code == 0
    for words in ("citations (1)", "[2021] HKCFA 3", "《國安法》第29條", "240 months", "case 10"):
        assert words in out
    code, _, err = invoke(runner, db_url, "documents", "show", "999")
    assert code == 1 and "document 999 does not exist" in err


def test_list_filters_by_kind_and_case(
    runner: CliRunner, db_url: str, unmerged: Engine, tmp_path: Path
) -> None:
    add_folder(unmerged, mixed_folder(tmp_path, big=False))
    code, out, _ = invoke(runner, db_url, "documents", "list", "--kind", "report", "--json")
    assert code == 0 and [d["file_name"] for d in json.loads(out)] == ["hk47.txt"]
    code, out, _ = invoke(runner, db_url, "documents", "list", "--case", "5", "--json")
    assert [d["file_name"] for d in json.loads(out)] == ["sheep-village.pdf"]
    code, out, _ = invoke(runner, db_url, "documents", "list")
    assert code == 0 and "3 documents" in out


def test_extract_prints_every_span_without_storing(
    runner: CliRunner, db_url: str, engine: Engine
) -> None:
    code, out, err = invoke(
        runner, db_url, "extract", str(DATA / "judgment_bilingual.html"), "--json"
    )
    assert code == 0, err
    spans = json.loads(out)["spans"]
    assert {s["kind"] for s in spans} == {"case_number", "citation", "statute", "sentence", "date"}
    first = spans[0]
    assert (first["kind"], first["text"], first["start"], first["end"]) == (
        "case_number",
        "HCCC 51/2022",
        0,
        12,
    )
    code, out, _ = invoke(runner, db_url, "extract", str(DATA / "judgment_bilingual.html"))
    assert code == 0 and "監禁20年" in out and "240 months" in out
    assert count(engine, document) == 0
    code, _, err = invoke(runner, db_url, "extract", str(DATA / "missing.html"))
    assert code == 1 and "missing.html" in err


def test_proposals_are_made_only_for_blank_sentences(unmerged: Engine, tmp_path: Path) -> None:
    share_case_number(unmerged)
    add_folder(unmerged, mixed_folder(tmp_path, big=False))
    with unmerged.connect() as c:
        rows = c.execute(select(proposal).order_by(proposal.c.id)).mappings().all()
    # Lai (blank, named before "20 years' imprisonment"); not the PDF's defendants (19 months
    # each, already recorded); the report's link is ambiguous, so nothing from it yet
    assert [(r["target_id"], r["value"], r["status"]) for r in rows] == [(45, "240", "pending")]
    assert "'Lai Chee-ying' named" in rows[0]["basis"]


def test_a_document_stored_by_two_runs_at_once_is_a_duplicate(
    engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "a.txt"
    path.write_text("HKSAR v X\nSentenced to 9 years.\n", encoding="utf-8")
    first = add_documents(engine, [path], actor="a")
    with engine.begin() as c:  # someone else's copy of the same bytes under another name
        c.execute(update(document).values(file_name="other.txt"))
    second = add_documents(engine, [path, path], actor="b")
    assert len(first.added) == 1
    assert [d.document_id for d in second.duplicates] == [1, 1]


def test_max_mb_and_kind_options(
    runner: CliRunner, db_url: str, engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "note.txt"
    path.write_text("A note about HCCC 69/2022.\n" * 100, encoding="utf-8")
    code, out, _ = invoke(runner, db_url, "documents", "add", str(path), "--max-mb", "0.001")
    assert code == 0 and "note.txt: too large: 2,700 bytes (limit 1,048)" in out
    code, out, err = invoke(runner, db_url, "documents", "add", str(path), "--kind", "ngo")
    assert code == 0, err
    with engine.connect() as c:
        assert c.execute(select(document.c.kind)).scalar_one() == "ngo"
    code, _, err = invoke(runner, db_url, "documents", "add", str(path), "--kind", "blog")
    assert code == 1 and "unknown kind 'blog'" in err
