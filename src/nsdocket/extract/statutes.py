"""References to laws and their provisions: ``article 21 of the National Security Law``."""

from __future__ import annotations

import re
from functools import lru_cache

from nsdocket.extract.numbers import parse_chinese_number
from nsdocket.extract.patterns.statutes import LAW_PARSE, PROVISION_PARSE, STATUTE
from nsdocket.extract.spans import Span, span_of
from nsdocket.reference import LawBook, load_lawbook

#: A range of provisions wider than this is kept as its two ends.
MAX_RANGE = 20
_LEADING_NUMBER = re.compile(r"\d+")


@lru_cache(maxsize=1)
def _lawbook() -> LawBook:
    return load_lawbook("hk")


def _law_code(law_text: str) -> str | None:
    """The code of the law named in ``law_text``; an explicit chapter number wins."""
    named: str | None = None
    for match in LAW_PARSE.finditer(law_text):
        chapter = match["cap"] or match["zh_cap"]
        if chapter:
            return f"CAP{chapter.upper()}"
        code = match.lastgroup
        if code and named is None:
            named = code.removeprefix("ZH_")
    return named


def _provision(raw: str) -> str:
    """Normalise one provision: ``二十三`` -> ``23``, ``０２１`` -> ``21``, ``10(1)(b)`` as is."""
    raw = raw.strip()
    digits = raw.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    if digits and not digits[0].isdigit():
        value = parse_chinese_number(digits)
        if value is not None:
            return f"{value}{raw[len(digits) :]}"
    if raw[:1].isdigit():
        number = _LEADING_NUMBER.match(raw)
        if number:  # drop leading zeros and fold full-width digits: "０２１" -> "21"
            return f"{int(number.group())}{raw[number.end() :]}"
    return raw


def _provisions(text: str) -> list[str]:
    found: list[str] = []
    for match in PROVISION_PARSE.finditer(text):
        if match["single"]:
            items = [_provision(match["single"])]
        else:
            first, last = _provision(match["first"]), _provision(match["last"])
            if first.isdigit() and last.isdigit() and 0 < int(last) - int(first) <= MAX_RANGE:
                items = [str(n) for n in range(int(first), int(last) + 1)]
            else:
                items = [first, last]
        found.extend(item for item in items if item not in found)
    return found


@lru_cache(maxsize=1)
def _law_codes() -> frozenset[str]:
    return frozenset(law.code for law in _lawbook().laws)


def _offences(code: str, provisions: list[str]) -> list[str]:
    if not provisions or code not in _law_codes():
        return []
    book = _lawbook()
    keys: list[str] = []
    for provision in provisions:
        offence = book.offence(code, provision)
        if offence is not None and offence.key not in keys:
            keys.append(offence.key)
    return keys


@lru_cache(maxsize=4096)
def _resolve(
    law_text: str, provisions_text: str
) -> tuple[str, tuple[str, ...], tuple[str, ...]] | None:
    """Law code, provisions and offence keys; cached, as judgments repeat their references."""
    code = _law_code(law_text)
    if code is None:
        return None
    provisions = _provisions(provisions_text)
    return code, tuple(provisions), tuple(_offences(code, provisions))


def _parts(text: str, match: re.Match[str]) -> tuple[str, str]:
    """The law and the provisions parts of a match of `STATUTE`.

    A part that starts the match has no group of its own (the pattern's first character is
    outside every group, see `nsdocket.extract.patterns`), so an empty marker group gives its end.
    """
    start = match.start()
    if match["provs_end"] is not None:  # provisions first: "article 21 of the NSL"
        return match["law_after"], text[start : match.start("provs_end")]
    end = match.start("law_end") if match["law_end"] is not None else match.start("zh_law_end")
    return text[start:end], match["provs_after"] or match["zh_provs"] or ""


def find_statutes(text: str) -> list[Span]:
    """Find references to the NSL, the SNSO, ordinances by name or chapter, and their provisions.

    English: ``article 21 of the National Security Law``, ``NSL art. 24``, ``Articles 20 and
    21 of the NSL``, ``section 10(1)(b) of the Crimes Ordinance``, ``ss 9 and 10 of Cap. 200``,
    ``s 24 SNSO``, ``section 17A of the Public Order Ordinance (Cap 245)``, a bare ``Cap. 455``.
    Chinese: ``《國安法》第22條``, ``《香港國安法》第二十三條``, ``《維護國家安全條例》第24條``.
    A provision with no law named ("Article 21" alone) is not a reference: which law is unknown.

    Args:
        text: any text.

    Returns:
        Spans of kind ``statute``, sorted by start. Fields: ``law`` (``NSL``, ``SNSO``, ``BL``
        for the Basic Law, ``CAP200`` ..., ``CAP<n>`` for any chapter), ``provisions`` (as
        written but normalised: ``["10(1)(b)"]``, ``["23"]`` for ``第二十三條``; empty for a bare
        mention of a law) and ``offences``: the keys (``"NSL:21"``) of the offences those
        provisions create, per `nsdocket.reference`; provisions that are not offences
        (``s 9`` of Cap. 200 defines seditious intention) resolve to nothing.
    """
    spans = []
    for match in STATUTE.finditer(text):
        resolved = _resolve(*_parts(text, match))
        if resolved is None:  # cannot happen for text the pattern matched; kept as a guard
            continue
        code, provisions, offences = resolved
        spans.append(
            span_of(
                "statute",
                match,
                {
                    "law": code,
                    "provisions": list(provisions),
                    "offences": list(offences),
                },
            )
        )
    return spans
