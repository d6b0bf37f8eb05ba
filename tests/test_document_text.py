"""document_text: a judgment file in, its text out; broken files give one clear DocumentError."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from pypdf import PdfWriter

from nsdocket.documents import DEFAULT_MAX_BYTES, DocumentError, document_text
from nsdocket.documents import text as text_module
from nsdocket.extract import extract_all

DATA = Path(__file__).parent / "data" / "documents"


def make_pdf(lines: list[str], title: str | None = None) -> bytes:
    """A minimal one-page PDF whose page shows ``lines`` in Helvetica (byte offsets computed)."""
    shown = " ".join(f"({line}) Tj T*" for line in lines)
    content = f"BT /F1 12 Tf 72 720 Td 14 TL {shown} ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if title:
        objects.append(f"<< /Title ({title}) >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    info = f" /Info {len(objects)} 0 R" if title else ""
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{info} >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


SENTENCE_PDF_LINES = [
    "HKSAR v CHAN Tai Man, DCCC 927/2020",
    "Reasons for Sentence, 30 July 2021",
    "Sentenced to 3 years imprisonment under s 10 of Cap. 200.",
]


# --- reading each kind -----------------------------------------------------------------------


def test_html_drops_script_style_and_comments_and_keeps_paragraphs() -> None:
    doc = document_text(DATA / "judgment_en.html")
    assert doc.kind == "html"
    assert doc.title == "HKSAR v TONG YING KIT - [2021] HKCFI 2239"
    for hidden in ("2099", "analytics", "margin-left", "enable JavaScript", "Home"):
        assert hidden not in doc.text
    assert "contrary to Article 21 of the National Security Law, and of terrorist" in doc.text
    assert "\n\n1. The defendant" in doc.text  # a paragraph starts after a blank line
    assert "6 months’ imprisonment" in doc.text  # entities decoded
    assert "8\u00a0years.\nThe overall sentence is 9 years." in doc.text  # <br> is a line break
    raw = (DATA / "judgment_en.html").read_bytes()
    assert doc.sha256 == hashlib.sha256(raw).hexdigest()
    assert doc.size == len(raw)


def test_html_text_feeds_the_extractors() -> None:
    doc = document_text(DATA / "judgment_en.html")
    found = [(span.kind, span.text) for span in extract_all(doc.text)]
    assert found == [
        ("case_number", "HCCC 280/2020"),
        ("citation", "[2021] HKCFI 2239"),
        ("date", "30 July 2021"),
        ("statute", "Article 21 of the National Security Law"),
        ("statute", "NSL art. 24"),
        ("sentence", "6 years and 6 months’ imprisonment"),
        ("sentence", "8\u00a0years"),
        ("sentence", "9 years"),
    ]


def test_html_deeply_nested_markup(tmp_path: Path) -> None:
    page = tmp_path / "nested.html"
    page.write_text("<div>" * 5000 + "<p>deep <b><i>text</i></b></p>" + "</div>" * 5000)
    assert document_text(page).text == "deep text"


def test_chinese_html_in_utf8(tmp_path: Path) -> None:
    page = tmp_path / "zh.html"
    page.write_text(
        "<html><head><meta charset='utf-8'><title>判案書</title></head><body>"
        "<p>被告被控違反《國安法》第22條。</p><p>判監5年9個月。</p></body></html>",
        encoding="utf-8",
    )
    doc = document_text(page)
    assert (doc.title, doc.text) == ("判案書", "被告被控違反《國安法》第22條。\n\n判監5年9個月。")


def test_chinese_html_in_big5_decoded_per_declared_charset() -> None:
    doc = document_text(DATA / "judgment_zh_big5.html")
    assert doc.title == "香港特別行政區 訴 陳大文"
    assert "《香港國安法》第二十九條" in doc.text
    assert "港字：𡃁" in doc.text  # an HKSCS character: big5 is read as big5hkscs
    kinds = [(span.kind, span.text) for span in extract_all(doc.text)]
    assert kinds == [
        ("statute", "《香港國安法》第二十九條"),
        ("date", "二〇二四年十二月十五日"),
        ("sentence", "判監十年"),
        ("case_number", "HCCC 51/2024"),
    ]


def test_short_meta_charset_big5(tmp_path: Path) -> None:
    page = tmp_path / "big5.htm"
    page.write_bytes("<meta charset=big5><p>入獄40個月</p>".encode("big5"))
    assert document_text(page).text == "入獄40個月"


@pytest.mark.parametrize("title", [None, "Reasons for Sentence"])
def test_valid_pdf(tmp_path: Path, title: str | None) -> None:
    pdf = tmp_path / "sentence.pdf"
    pdf.write_bytes(make_pdf(SENTENCE_PDF_LINES, title=title))
    doc = document_text(pdf)
    assert doc.kind == "pdf"
    assert doc.title == title
    assert doc.text.split("\n") == SENTENCE_PDF_LINES
    assert [span.kind for span in extract_all(doc.text)] == [
        "case_number", "date", "sentence", "statute",
    ]  # fmt: skip


def test_pdf_from_pypdf_writer_and_fixture_file(tmp_path: Path) -> None:
    blank = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.write(blank)
    (tmp_path / "blank.pdf").write_bytes(blank.getvalue())
    assert document_text(tmp_path / "blank.pdf").text == ""  # a page with no text layer
    assert "DCCC 927/2020" in document_text(DATA / "sentence.pdf").text


def test_plain_text_and_markdown(tmp_path: Path) -> None:
    doc = document_text(DATA / "reasons.txt")
    assert (doc.kind, doc.title) == ("text", "HKSAR v CHAN Tai Man")
    assert "section 17A(3)(b)(i) of the Public Order Ordinance (Cap 245)" in doc.text
    note = tmp_path / "note.md"
    note.write_bytes("\ufeff# Note\r\n判監5年\r\n".encode())
    assert (document_text(note).title, document_text(note).text) == ("# Note", "# Note\n判監5年")


def test_unknown_suffix_is_sniffed(tmp_path: Path) -> None:
    (tmp_path / "download").write_bytes(make_pdf(["[2021] HKCFI 2200"]))
    (tmp_path / "page.aspx").write_text("<!DOCTYPE html><html><p>[2021] HKCFI 2200</p></html>")
    assert document_text(tmp_path / "download").kind == "pdf"
    assert document_text(tmp_path / "page.aspx").kind == "html"


# --- broken inputs: one clear line each ------------------------------------------------------


def broken(path: Path, **kwargs: int) -> str:
    with pytest.raises(DocumentError) as info:
        document_text(path, **kwargs)
    error = info.value
    assert error.path == path
    assert str(error).startswith(str(path)) and "\n" not in str(error)
    return error.reason


def test_truncated_pdf(tmp_path: Path) -> None:
    whole = make_pdf(SENTENCE_PDF_LINES)
    for cut in (len(whole) // 2, len(whole) - 10, 12):
        pdf = tmp_path / f"cut{cut}.pdf"
        pdf.write_bytes(whole[:cut])
        assert broken(pdf) == "truncated or corrupt PDF (no %%EOF marker at the end)"


def test_corrupt_pdf_body(tmp_path: Path) -> None:
    pdf = tmp_path / "corrupt.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4 + b"\nstartxref\n99999\n%%EOF\n")
    assert broken(pdf).startswith("corrupt PDF (")


def test_encrypted_pdf(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    (tmp_path / "locked.pdf").write_bytes(buffer.getvalue())
    assert broken(tmp_path / "locked.pdf") == "encrypted PDF (a password is needed)"


def test_file_named_pdf_that_is_not_one(tmp_path: Path) -> None:
    (tmp_path / "fake.pdf").write_text("<html>not a pdf</html>")
    assert "PDF" in broken(tmp_path / "fake.pdf")


@pytest.mark.parametrize(
    ("junk", "reason"),
    [
        pytest.param(bytes(range(256)) * 40, "binary data, not HTML (NUL bytes)", id="nul-bytes"),
        pytest.param(
            b"<html>\xff\xfe\xfa\xfb" + b"\x81" * 100,
            "not valid UTF-8 HTML: byte 0xff at offset 6",
            id="undecodable",
        ),
        pytest.param(
            b"<html>" + b"\x01\x02\x03\x04\x05\x06\x07\x08" * 50,
            "binary data, not HTML (control characters or NUL bytes)",
            id="control-characters",
        ),
    ],
)
def test_binary_junk_named_html(tmp_path: Path, junk: bytes, reason: str) -> None:
    page = tmp_path / "judgment.html"
    page.write_bytes(junk)
    assert broken(page) == reason


def test_undeclared_charset_that_is_not_utf8(tmp_path: Path) -> None:
    page = tmp_path / "big5-undeclared.html"
    page.write_bytes("<p>判監5年</p>".encode("big5"))
    assert broken(page).startswith("not valid UTF-8 HTML: byte 0xa7")


def test_text_file_that_is_not_utf8(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_bytes("判監5年".encode("big5"))
    assert broken(note) == "not valid UTF-8 text: byte 0xa7 at offset 0"
    note.write_bytes("\ufeff判監5年".encode("utf-16-le"))
    assert document_text(note).text == "判監5年"  # UTF-16 with a byte-order mark is fine


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.html").touch()
    assert broken(tmp_path / "empty.html") == "empty file"


def test_missing_file_directory_and_unsupported_type(tmp_path: Path) -> None:
    assert broken(tmp_path / "missing.pdf") == "No such file or directory"
    assert broken(tmp_path) == "not a regular file"
    (tmp_path / "scan.tiff").write_bytes(b"II*\x00" + b"\x00" * 100)
    assert broken(tmp_path / "scan.tiff") == "unsupported file type '.tiff'"


def test_oversized_file_with_a_small_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.html"
    with big.open("wb") as handle:
        handle.truncate(4096)  # sparse: no data written
    assert broken(big, max_bytes=1000) == "too large: 4,096 bytes (limit 1,000)"


def test_50mb_sparse_file_rejected_by_default_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = tmp_path / "huge.pdf"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)

    def must_not_read(path: Path, limit: int) -> bytes:
        raise AssertionError(f"read {path} although it is over the limit")

    monkeypatch.setattr(text_module, "_read_limited", must_not_read)
    assert broken(huge) == f"too large: {50 * 1024 * 1024:,} bytes (limit {DEFAULT_MAX_BYTES:,})"


def test_file_that_grows_after_stat_is_still_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "growing.html"
    page.write_text("<p>small</p>")
    monkeypatch.setattr(text_module, "_read_limited", lambda path, limit: b"x" * (limit + 1))
    assert broken(page, max_bytes=100) == "too large: grew past the limit of 100 bytes"
