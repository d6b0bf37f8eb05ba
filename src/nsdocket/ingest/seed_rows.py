"""The seed CSV format (20 columns, one row per defendant in a case), parsed and validated.

Optional columns carry what the hand-compiled seed did not: ``chinese_name`` (traditional
characters), ``aliases`` (``;``-separated), ``age`` (at arrest, when the source gives it),
``minor_at_arrest`` (``yes`` or ``possibly`` when a source says so without an age: the
defendant is then withheld from public views as a minor is) and ``source_quote`` (a short quote
from the first source, for when its address may not last). Every row must cite a source in
``key_sources``.

Parsing is pure: it reads a file into `SeedRow` objects or raises `ImportFailed` listing every
problem in the file. Writing to the database is `load_cases`' job.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nsdocket.dates import DateError, PartialDate, parse_date
from nsdocket.ingest.charges import ChargeParser, ParsedCharge, parse_row_laws
from nsdocket.ingest.csvfile import CsvReader, CsvRecord, count_lines
from nsdocket.ingest.errors import ImportFailed, ImportProblem
from nsdocket.names import ParsedName, parse_group, parse_name
from nsdocket.reference import LawBook

SEED_COLUMNS = (
    "row_id",
    "case_group",
    "defendant",
    "entity_type",
    "arrest_date",
    "law",
    "charge",
    "court",
    "plea",
    "verdict",
    "verdict_date",
    "sentence",
    "sentence_months",
    "sentence_date",
    "appeal_outcome",
    "conduct_summary",
    "violence_alleged",
    "first_pass_label",
    "key_sources",
    "notes",
)
OPTIONAL_COLUMNS = ("chinese_name", "aliases", "age", "minor_at_arrest", "source_quote")
MINOR_VALUES = ("yes", "possibly", "no")
MAX_CELL_CHARS = 10_000
MAX_QUOTE_CHARS = 600
ENTITY_KINDS = ("person", "company", "organisation", "group")
#: Parsed cells remembered (dates, laws, sources, titles) before the reader starts afresh.
MEMO_LIMIT = 50_000
OUTCOMES = ("convicted", "acquitted", "pending", "not_charged", "withdrawn", "unknown")

_CASE_NUMBER = re.compile(r"\b([A-Z]{2,5})\s?(\d{1,5})/(\d{4})\b")
_CITATION = re.compile(r"\[(\d{4})\]\s+(HK[A-Za-z]{2,6})\s+(\d+)")
_GROUP_KIND = re.compile(r"^group\s*\((?P<n>\d+)\s+persons?\)$", re.I)
_CHARGED_ON = re.compile(r"\bcharged\s+(\d{4}-\d{2}-\d{2})\b", re.I)
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_APPEAL_WORDS = re.compile(r"\b(appeal\w*|CA|CFA|leave)\b", re.I)
_APPEAL_PARTS = re.compile(r"\s*;\s*")
_SOURCE_SEPARATOR = re.compile(r"\s+;\s+|\s*\n\s*")
_MONTHS = re.compile(r"\d{1,4}")
_SPACES = re.compile(r"\s+")
_URL = re.compile(r"https?://")
_URL_SCHEME = re.compile(r"^https?://(www\.)?")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0002ffff]")
_ALIAS_SEPARATOR = re.compile(r"\s*;\s*")
_AGE = re.compile(r"\d{1,3}")


@dataclass(frozen=True)
class DefendantSpec:
    """One defendant a row describes (a group row may describe a person and a group)."""

    part: int
    kind: str
    name: ParsedName
    group_size: int | None = None


@dataclass(frozen=True)
class EventSpec:
    """A dated step in a prosecution, as the row gives it."""

    kind: str
    position: int
    date: PartialDate
    detail: str = ""
    sentence_months: int | None = None


@dataclass(frozen=True)
class SourceSpec:
    """A source cited by a row: a URL, or a description when no address was recorded."""

    key: str
    url: str | None
    title: str
    publisher: str
    kind: str


@dataclass(frozen=True)
class SeedRow:
    """One validated row of the seed CSV."""

    line: int
    row_id: str
    case_title: str
    case_key: str
    case_numbers: tuple[str, ...]
    citations: tuple[str, ...]
    court: str
    defendants: tuple[DefendantSpec, ...]
    law_codes: tuple[str, ...]
    charges: tuple[ParsedCharge, ...]
    outcome: str
    plea: str
    verdict_text: str
    sentence_text: str
    sentence_months: int | None
    appeal_text: str
    conduct_summary: str
    violence_alleged: str
    first_pass_label: str
    notes: str
    events: tuple[EventSpec, ...]
    sources: tuple[SourceSpec, ...]
    warnings: tuple[str, ...] = field(default_factory=tuple)
    name_zh: str = ""
    aliases: tuple[str, ...] = ()
    age: int | None = None
    source_quote: str = ""
    minor_at_arrest: bool = False


def outcome_of(verdict: str) -> str | None:
    """Map a verdict cell to an outcome; None when the wording is not recognised."""
    text = verdict.casefold().strip()
    if not text or "not retrieved" in text or text == "unknown":
        return "unknown"
    if "not charged" in text:
        return "not_charged"
    for outcome in ("convicted", "acquitted", "pending", "withdrawn"):
        if text.startswith(outcome):
            return outcome
    return None


def case_numbers_in(text: str) -> tuple[str, ...]:
    """Case numbers such as ``HCCC 69/2022`` written in a text."""
    return tuple(dict.fromkeys(f"{p} {n}/{y}" for p, n, y in _CASE_NUMBER.findall(text)))


def citations_in(text: str) -> tuple[str, ...]:
    """Neutral citations such as ``[2021] HKCFI 2200`` written in a text."""
    return tuple(dict.fromkeys(f"[{y}] {c} {n}" for y, c, n in _CITATION.findall(text)))


def case_key_for(title: str) -> str:
    """The natural key of a case: its first case number, else its folded title."""
    numbers = case_numbers_in(title)
    if numbers:
        return numbers[0]
    return _SPACES.sub(" ", title.casefold()).strip()


def source_spec(text: str) -> SourceSpec:
    """Describe one entry of ``key_sources``."""
    text = text.strip()
    if _URL.match(text):
        host = _URL_SCHEME.sub("", text).split("/")[0].lower()
        kind = "news"
        if "judiciary.hk" in host or "wikisource" in host:
            kind = "judgment"
        elif host.endswith(".gov.hk") or "legco" in host:
            kind = "government"
        elif any(n in host for n in ("amnesty", "hrw.org", "hongkongwatch", "hkrlm", "columbia")):
            kind = "ngo"
        return SourceSpec(text, text, "", host, kind)
    return SourceSpec(f"title:{text}", None, text, "", "other")


class _RowParser:
    """Parses one record, collecting problems instead of stopping at the first."""

    def __init__(
        self,
        file: str,
        record: CsvRecord,
        book: LawBook,
        memo: dict[Any, Any] | None = None,
        charges: ChargeParser | None = None,
    ) -> None:
        self.file = file
        self.record = record
        self.book = book
        # Results of pure parses (dates, law cells, titles, sources) shared by the rows of one
        # file: a group case repeats the same cells on every defendant's row.
        self.memo: dict[Any, Any] = {} if memo is None else memo
        self.charges = ChargeParser(book) if charges is None else charges
        self.cells = {column: value.strip() for column, value in record.values.items()}
        self.problems: list[ImportProblem] = []
        self.warnings: list[str] = []

    def cell(self, column: str) -> str:
        return self.cells.get(column, "")

    def problem(self, column: str, expected: str) -> None:
        self.problems.append(
            ImportProblem(self.file, self.record.line, column, self.cell(column), expected)
        )

    def date(self, column: str) -> PartialDate:
        text = self.cell(column)
        key = ("date", text)
        if key in self.memo:
            found: PartialDate = self.memo[key]
            return found
        try:
            self.memo[key] = found = parse_date(text)
            return found
        except DateError as exc:
            self.problem(column, f"a real date (YYYY, YYYY-MM or YYYY-MM-DD): {exc}")
            return parse_date("")

    def required(self, column: str) -> str:
        value = self.cell(column)
        if not value:
            self.problem(column, "a value (this column is required)")
        return value

    def defendants(self, kind_text: str) -> tuple[DefendantSpec, ...]:
        text = self.required("defendant")
        kind = kind_text.casefold().replace("organization", "organisation")
        group = _GROUP_KIND.match(kind)
        if group:
            size = int(group.group("n"))
            named = parse_group(text)
            if named is None:
                return (DefendantSpec(0, "group", parse_name(text), size),)
            others = ParsedName(
                name=f"{named.others} others with {named.named.name}"
                + (f" ({named.note})" if named.note else ""),
                original=text,
            )
            if named.others + 1 != size:
                self.problem("entity_type", f"a group size matching the name ({named.others}+1)")
            return (
                DefendantSpec(0, "person", named.named),
                DefendantSpec(1, "group", others, named.others),
            )
        if kind not in ENTITY_KINDS:
            self.problem("entity_type", "person, company, organisation or group (N persons)")
            return ()
        if kind == "person":
            return (DefendantSpec(0, "person", parse_name(text)),)
        return (DefendantSpec(0, kind, ParsedName(name=text, original=text)),)

    def events(self, outcome: str, months: int | None) -> tuple[EventSpec, ...]:
        events: list[EventSpec] = []
        arrest = self.date("arrest_date")
        if self.cell("arrest_date"):
            events.append(EventSpec("arrest", 0, arrest))
        charged = _CHARGED_ON.search(self.cell("notes"))
        if charged:
            events.append(EventSpec("charge", 0, parse_date(charged.group(1)), "from notes"))
        verdict_date = self.date("verdict_date")
        if outcome in ("convicted", "acquitted"):
            events.append(
                EventSpec("verdict", 0, verdict_date, f"{outcome}: {self.cell('verdict')}")
            )
        sentence_date = self.date("sentence_date")
        sentence = self.cell("sentence")
        if outcome == "convicted" and (sentence or months is not None or sentence_date.original):
            events.append(EventSpec("sentence", 0, sentence_date, sentence, months))
            if "immediate release" in sentence.casefold():
                events.append(EventSpec("release", 0, sentence_date, "released on sentencing"))
        position = 0
        for part in _APPEAL_PARTS.split(self.cell("appeal_outcome")):
            if part and _APPEAL_WORDS.search(part):
                found = _ISO_DATE.search(part)
                date = parse_date(found.group(0)) if found else parse_date("")
                events.append(EventSpec("appeal", position, date, part))
                position += 1
        return tuple(events)

    def parse(self) -> SeedRow | None:
        row_id = self.required("row_id")
        title = self.required("case_group")
        defendants = self.defendants(self.cell("entity_type"))
        law_text = self.required("law")
        if ("law", law_text) not in self.memo:
            self.memo["law", law_text] = parse_row_laws(law_text, self.book)
        law_codes, law_errors = self.memo["law", law_text]
        for error in law_errors:
            self.problem("law", error)
        outcome = outcome_of(self.cell("verdict"))
        if outcome is None:
            self.problem(
                "verdict",
                "a verdict starting with convicted, acquitted, pending or withdrawn, "
                "or saying 'not charged' or 'not retrieved'",
            )
            outcome = "unknown"
        months: int | None = None
        if self.cell("sentence_months"):
            if _MONTHS.fullmatch(self.cell("sentence_months")):
                months = int(self.cell("sentence_months"))
            else:
                self.problem("sentence_months", "a whole number of months")
        events = self.events(outcome, months)
        on_date = next((e.date.upper for e in events if e.kind == "arrest"), None)
        parsed = self.charges.parse(self.required("charge"), law_codes, on_date)
        for error in parsed.errors:
            self.problem("charge", error)
        self.warnings.extend(f"{self.file}:{self.record.line}: {w}" for w in parsed.warnings)
        if max(map(len, self.record.values.values())) > MAX_CELL_CHARS:
            for column, value in self.record.values.items():
                if len(value) > MAX_CELL_CHARS:
                    self.problem(column, f"at most {MAX_CELL_CHARS} characters")
        sources_key = ("sources", self.cell("key_sources"))
        if sources_key not in self.memo:
            self.memo[sources_key] = tuple(
                source_spec(s) for s in _SOURCE_SEPARATOR.split(sources_key[1]) if s
            )
        sources: tuple[SourceSpec, ...] = self.memo[sources_key]
        if not sources:
            self.problem("key_sources", "at least one source (a URL, or a description)")
        name_zh, aliases, age, quote = self.names_and_quote()
        if self.problems:
            return None
        if ("title", title) not in self.memo:
            self.memo["title", title] = (case_key_for(title), case_numbers_in(title))
        case_key, case_numbers = self.memo["title", title]
        context = " ".join((self.cell("notes"), self.cell("appeal_outcome")))
        if ("context", context) not in self.memo:
            self.memo["context", context] = citations_in(context)
        return SeedRow(
            line=self.record.line,
            row_id=row_id,
            case_title=title,
            case_key=case_key,
            case_numbers=case_numbers,
            citations=self.memo["context", context],
            court=self.cell("court"),
            defendants=defendants,
            law_codes=law_codes,
            charges=parsed.charges,
            outcome=outcome,
            plea=self.cell("plea"),
            verdict_text=self.cell("verdict"),
            sentence_text=self.cell("sentence"),
            sentence_months=months,
            appeal_text=self.cell("appeal_outcome"),
            conduct_summary=self.cell("conduct_summary"),
            violence_alleged=self.cell("violence_alleged"),
            first_pass_label=self.cell("first_pass_label"),
            notes=self.cell("notes"),
            events=events,
            sources=sources,
            warnings=tuple(self.warnings),
            name_zh=name_zh,
            aliases=aliases,
            age=age,
            source_quote=quote,
            minor_at_arrest=self.cell("minor_at_arrest").casefold() in ("yes", "possibly"),
        )

    def names_and_quote(self) -> tuple[str, tuple[str, ...], int | None, str]:
        """The optional columns: Chinese name, aliases, age at arrest and source quote."""
        name_zh = self.cell("chinese_name")
        if name_zh and not _HAN.search(name_zh):
            self.problem("chinese_name", "Chinese characters (or an empty cell)")
        aliases = tuple(a for a in _ALIAS_SEPARATOR.split(self.cell("aliases")) if a)
        age: int | None = None
        if self.cell("age"):
            if _AGE.fullmatch(self.cell("age")):
                age = int(self.cell("age"))
            else:
                self.problem("age", "a whole number of years (the age at arrest)")
        if self.cell("minor_at_arrest").casefold() not in ("", *MINOR_VALUES):
            self.problem("minor_at_arrest", "yes, possibly, no or an empty cell")
        quote = self.cell("source_quote")
        if len(quote) > MAX_QUOTE_CHARS:
            self.problem("source_quote", f"a short quote (at most {MAX_QUOTE_CHARS} characters)")
        return name_zh, aliases, age, quote


class SeedReader:
    """The rows of a seed CSV file, parsed and validated one by one in constant memory.

    Iterating yields each valid `SeedRow`; the problems found on the way (every one, with line
    and column) are in `problems` once the iteration is over.

    Args:
        path: the CSV file.
        book: the jurisdiction's laws, to resolve the ``law`` and ``charge`` columns.
        progress: called as ``progress(done, total)`` while rows are parsed (``total`` counts
            the file's lines, an upper bound on its records).
        row_ids: called as ``row_ids(row_id, line)`` for every record, valid or not, by a
            caller that checks row ids are unique itself (`FileLedger`); without it the reader
            checks, holding every row id in memory.

    Raises:
        ImportFailed: (on creation) a file that cannot be read or has a wrong header.
    """

    def __init__(
        self,
        path: Path,
        book: LawBook,
        progress: Callable[[int, int], None] | None = None,
        row_ids: Callable[[str, int], None] | None = None,
    ) -> None:
        self.path = path
        self.book = book
        self.progress = progress
        self.row_ids = row_ids
        self.csv = CsvReader(path, SEED_COLUMNS, OPTIONAL_COLUMNS)
        self.problems: list[ImportProblem] = []
        self.rows = 0

    def __iter__(self) -> Iterator[SeedRow]:
        name = self.path.name
        seen: dict[str, int] = {}
        memo: dict[Any, Any] = {}
        charges = ChargeParser(self.book)
        total = max(count_lines(self.path) - 1, 1) if self.progress else 0
        for done, record in enumerate(self.csv, start=1):
            parser = _RowParser(name, record, self.book, memo, charges)
            row = parser.parse()
            self.problems.extend(parser.problems)
            row_id = record.values.get("row_id", "").strip()
            if self.row_ids is not None:
                self.row_ids(row_id, record.line)
            elif row_id in seen:
                self.problems.append(
                    ImportProblem(
                        name, record.line, "row_id", row_id,
                        f"a unique row id (also on line {seen[row_id]})",
                    )
                )  # fmt: skip
            elif row_id:
                seen[row_id] = record.line
            if row is not None:
                self.rows += 1
                yield row
            if len(memo) > MEMO_LIMIT:
                # Cells repeat mostly among nearby rows (a case's rows): a fresh start keeps
                # most of the gain in bounded memory.
                memo.clear()
            charges.forget(MEMO_LIMIT)
            if self.progress is not None and done % 500 == 0:
                self.progress(done, max(total, done))
        self.problems = [*self.csv.problems, *self.problems]
        if self.progress is not None:
            self.progress(self.csv.records, self.csv.records)


def parse_seed_file(
    path: Path, book: LawBook, progress: Callable[[int, int], None] | None = None
) -> list[SeedRow]:
    """Read and validate a (small) seed CSV file whole; see `SeedReader` for large ones.

    Returns:
        One `SeedRow` per record.

    Raises:
        ImportFailed: listing every problem found in the file, with line and column.
    """
    reader = SeedReader(path, book, progress)
    rows = list(reader)
    if reader.problems:
        raise ImportFailed(sorted(reader.problems, key=lambda p: p.line))
    return rows
