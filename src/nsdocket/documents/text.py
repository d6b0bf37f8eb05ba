"""Turn a judgment or report file (HTML, PDF, plain text) into text for the extractors.

`document_text` checks the size before reading anything, reads at most the limit, hashes the
raw bytes, and converts by kind:

- HTML is decoded by its byte-order mark, else the charset it declares in a ``<meta>`` tag
  (``big5`` is read as ``big5hkscs``, its Hong Kong superset), else UTF-8; parsed with
  selectolax (lexbor); ``script``, ``style`` and similar are dropped and block elements become
  line breaks, paragraphs a blank line.
- PDF is read with pypdf, page by page, pages separated by a blank line.
- ``.txt`` and ``.md`` are UTF-8 (a BOM is allowed).

Any problem (missing, empty, too large, truncated or corrupt PDF, binary data, undecodable
text) raises `DocumentError` with a one-line reason; library exceptions never leak.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pypdf import PdfReader
from selectolax.lexbor import LexborHTMLParser

#: Files larger than this (20 MiB) are refused unless the caller raises the limit.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

Kind = Literal["html", "pdf", "text"]
_SUFFIX_KINDS: dict[str, Kind] = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".txt": "text",
    ".text": "text",
    ".md": "text",
}
#: Declared charsets read with a superset codec, as browsers do.
_CHARSET_SUPERSETS = {
    "big5": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
}
_META_CHARSET = re.compile(
    rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})", re.I
)
#: How decoding errors name the codecs.
_ENCODING_LABELS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16"}
#: C0 control characters other than tab, newline, form feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


class DocumentError(Exception):
    """A file that cannot be turned into text, with the reason in one line.

    Attributes:
        path: the file.
        reason: what is wrong with it, e.g. ``"truncated PDF (no %%EOF marker)"``.
    """

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


@dataclass(frozen=True)
class DocumentText:
    """The text of one document and what it came from.

    Attributes:
        path: the file read.
        text: the text, with ``\\n`` line breaks; blank lines between paragraphs.
        kind: ``html``, ``pdf`` or ``text``.
        title: the HTML ``<title>``, the PDF's metadata title, or a text file's first line;
            None when there is none.
        sha256: hex SHA-256 of the raw bytes of the file.
        size: size of the file in bytes.
    """

    path: Path
    text: str
    kind: Kind
    title: str | None
    sha256: str
    size: int


def _read_limited(path: Path, limit: int) -> bytes:
    """Read at most ``limit + 1`` bytes, so a file that grew after `stat` is still caught."""
    with path.open("rb") as handle:
        return handle.read(limit + 1)


def _kind(path: Path, data: bytes) -> Kind:
    """By the file's contents when they start like a PDF, else by its suffix, else sniffed."""
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    kind = _SUFFIX_KINDS.get(path.suffix.lower())
    if kind is not None:
        return kind
    if b"%PDF-" in data[:1024]:  # a PDF header after some junk, as the format allows
        return "pdf"
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in head:
        return "html"
    raise DocumentError(path, f"unsupported file type '{path.suffix or '(none)'}'")


def _check_not_binary(path: Path, text: str, what: str) -> None:
    if "\x00" in text or len(_CONTROL.findall(text[:65536])) > max(8, len(text[:65536]) // 100):
        raise DocumentError(path, f"binary data, not {what} (control characters or NUL bytes)")


def _decode(path: Path, data: bytes, encoding: str, what: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        label = _ENCODING_LABELS.get(encoding, encoding)
        raise DocumentError(
            path, f"not valid {label} {what}: byte 0x{bad} at offset {exc.start}"
        ) from None
    _check_not_binary(path, text, what)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _html_encoding(path: Path, data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in data[:4096]:
        raise DocumentError(path, "binary data, not HTML (NUL bytes)")
    declared = _META_CHARSET.search(data[:4096])
    if declared is None:
        return "utf-8"
    name = declared.group(1).decode("ascii").lower()
    name = _CHARSET_SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise DocumentError(path, f"HTML declares an unknown charset '{name}'") from None


# HTML elements that end a line, and those that end a paragraph (a blank line).
_LINE_TAGS = frozenset({
    "div", "section", "article", "header", "footer", "main", "aside", "nav", "li", "dt", "dd",
    "tr", "form", "fieldset", "figure", "figcaption", "address", "center", "caption", "option",
})  # fmt: skip
_PARAGRAPH_TAGS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "ul", "ol", "dl", "pre",
})  # fmt: skip
#: Empty elements that break a line where they stand.
_VOID_BREAK_TAGS = frozenset({"br", "hr"})
_CELL_TAGS = frozenset({"td", "th"})
_SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "head", "iframe", "object", "nav"}
)
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
#: Spaces left doubled where inline elements meet ("a <b> b</b>"); ``<pre>`` loses its
#: alignment too, which judgments do not rely on.
_INLINE_SPACES = re.compile(r"(?<=\S) {2,}(?=\S)")


def _break(tag: str, leaving: bool) -> str:
    if tag in _PARAGRAPH_TAGS:
        return "\n\n"
    if tag in _LINE_TAGS:
        return "\n"
    if tag in _VOID_BREAK_TAGS:
        return "" if leaving else "\n"
    return " " if tag in _CELL_TAGS and leaving else ""


def _html_text(root: Any) -> str:
    """Text of an element tree; iterative, so deeply nested markup cannot overflow the stack."""
    parts: list[str] = []
    stack: list[tuple[Any, bool]] = [(root, False)]
    in_pre = 0
    while stack:
        node, leaving = stack.pop()
        tag: str = node.tag or ""
        if leaving:
            in_pre -= tag == "pre"
            parts.append(_break(tag, leaving=True))
            continue
        if tag == "-text":
            raw = node.text_content or ""
            parts.append(raw if in_pre else _HTML_SPACE.sub(" ", raw))
            continue
        if tag.startswith("-") or tag in _SKIP_TAGS:  # comments, doctype, scripts
            continue
        in_pre += tag == "pre"
        parts.append(_break(tag, leaving=False))
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(list(node.iter(include_text=True))))
    return "".join(parts)


def _tidy(text: str) -> str:
    """Trim each line and keep at most one blank line between paragraphs."""
    lines = [line.strip(" \t") for line in text.split("\n")]
    tidy = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return tidy.strip("\n")


def _from_html(path: Path, data: bytes) -> tuple[str, str | None]:
    html = _decode(path, data, _html_encoding(path, data), "HTML")
    try:
        tree = LexborHTMLParser(html)
        title_node = tree.css_first("title")
        title = _HTML_SPACE.sub(" ", title_node.text()).strip() if title_node else ""
        root = tree.body if tree.body is not None else tree.root
        text = _tidy(_INLINE_SPACES.sub(" ", _html_text(root))) if root is not None else ""
    except Exception as exc:  # selectolax raises assorted types on hostile input
        raise DocumentError(path, f"cannot parse HTML ({type(exc).__name__}: {exc})") from None
    return text, title or None


def _from_pdf(path: Path, data: bytes) -> tuple[str, str | None]:
    if b"%%EOF" not in data[-2048:]:
        raise DocumentError(path, "truncated or corrupt PDF (no %%EOF marker at the end)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(path, "encrypted PDF (a password is needed)")
        pages = [_tidy(page.extract_text() or "") for page in reader.pages]
        title = reader.metadata.title if reader.metadata is not None else None
    except DocumentError:
        raise
    except Exception as exc:  # pypdf raises many types for damaged files
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise DocumentError(path, f"corrupt PDF ({reason})") from None
    if not pages:
        raise DocumentError(path, "PDF has no pages")
    return "\n\n".join(pages).strip("\n"), (str(title).strip() or None) if title else None


def _from_text(path: Path, data: bytes) -> tuple[str, str | None]:
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    text = _tidy(_decode(path, data, "utf-16" if utf16 else "utf-8-sig", "text"))
    first = next((line for line in text.split("\n") if line.strip()), "")
    return text, first[:200] or None


#: What the offsets of a span found in a file index, by the file's kind.
OFFSETS_INTO = {
    "text": (
        "code points into the file's own text, decoded as UTF-8 (or UTF-16 with a byte-order "
        "mark), line endings as they are in the file; a byte-order mark is not counted"
    ),
    "html": (
        "code points into the text extracted from the HTML: the text of the body, a line break "
        "for each block element (p, div, li, tr, h1-h6, br), runs of spaces inside a line "
        "made one, each line trimmed, at most one blank line between paragraphs"
    ),
    "pdf": "code points into the text extracted from the PDF, page by page, each line trimmed",
}


def file_text(
    path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[str, str]:
    """The text that spans found in a file index, and which kind of file it is.

    A text or Markdown file is its own text, untouched (no line endings changed, no lines
    trimmed), so that ``text[start:end]`` of a span is what the file holds at those code
    points. HTML and PDF files give the text extracted from them (`document_text`); see
    `OFFSETS_INTO` for what that text is.

    Raises:
        DocumentError: as `document_text`.
    """
    file = Path(path)
    try:
        size = file.stat().st_size
    except OSError as exc:
        raise DocumentError(file, exc.strerror or "cannot read") from None
    if size > max_bytes:
        raise DocumentError(file, f"too large: {size:,} bytes (limit {max_bytes:,})")
    try:
        data = _read_limited(file, max_bytes)
    except OSError as exc:
        raise DocumentError(file, exc.strerror or "cannot read") from None
    if not data:
        raise DocumentError(file, "empty file")
    kind = _kind(file, data)
    if kind != "text":
        return document_text(file, max_bytes=max_bytes).text, kind
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    encoding = "utf-16" if utf16 else "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        label = _ENCODING_LABELS.get(encoding, encoding)
        raise DocumentError(
            file, f"not valid {label} text: byte 0x{bad} at offset {exc.start}"
        ) from None
    _check_not_binary(file, text, "text")
    return text, kind


def document_text(
    path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> DocumentText:
    """Read a judgment or report file and return its text.

    Args:
        path: an ``.html``/``.htm``, ``.pdf``, ``.txt`` or ``.md`` file (other names are
            sniffed: a PDF header or an ``<html`` tag).
        max_bytes: refuse files larger than this many bytes; checked with ``stat`` before
            anything is read.

    Returns:
        The text with its kind, title, SHA-256 of the raw bytes and size.

    Raises:
        DocumentError: missing, empty or too large files; truncated, corrupt or encrypted PDFs;
            binary data; text that cannot be decoded. The message names the file.
    """
    file = Path(path)
    try:
        info = file.stat()
    except OSError as exc:
        raise DocumentError(file, exc.strerror or "cannot read") from None
    if not file.is_file():
        raise DocumentError(file, "not a regular file")
    if info.st_size > max_bytes:
        raise DocumentError(file, f"too large: {info.st_size:,} bytes (limit {max_bytes:,})")
    if info.st_size == 0:
        raise DocumentError(file, "empty file")
    try:
        data = _read_limited(file, max_bytes)
    except OSError as exc:
        raise DocumentError(file, exc.strerror or "cannot read") from None
    if len(data) > max_bytes:
        raise DocumentError(file, f"too large: grew past the limit of {max_bytes:,} bytes")
    if not data:
        raise DocumentError(file, "empty file")
    kind = _kind(file, data)
    convert = {"html": _from_html, "pdf": _from_pdf, "text": _from_text}[kind]
    text, title = convert(file, data)
    return DocumentText(
        path=file,
        text=text,
        kind=kind,
        title=title,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )
