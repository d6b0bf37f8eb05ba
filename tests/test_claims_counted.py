"""Ranges of counts, vague quantities, numbers that are not claims, and what each claim counts.

The sentences are written for these tests in the style of news and NGO reports.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from nsdocket.claims import Kind, Qualifier, extract_claims


def fields(text: str) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(c.text, c.unit, c.stage, c.law) for c in extract_claims(text)]


# (text, span, low, high, qualifier)
RANGES = [
    ("Police said 20 to 30 protesters were detained.", "20 to 30", 20, 30, Qualifier.NONE),
    ("Between 40 and 60 people were taken away.", "Between 40 and 60", 40, 60, Qualifier.NONE),
    ("Some 1,500-1,800 were arrested.", "Some 1,500-1,800", 1500, 1800, Qualifier.ABOUT),
    ("警方拘捕約10至15人。", "約10至15人", 10, 15, Qualifier.ABOUT),
    ("現場有數十至上百名市民。", "數十至上百名", 10, 100, Qualifier.NONE),
    ("約二、三十人被帶走。", "約二、三十人", 20, 30, Qualifier.ABOUT),
]


@pytest.mark.parametrize(("text", "span", "low", "high", "qualifier"), RANGES)
def test_ranges_of_counts(text: str, span: str, low: int, high: int, qualifier: Qualifier) -> None:
    (claim,) = extract_claims(text)
    assert (claim.text, claim.kind, claim.value, claim.upper) == (
        span,
        Kind.RANGE,
        low,
        Decimal(high),
    )
    assert claim.qualifier is qualifier


NOT_RANGES = [
    "Those arrested were aged from 16 to 71.",
    "A verdict is expected in two to three months.",
    "被捕者年齡介乎15至80歲。",
    "審訊將延遲約2至3周。",
    "The hearings ran from 2021 to 2023.",
    "Support rose from 30 to 45 in a year.",
]


@pytest.mark.parametrize("text", NOT_RANGES)
def test_spans_that_are_not_ranges_of_counts(text: str) -> None:
    assert [c for c in extract_claims(text) if c.kind is Kind.RANGE] == []


# (text, span, value, qualifier)
VAGUE = [
    ("Dozens of activists fled.", "Dozens", 12, Qualifier.MORE_THAN),
    ("hundreds of residents gathered", "hundreds", 100, Qualifier.MORE_THAN),
    ("tens of thousands marched", "tens of thousands", 10_000, Qualifier.MORE_THAN),
    ("at least hundreds of people", "at least hundreds", 100, Qualifier.AT_LEAST),
    ("警方拘捕數十人", "數十人", 10, Qualifier.MORE_THAN),
    ("逾萬人被捕", "逾萬人", 10_000, Qualifier.MORE_THAN),
    ("過萬名市民", "過萬名", 10_000, Qualifier.MORE_THAN),
    ("有二百多人被拘捕", "二百多人", 200, Qualifier.MORE_THAN),
    ("逾3千人", "逾3千人", 3_000, Qualifier.MORE_THAN),
    ("數以百計的示威者", "數以百計", 100, Qualifier.MORE_THAN),
    ("共1万零200多人被捕", "1万零200多人", 10_200, Qualifier.MORE_THAN),
    ("不少於30人", "不少於30人", 30, Qualifier.AT_LEAST),
]


@pytest.mark.parametrize(("text", "span", "value", "qualifier"), VAGUE)
def test_vague_quantities(text: str, span: str, value: int, qualifier: Qualifier) -> None:
    (claim,) = extract_claims(text)
    assert (claim.text, claim.kind, claim.value, claim.qualifier) == (
        span,
        Kind.COUNT,
        value,
        qualifier,
    )


NOT_CLAIMS = [
    "Members of the Hong Kong 47 are still in prison.",
    "The Stand News 7, as they were known, appeared in court.",
    "「612 人道支援基金」已停運。",
    "記者在大廈17樓拍攝,報告共82頁。",
    "節目《國安法事件簿2》下周播出。",
    "The charges were: (1) sedition and (2) subversion.",
    "See LC Paper No. CB(2) 1234/19-20.",
    "熱線 63-666-999 接受舉報。",
    "Joshua Lam Ka-ho, 26, and Mary Wong, 31, were questioned.",
    "The judge, 58, adjourned the case.",
    "Tong Ying-kit (24) was refused bail.",
    "今日(15)是國家安全教育日。",
    "警方下午3時半到場,晚上9點離開。",
    "被告於2020年6月30的晚上被捕。",
    "警方拘捕一名22歲男子。",
    "平均每 3 天拘捕 1 名人士。",
    "立法會就基本法23條立法。",
    "The decision is reported at [2021] 3 HKLRD 12.",
    "保釋金1萬元,另須繳交港幣5000。",
    "據香港01報道[1],案件押後。",
    "「612人道支援基金」及612人道支援基金的帳目",
    "政府就23條立法諮詢公眾。",
    "Protests on 6-7 July ended peacefully.",
]


@pytest.mark.parametrize("text", NOT_CLAIMS)
def test_numbers_that_are_not_claims(text: str) -> None:
    assert [c.text for c in extract_claims(text)] == []


def test_a_count_of_one_in_words_is_kept_when_joined_or_a_charge() -> None:
    assert [c.value for c in extract_claims("Police arrested four men and one woman.")] == [4, 1]
    assert [c.value for c in extract_claims("一名董事及兩名職員被捕。")] == [1, 2]
    (charge,) = extract_claims("He was charged with one count of sedition.")
    assert (charge.value, charge.unit, charge.stage, charge.law) == (
        1,
        "charges",
        "charged",
        "sedition",
    )
    assert extract_claims("The organisers spoke to one reporter.") == []
    assert extract_claims("One of the 12 organisers spoke.")[0].kind is Kind.RATIO


def test_qualifiers_are_recorded_one_way() -> None:
    recorded = [c.qualifier for c in extract_claims("over 40, nearly 50 and around 60 people")]
    assert recorded == [Qualifier.MORE_THAN, Qualifier.ALMOST, Qualifier.ABOUT]
    (at_most,) = extract_claims("被捕人數不超過250人")
    assert at_most.qualifier is Qualifier.AT_MOST


def test_chinese_ratio_only_when_compact() -> None:
    (ratio,) = extract_claims("47名被告中16人不認罪")
    assert (ratio.kind, ratio.numerator, ratio.denominator) == (Kind.RATIO, 16, 47)
    split = extract_claims("在120名被捕人士之中,有至少30人被起訴")
    assert [c.kind for c in split] == [Kind.COUNT, Kind.COUNT]


def test_english_counts_with_their_stage_unit_and_law() -> None:
    text = (
        "Since the national security law took effect, 300 people have been arrested, "
        "of whom 170 were charged and eight companies prosecuted."
    )
    assert fields(text) == [
        ("300", "people", "arrested", "NSL"),
        ("170", "people", "charged", "NSL"),
        ("eight", "companies", "prosecuted", "NSL"),
    ]
    (claim, _, _) = extract_claims(text)
    assert claim.period == "Since the national security law took effect"


def test_english_object_verbs_and_bail() -> None:
    assert fields("The court denied bail to 12 activists accused of sedition.") == [
        ("12", "people", "bail_denied", "sedition")
    ]
    assert fields("Police arrested 23 protesters; 9 remain in custody.") == [
        ("23", "people", "arrested", "2019 protests"),
        ("9", "people", "remanded", "2019 protests"),
    ]
    assert fields("None of the 40 were granted bail.") == [("40", "people", None, None)]


def test_a_share_counts_what_its_numerator_counts() -> None:
    text = "Of the 500 arrested, 120 were convicted, accounting for 24% of those charged."
    assert [(c.text, c.stage) for c in extract_claims(text)] == [
        ("500", "arrested"),
        ("120", "convicted"),
        ("24%", "convicted"),
    ]


def test_chinese_counts_with_their_stage_unit_and_law() -> None:
    text = "截至去年底,共有320人因涉嫌危害國家安全被捕,當中180人及4間公司被起訴,其中90人已被定罪。"
    assert fields(text) == [
        ("320人", "people", "arrested", "national security laws"),
        ("180人", "people", "prosecuted", "national security laws"),
        ("4間", "companies", "prosecuted", "national security laws"),
        ("90人", "people", "convicted", "national security laws"),
    ]
    assert extract_claims(text)[0].period == "截至去年底"


def test_chinese_stage_before_the_number_and_things() -> None:
    assert fields("警方拘捕37人,其後檢控12人。") == [
        ("37人", "people", "arrested", None),
        ("12人", "people", "prosecuted", None),
    ]
    assert fields("警方檢取3支噴漆。") == [("3支", "other", None, None)]
    assert fields("被告表示將會認罪的有5人。") == [("5人", "people", None, None)]


def test_people_who_arrest_have_no_stage() -> None:
    (officers,) = extract_claims("About 300 police officers arrested the men.")
    assert (officers.unit, officers.stage) == ("people", None)


def test_more_stage_words() -> None:
    assert [(c.text, c.stage) for c in extract_claims("幾十人被帶走,警方懸紅通緝8人。")] == [
        ("幾十人", "arrested"),
        ("8人", "wanted"),
    ]
    assert [c.stage for c in extract_claims("Police issued arrest warrants for 8 activists.")] == [
        "wanted"
    ]
