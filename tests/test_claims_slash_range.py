"""Slash ratios ("66/78") and ranges of percents ("80-90%"): what is found, what is not, and
how each is checked against the numbers around it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from nsdocket.claims import (
    Claim,
    Kind,
    Qualifier,
    Verdict,
    check_claim,
    check_restatement,
    check_text,
    extract_claims,
    feasible_numerators,
    percent_range,
)


def found(text: str) -> list[tuple[str, str, Decimal, Decimal | None]]:
    return [(c.text, c.kind.value, Decimal(c.value), c.upper) for c in extract_claims(text)]


# (text, the slash ratio's span, numerator, denominator)
SLASH_RATIOS = [
    ("66/78 concluded cases involved expression.", "66/78", 66, 78),
    ("In 66/78 (84.6%) there was no violence.", "66/78", 66, 78),
    ("Defendants were convicted in 189/332.", "189/332", 189, 332),
    ("The court convicted 45/47 defendants.", "45/47", 45, 47),
    ("In 7/20 cases the defendants were students.", "7/20", 7, 20),  # date-shaped, but counts
    ("1,950/2,000 applications were refused.", "1,950/2,000", 1950, 2000),  # year-shaped
    ("The 50/50 defendants all pleaded guilty.", "50/50", 50, 50),
    ("警方數據顯示，189/332宗案件已定罪。", "189/332宗", 189, 332),
    ("７８宗案件中有６６／７８宗涉及言論。", "６６／７８宗", 66, 78),  # full-width slash
    ("在66/78（84.6%）的案件中沒有暴力。", "66/78", 66, 78),
]


@pytest.mark.parametrize(("text", "span", "numerator", "denominator"), SLASH_RATIOS)
def test_slash_ratios(text: str, span: str, numerator: int, denominator: int) -> None:
    (ratio,) = [c for c in extract_claims(text) if c.kind is Kind.RATIO]
    assert (ratio.text, ratio.numerator, ratio.denominator) == (span, numerator, denominator)
    assert ratio.value == numerator and ratio.pattern == "ratio_slash"
    assert text[ratio.start : ratio.end] == ratio.text


# Slashes that are not count ratios: nothing with a slash may be found in these.
NOT_SLASH_RATIOS = [
    # case numbers, with the court prefixes of nsdocket.extract, lists and "No."
    "The case HCCC 69/2022 was heard with DCCC 927/2020.",
    "Appeals CACC 1/2023, FACC 4/2024 and HCMA 123/2021 were dismissed.",
    "Magistrates heard ESCC 1234/2021, KCCC 88/2022 and WKCC 1234/2021.",
    "The charges in HCCC 69 and 70/2022 were joined.",
    "HCCC No. 69/2022 and CACC 1/23 and Case No. 12/40.",
    "立場新聞案（DCCC 927/2020）及HCCC 69/2022。",
    # dates
    "He was arrested on 1/7/2020 and again in 7/2020.",
    "The hearing is on 30/6; the appeal on 12/25.",
    "Since 6/99, nothing changed.",
    "七一（1/7）遊行取消。",
    # citations
    "See [2021] HKCFI 2200 and (2021) 24 HKCFAR 417.",
    # URLs and paths
    "Source: https://www.judiciary.hk/en/66/78 and www.example.org/reports/189/332.",
    "Download ?id=66/78 or data/66/78.csv.",
    # years as denominators, with no count after them
    "Figures for 1950/2000 and 2020/21 were revised.",
    # round-the-clock, scores, odds, fractions of a sentence
    "The hotline runs 24/7.",
    "The film scored 3/5 stars and 7/10 from critics.",
    "Only 50/50 odds were given for bail.",
    "She served 2/3 of her sentence.",
    "The 9/11 attacks changed the law elsewhere.",
    "The motion passed 6/7 in favour.",
    # leading zeros and a part larger than its whole
    "Form 05/120 and 120/05 and 90/78.",
]


@pytest.mark.parametrize("text", NOT_SLASH_RATIOS)
def test_slashes_that_are_not_count_ratios(text: str) -> None:
    with_slash = [c.text for c in extract_claims(text) if "/" in c.text or "／" in c.text]
    assert with_slash == []
    assert not [c for c in extract_claims(text) if c.pattern == "ratio_slash"]


def test_a_slash_ratio_is_checked_against_its_bracketed_percent() -> None:
    summary = [
        (t.kind, t.claim.text, t.check.verdict.value)
        for t in check_text("In 66/78 (84.6%) concluded cases there was no violence.")
    ]
    assert summary == [("ratio", "66/78", "consistent"), ("share", "84.6%", "consistent")]
    (ratio, _) = check_text("In 66/78 (86%) concluded cases there was no violence.")
    assert ratio.check.verdict is Verdict.INCONSISTENT
    assert ratio.check.reason == "66/78 is 84.615%, which does not round to 86%."


def test_a_slash_ratio_is_a_candidate_denominator() -> None:
    (share,) = [
        t
        for t in check_text("Of the concluded cases, 189/332 ended in conviction; 84.6% of them")
        if t.kind == "share"
    ]
    assert share.link is not None and share.link.denominator == 332


# (text, span, lower, upper, qualifier)
RANGES = [
    ("80-90% of the defendants", "80-90%", "80", "90", Qualifier.NONE),
    ("80%-90% of the defendants", "80%-90%", "80", "90", Qualifier.NONE),
    ("80–90 per cent of cases", "80–90 per cent", "80", "90", Qualifier.NONE),
    ("80 to 90 per cent of cases", "80 to 90 per cent", "80", "90", Qualifier.NONE),
    ("between 80% and 90% of cases", "between 80% and 90%", "80", "90", Qualifier.NONE),
    ("Between 80 and 90 percent", "Between 80 and 90 percent", "80", "90", Qualifier.NONE),
    ("about 60 to 70 per cent", "about 60 to 70 per cent", "60", "70", Qualifier.ABOUT),
    ("some 84.5-85.5% of them", "some 84.5-85.5%", "84.5", "85.5", Qualifier.ABOUT),
    ("百分之八十至九十的被告", "百分之八十至九十", "80", "90", Qualifier.NONE),
    ("百分之八十至百分之九十", "百分之八十至百分之九十", "80", "90", Qualifier.NONE),
    ("百分之80到90", "百分之80到90", "80", "90", Qualifier.NONE),
    ("約80%至90%的被告", "約80%至90%", "80", "90", Qualifier.ABOUT),
    ("８０％－９０％", "８０％－９０％", "80", "90", Qualifier.NONE),
    ("八至九成被告", "八至九成", "80", "90", Qualifier.NONE),
    ("八成至九成被告", "八成至九成", "80", "90", Qualifier.NONE),
    ("近七八成被告", "近七八成", "70", "80", Qualifier.ALMOST),
]


@pytest.mark.parametrize(("text", "span", "low", "high", "qualifier"), RANGES)
def test_ranges(text: str, span: str, low: str, high: str, qualifier: Qualifier) -> None:
    (claim,) = [c for c in extract_claims(text) if c.kind is Kind.PERCENT]
    assert (claim.text, claim.value, claim.upper) == (span, Decimal(low), Decimal(high))
    assert claim.qualifier is qualifier
    assert claim.to_json()["upper"] == high


# Not ranges: a change from one level to another, a falling pair, a span of years, an age.
NOT_RANGES = [
    ("Turnout rose from 30% to 45%.", [("30%", "percent", Decimal(30), None)]),
    ("支持率由80%至90%。", [("80%", "percent", Decimal(80), None)]),
    ("Support fell 90-80%.", [("90", "count", Decimal(90), None)]),
    ("Between 2019 and 2021, 10,279 people were arrested.", [("10,279", "count", 10279, None)]),
    ("Those aged 18-25 were most often charged.", []),
]


@pytest.mark.parametrize(("text", "first"), NOT_RANGES)
def test_not_ranges(text: str, first: list[tuple[str, str, Decimal, None]]) -> None:
    claims = found(text)
    assert claims[:1] == first
    assert all(upper is None for *_, upper in claims)


def test_neighbouring_tenths_stop_at_nine() -> None:
    assert [c.upper for c in extract_claims("七八成被告")] == [Decimal(80)]
    assert all(c.upper is None for c in extract_claims("九十成人被捕。"))  # ninety adults


def test_a_range_is_the_hull_of_its_two_ends() -> None:
    assert percent_range(Decimal(80), upper=Decimal(90)).describe() == "[79.5%, 90.5%]"
    assert percent_range(Decimal(80), "about", upper=Decimal(90)).describe() == "[77.5%, 92.5%]"
    assert percent_range(Decimal(80), "over", upper=Decimal(90)).describe() == "> 80%"
    assert percent_range(Decimal(80), "nearly", upper=Decimal(90)).describe() == "[75%, 90%)"
    assert feasible_numerators(Decimal(80), 78, upper=Decimal(90)) == list(range(63, 71))
    assert feasible_numerators(Decimal(80), 4, upper=Decimal(90)) == []


def test_a_range_says_which_values_a_group_gives() -> None:
    check = check_claim(Claim("80-90% of 78", denominator=78, percent="80", percent_upper="90"))
    assert check.verdict is Verdict.CONSISTENT
    assert check.reason == ("80–90% of 78 is possible: 63/78 (80.769%) to 70/78 (89.744%) fit.")
    check = check_claim(Claim("80-90% of 4", denominator=4, percent="80", percent_upper="90"))
    assert check.verdict is Verdict.INCONSISTENT
    assert check.reason == (
        "80–90% cannot be a share of 4: the nearest possible values are 75% (3/4) and 100% (4/4)."
    )
    check = check_claim(Claim("80-90% of 189", denominator=189, percent="80", percent_upper="90"))
    assert check.reason.endswith("151/189 (79.894%) to 171/189 (90.476%) fit.")
    check = check_claim(Claim("7-8% of 13", denominator=13, percent="7", percent_upper="8"))
    assert check.reason == "7–8% of 13 is possible: 1/13 (7.692%) fits."
    falling = check_claim(Claim("90-80%", denominator=78, percent="90", percent_upper="80"))
    assert falling.verdict is Verdict.NOT_CHECKABLE


def test_ranges_in_a_text_are_checked_against_their_denominators() -> None:
    text = "Bail was refused to between 80% and 90% of the 78 defendants."
    (share,) = [t for t in check_text(text) if t.kind == "share"]
    assert share.link is not None and share.link.denominator == 78
    assert share.check.claim.percent_upper == "90"
    assert share.check.verdict is Verdict.CONSISTENT
    assert share.check.feasible_numerators == tuple(range(63, 71))
    (ratio, _) = check_text("Of the concluded cases, 66/78 (80-90%) involved expression.")
    assert ratio.check.verdict is Verdict.CONSISTENT
    assert ratio.check.reason == "66/78 is 84.615%, which is within 80–90%."
    text = "在4宗案件中，百分之八十至九十涉及言論。"
    (share,) = [t for t in check_text(text) if t.kind == "share"]
    assert share.check.verdict is Verdict.INCONSISTENT


def test_a_range_restates_a_precise_percent() -> None:
    agree = check_restatement(
        Claim("80-90%", percent="80", percent_upper="90"), Claim("84.6%", percent="84.6")
    )
    assert agree.verdict is Verdict.CONSISTENT
    assert agree.reason == "80–90% agrees with 84.6%: both can describe the same share."
    text = (
        "Between 60% and 70% of the 189 convictions were unjust. "
        "Amnesty put it at 84.6% of the 189 convictions."
    )
    (restatement,) = [t for t in check_text(text) if t.kind == "restatement"]
    assert restatement.check.verdict is Verdict.INCONSISTENT
