"""Charge text as the seed data writes it, parsed into offence references.

``incitement to secession (NSL art.21); terrorist activities (NSL art.24); alt. GBH by dangerous
driving`` becomes three charges: NSL:21, NSL:24 and an alternative CAP374:36A charge. The
original text of each part is kept. An explicit reference to a law or article that does not
exist is an error; wording that matches no known offence is kept with no offence and a warning.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from nsdocket.reference import LawBook, Offence

# An explicit reference: "NSL art.22(3)", "SNSO s.24", "Cap.200 s.10", "s.10(1)(c)",
# "ss.159A, 159C".
_PROVISION = r"\d+[A-Z]?(?:\(\d+\))*(?:\([a-z]\))*"
_REFERENCE = re.compile(
    rf"""(?P<law>NSL|SNSO|Cap\.?\s?\d+|Crimes\s+Ord\.?|[A-Z][A-Za-z]+\s+Ord\.?)?\s*
    (?P<kind>art\.?|arts\.?|article|ss?\.)\s*
    (?P<provisions>{_PROVISION}(?:\s*(?:,|and)\s*(?:s\.\s*)?{_PROVISION})*)""",
    re.VERBOSE,
)
_SPLIT_PROVISIONS = re.compile(_PROVISION)
_COUNT = re.compile(r"\bx\s?(\d+)\b")
_EXTRA = re.compile(r"\(\+\s*(?P<count>\d+)\s+(?P<what>[^()]+?)\s+counts?\s+charged\)", re.I)
_LEFT_ON_FILE = re.compile(r"left on file", re.I)
_NUMBER_WORD = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")
_LAW_SEPARATOR = re.compile(r"\s*[+/,]\s*")


@dataclass(frozen=True)
class ParsedCharge:
    """One charge from a charge cell."""

    text: str
    law_code: str | None
    offence: Offence | None
    inchoate: str
    count: int
    alternative: bool
    left_on_file: bool


@dataclass(frozen=True)
class ChargeParse:
    """The charges of one cell, with errors and warnings about it."""

    charges: tuple[ParsedCharge, ...]
    errors: tuple[str, ...]
    warnings: tuple[str, ...]


@functools.cache
def _separator_patterns(separators: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Patterns matching one separator, and one separator or parenthesis."""
    return re.compile(f"[{re.escape(separators)}]"), re.compile(f"[(){re.escape(separators)}]")


def _split_top_level(text: str, separators: str) -> list[str]:
    """Split at separators outside parentheses; parts stripped, empty parts dropped."""
    separator, separator_or_parenthesis = _separator_patterns(separators)
    if "(" not in text and ")" not in text:  # nothing nested: a plain split
        return [p.strip() for p in separator.split(text) if p.strip()]
    parts: list[str] = []
    depth = 0
    start = 0
    # Visit only the parentheses and separators, not every character.
    for found in separator_or_parenthesis.finditer(text):
        char = found.group()
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            parts.append(text[start : found.start()])
            start = found.end()
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _law_of_reference(book: LawBook, written: str | None, row_laws: tuple[str, ...]) -> str | None:
    if written:
        found = book.law_by_alias(written)
        return found.code if found else None
    # A bare "s.10(1)(b)": the ordinance among the row's laws (never the NSL, which has articles).
    ordinances = [code for code in row_laws if code not in ("NSL",)]
    return ordinances[0] if len(ordinances) == 1 else None


def _laws_in_force(book: LawBook, on_date: dt.date | None) -> tuple[str, ...]:
    return tuple(
        law.code
        for law in book.laws
        if on_date is None or law.in_force is None or law.in_force <= on_date.isoformat()
    )


def _resolve_part(
    part: str,
    book: LawBook,
    row_laws: tuple[str, ...],
    errors: list[str],
    warnings: list[str],
    in_force: tuple[str, ...],
) -> ParsedCharge:
    alternative = part.casefold().startswith("alt.")
    inchoate = "conspiracy" if "conspiracy" in part.casefold() else ""
    count_match = _COUNT.search(part)
    count = int(count_match.group(1)) if count_match else 1
    chosen: Offence | None = None
    law_code: str | None = None
    for ref in _REFERENCE.finditer(part):
        written = ref.group("law")
        code = _law_of_reference(book, written, row_laws)
        if written and code is None:
            errors.append(f"unknown law '{written.strip()}' in '{part}'")
            continue
        if code is None:
            continue
        for provision in _SPLIT_PROVISIONS.findall(ref.group("provisions")):
            if not book.provision_known(code, provision):
                errors.append(f"unknown provision {code} {provision} in '{part}'")
                continue
            found = book.offence(code, provision)
            if found is None:
                if provision.upper().startswith("159"):
                    inchoate = "conspiracy"
                continue
            if chosen is None:
                chosen, law_code = found, code
    if chosen is None:
        chosen = book.offence_by_words(part, row_laws) or book.offence_by_words(part, in_force)
        law_code = chosen.law_code if chosen else (row_laws[0] if len(row_laws) == 1 else None)
        if chosen is None:
            warnings.append(f"no known offence matches '{part}'")
    return ParsedCharge(
        text=part,
        law_code=law_code,
        offence=chosen,
        inchoate=inchoate,
        count=count,
        alternative=alternative,
        left_on_file=False,
    )


def parse_row_laws(text: str, book: LawBook) -> tuple[tuple[str, ...], list[str]]:
    """Resolve the ``law`` column (``NSL + Cap.455``) to law codes; return codes and errors."""
    codes: list[str] = []
    errors: list[str] = []
    for piece in _LAW_SEPARATOR.split(text.strip()):
        if not piece:
            continue
        found = book.law_by_alias(piece)
        if found is None:
            known = ", ".join(law.code for law in book.laws)
            errors.append(f"unknown law '{piece}' (known: {known})")
        elif found.code not in codes:
            codes.append(found.code)
    return tuple(codes), errors


class ChargeParser:
    """Parses charge cells against one law book, resolving each distinct part once.

    A file repeats a few hundred charge parts across thousands of cells; a part's result
    depends only on its text, the row's laws and the laws in force, so it is kept.
    """

    def __init__(self, book: LawBook) -> None:
        self.book = book
        self._in_force: dict[dt.date | None, tuple[str, ...]] = {}
        self._cells: dict[tuple[str, tuple[str, ...], tuple[str, ...]], ChargeParse] = {}
        self._parts: dict[tuple[str, tuple[str, ...], tuple[str, ...]], ChargeParse] = {}

    def forget(self, limit: int) -> None:
        """Drop the remembered cells and parts once there are more than ``limit`` of them, so
        that a file of millions of different cells does not fill memory."""
        if len(self._cells) + len(self._parts) > limit:
            self._cells.clear()
            self._parts.clear()

    def parse(
        self, text: str, row_laws: tuple[str, ...], on_date: dt.date | None = None
    ) -> ChargeParse:
        """Parse a charge cell into charges (see `parse_charges`)."""
        if on_date not in self._in_force:
            self._in_force[on_date] = _laws_in_force(self.book, on_date)
        in_force = self._in_force[on_date]
        key = (text, row_laws, in_force)
        if key not in self._cells:
            self._cells[key] = self._parse(text, row_laws, in_force)
        return self._cells[key]

    def _parse(
        self, text: str, row_laws: tuple[str, ...], in_force: tuple[str, ...]
    ) -> ChargeParse:
        errors: list[str] = []
        warnings: list[str] = []
        charges: list[ParsedCharge] = []

        def resolve(piece: str) -> ParsedCharge:
            key = (piece, row_laws, in_force)
            if key not in self._parts:
                part_errors: list[str] = []
                part_warnings: list[str] = []
                parsed = _resolve_part(
                    piece, self.book, row_laws, part_errors, part_warnings, in_force
                )
                self._parts[key] = ChargeParse((parsed,), tuple(part_errors), tuple(part_warnings))
            found = self._parts[key]
            errors.extend(found.errors)
            warnings.extend(found.warnings)
            return found.charges[0]

        for part in _split_top_level(text, ";"):
            extra = _EXTRA.search(part)
            if extra:
                part = (part[: extra.start()] + part[extra.end() :]).strip()
            if part.startswith("(") and part.endswith(")") and _LEFT_ON_FILE.search(part):
                inner = _LEFT_ON_FILE.sub("", part[1:-1]).strip()
                for piece in _split_top_level(inner, "+"):
                    piece = _NUMBER_WORD.sub("", piece).strip()
                    charges.append(_with(resolve(piece), left_on_file=True))
                continue
            for piece in _split_top_level(part, "+"):
                charges.append(resolve(piece))
            if extra:
                parsed = resolve(extra.group("what"))
                charges.append(_with(parsed, count=int(extra.group("count"))))
        return ChargeParse(tuple(charges), tuple(errors), tuple(warnings))


def parse_charges(
    text: str, book: LawBook, row_laws: tuple[str, ...], on_date: dt.date | None = None
) -> ChargeParse:
    """Parse a charge cell into charges.

    Args:
        text: the cell, e.g. ``"secession (NSL art.20); money laundering"``.
        book: the jurisdiction's laws.
        row_laws: law codes from the row's ``law`` column, used for wording without a reference.
        on_date: when the conduct was charged (or arrested); wording that names none of the
            row's laws is matched only against laws in force by then.

    To parse many cells, use one `ChargeParser`, which parses each distinct part once.
    """
    return ChargeParser(book).parse(text, row_laws, on_date)


def _with(charge: ParsedCharge, **changes: object) -> ParsedCharge:
    values = {**charge.__dict__, **changes}
    return ParsedCharge(**values)
