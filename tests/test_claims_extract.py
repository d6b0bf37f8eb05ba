"""Extracting numeric claims from text: forms, skips, Chinese, linking, spans on any text."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nsdocket.claims import Kind, Qualifier, check_text, extract_claims, split_sentences
from nsdocket.claims.number_words import parse_chinese_number, parse_english_number
from nsdocket.claims.patterns import normalise


def found(text: str) -> list[tuple[str, str, Decimal]]:
    return [(c.text, c.kind.value, Decimal(c.value)) for c in extract_claims(text)]


# (text, [(span text, kind, value)])
FORMS = [
    ("84.6% of cases", [("84.6%", "percent", Decimal("84.6"))]),
    ("over 80 per cent of them", [("over 80 per cent", "percent", Decimal(80))]),
    ("eighty-five percent agreed", [("eighty-five percent", "percent", Decimal(85))]),
    ("332 arrests", [("332", "count", Decimal(332))]),
    ("at least 66 of 78 cases", [("at least 66 of 78", "ratio", Decimal(66))]),
    ("sixty-six out of seventy-eight", [("sixty-six out of seventy-eight", "ratio", Decimal(66))]),
    ("108 of the 127 cases", [("108 of the 127", "ratio", Decimal(108))]),
    ("two-thirds of them", [("two-thirds", "percent", Decimal("66.7"))]),
    ("a third of the accused", [("a third", "percent", Decimal("33.3"))]),
    ("one in five", [("one in five", "ratio", Decimal(1))]),
    ("a majority of voters", [("a majority", "percent", Decimal(50))]),
    ("one hundred and twelve people", [("one hundred and twelve", "count", Decimal(112))]),
    ("1.2 million people", [("1.2 million", "count", Decimal(1_200_000))]),
    ("百分之八十四點六", [("百分之八十四點六", "percent", Decimal("84.6"))]),
    ("百分之84.6", [("百分之84.6", "percent", Decimal("84.6"))]),
    ("８４．６％的個案", [("８４．６％", "percent", Decimal("84.6"))]),
    ("共有84.6%的人", [("84.6%", "percent", Decimal("84.6"))]),
    ("332 人被捕", [("332 人", "count", Decimal(332))]),
    ("189名被告", [("189名", "count", Decimal(189))]),
    ("逾1.2萬人", [("逾1.2萬人", "count", Decimal(12_000))]),
    ("八成半", [("八成半", "percent", Decimal(85))]),
    ("80%以上的被告", [("80%以上", "percent", Decimal(80))]),
]


@pytest.mark.parametrize(("text", "expected"), FORMS)
def test_forms(text: str, expected: list[tuple[str, str, Decimal]]) -> None:
    assert found(text) == expected


# Numbers that are not statistics.
NEGATIVES = [
    "The law took effect in 2020.",
    "Protests in 2019-20 were followed by arrests in 2020–2021.",
    "It was passed on 30 June 2020 and on June 30, 2025 it was five years old.",
    "Filed 2025-06-30, amended 1/7/2025.",
    "He was charged under article 23 and arts. 20-22, and refused bail under art. 42(2).",
    "Section 9 of Cap. 200 and s. 10 were repealed.",
    "The case HCCC 69/2022 and the ruling [2024] HKCFI 1234.",
    "A man aged 26 and a 17-year-old girl were held for 11 months.",
    "A fine of HK$500 and bail of US$1 million.",
    "Support fell 5 percentage points at 10:30 am.",
    "國安法第23條於2020年6月30日生效，三年後修訂。",
    "The COVID-19 rules and the G20 summit.",
    "the third defendant and a half-brother",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_not_statistics(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("at least 66", Qualifier.AT_LEAST),
        ("more than 80%", Qualifier.MORE_THAN),
        ("Over 80%", Qualifier.MORE_THAN),
        ("almost 90%", Qualifier.ALMOST),
        ("nearly 90%", Qualifier.ALMOST),
        ("about 85%", Qualifier.ABOUT),
        ("around 85%", Qualifier.ABOUT),
        ("fewer than 20", Qualifier.FEWER_THAN),
        ("less than 5%", Qualifier.FEWER_THAN),
        ("under 5%", Qualifier.FEWER_THAN),
        ("up to 40%", Qualifier.UP_TO),
        ("84.6%", Qualifier.NONE),
        ("逾八成", Qualifier.MORE_THAN),
        ("超過百分之九十", Qualifier.MORE_THAN),
        ("至少66人", Qualifier.AT_LEAST),
        ("近九成", Qualifier.ALMOST),
        ("約百分之85", Qualifier.ABOUT),
        ("80%左右", Qualifier.ABOUT),
    ],
)
def test_qualifiers(text: str, qualifier: Qualifier) -> None:
    (claim,) = extract_claims(text)
    assert claim.text == text
    assert claim.qualifier is qualifier


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("八十四點六", Decimal("84.6")),
        ("三百三十二", Decimal(332)),
        ("一百八十九", Decimal(189)),
        ("一百零五", Decimal(105)),
        ("十二", Decimal(12)),
        ("兩萬", Decimal(20_000)),
        ("1.2萬", Decimal(12_000)),
        ("二零二四", Decimal(2024)),
    ],
)
def test_chinese_numerals(text: str, value: Decimal) -> None:
    assert parse_chinese_number(text) == value


def test_english_number_words() -> None:
    assert parse_english_number("sixty-six") == 66
    assert parse_english_number("One hundred and twelve") == 112
    assert parse_english_number("two thousand three hundred") == 2300
    assert parse_english_number("sixty-six cats") is None


def test_normalise_keeps_offsets() -> None:
    text = "調查發現８４．６％的受訪者"
    assert len(normalise(text)) == len(text)
    assert normalise(text) == "調查發現84.6%的受訪者"


def test_nouns_and_precision() -> None:
    claims = extract_claims(
        "Of 332 arrests, 189 led to convictions and 255 individuals were named."
    )
    assert [(c.value, c.noun) for c in claims] == [
        (332, "arrests"),
        (189, "convictions"),
        (255, "individuals"),
    ]
    (percent,) = extract_claims("It was 85.0%.")
    assert percent.decimals == 1 and str(percent.value) == "85.0"
    (word,) = extract_claims("two-thirds of them")
    assert word.fraction == Fraction(2, 3) and word.decimals is None


def test_split_sentences_knows_abbreviations_and_paragraphs() -> None:
    text = "Under art. 42 bail is rare. Mr. Lee was held.\n\n他被捕。其後獲釋"
    parts = [(text[s.start : s.end], s.paragraph) for s in split_sentences(text)]
    assert parts == [
        ("Under art. 42 bail is rare.", 0),
        ("Mr. Lee was held.", 0),
        ("他被捕。", 1),
        ("其後獲釋", 1),
    ]


# (text, percent text, attached denominator, scope of the attached candidate)
LINKS = [
    ("Amnesty said 84.6% of the 189 convictions were unjust.", "84.6%", 189, "sentence"),
    ("Of the 189 people convicted, 84.6% were peaceful.", "84.6%", 189, "sentence"),
    ("189 people were convicted. Of them, 84.6% were peaceful.", "84.6%", 189, "paragraph"),
    (
        "Of 78 cases, at least 66 were peaceful (84.6%). Police made 332 arrests.",
        "84.6%",
        78,
        "sentence",
    ),
    ("In 66 of 78 cases (84.6%) there was no violence.", "84.6%", 78, "sentence"),
    ("在189宗定罪個案中，84.6%涉及言論。", "84.6%", 189, "sentence"),
    (
        "Over 80% of convictions were unjust.\n\nThere were 332 arrests. 189 led to convictions.",
        "Over 80%",
        189,
        "document",
    ),
]


@pytest.mark.parametrize(("text", "percent", "denominator", "scope"), LINKS)
def test_linking(text: str, percent: str, denominator: int, scope: str) -> None:
    (claim,) = [c for c in extract_claims(text) if c.text == percent]
    assert claim.attached is not None, claim.candidates
    assert (claim.attached.denominator, claim.attached.scope) == (denominator, scope)
    assert claim.link_reason


def test_candidates_are_ordered_by_scope() -> None:
    text = "Police made 332 arrests.\n\nOf 78 cases, 84.6% were peaceful; 189 were convicted."
    (percent,) = [c for c in extract_claims(text) if c.kind is Kind.PERCENT]
    assert [(c.denominator, c.scope) for c in percent.candidates] == [
        (78, "sentence"),
        (189, "sentence"),
        (332, "document"),
    ]


def test_bracketed_percent_gets_its_numerator() -> None:
    text = "Of the 78 concluded cases, at least 66 involved expression (84.6%)."
    (check,) = [t for t in check_text(text) if t.kind == "share"]
    assert check.link is not None and (check.link.numerator, check.link.denominator) == (66, 78)
    assert check.check.verdict.value == "consistent"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_spans_on_arbitrary_text(text: str) -> None:
    for claim in extract_claims(text):
        assert text[claim.start : claim.end] == claim.text
    check_text(text)


CHARS = "0123456789 .,%-/:()（）年月日人名宗成分之百十八四點六逾近約中，。\n８４．％"
WORDS = ["one", "sixty", "-six", "hundred", " and ", "of the ", "per cent", "half", "thirds"]
MORE_WORDS = ["majority", "HCCC ", "article ", "aged ", "2020", " in ", "over ", "at least "]
pieces = st.sampled_from([*CHARS, *WORDS, *MORE_WORDS])


@settings(max_examples=500, deadline=None)
@given(st.lists(pieces, max_size=40).map("".join))
def test_spans_on_number_soup(text: str) -> None:
    claims = extract_claims(text)
    for claim in claims:
        assert text[claim.start : claim.end] == claim.text
        assert claim.start < claim.end
    assert [c.start for c in claims] == sorted(c.start for c in claims)
    for first, second in pairwise(claims):
        assert first.end <= second.start
