"""Extractors, table-driven: each row is a passage in the style of a Hong Kong judgment and the
spans that must come out of it (matched text plus the fields that matter); an empty list means
nothing may be found."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nsdocket.extract import (
    KINDS,
    Span,
    extract_all,
    find_case_numbers,
    find_citations,
    find_dates,
    find_sentences,
    find_statutes,
)

Expected = list[tuple[str, dict[str, Any]]]


def check(finder: Callable[[str], list[Span]], text: str, expected: Expected) -> None:
    spans = finder(text)
    assert [span.text for span in spans] == [want for want, _ in expected]
    for span, (_, fields) in zip(spans, expected, strict=True):
        assert text[span.start : span.end] == span.text
        assert {key: span.fields.get(key) for key in fields} == fields, span.text
    assert [span.start for span in spans] == sorted(span.start for span in spans)


# --- neutral citations -----------------------------------------------------------------------

CITATIONS = [
    pytest.param(
        "HKSAR v Tong Ying Kit [2021] HKCFI 2200 is the first trial under the NSL.",
        [("[2021] HKCFI 2200", {"year": 2021, "court": "HKCFI", "number": 2200,
                                "normalised": "[2021] HKCFI 2200"})],
        id="cfi",
    ),
    pytest.param(
        "The appeal was dismissed: see [2024] HKCA 231 at [45].",
        [("[2024] HKCA 231", {"court": "HKCA", "court_name": "Court of Appeal"})],
        id="ca-with-paragraph-pinpoint",
    ),
    pytest.param(
        "In HKSAR v Lai Chee Ying [2025] HKCFA 4, the Court of Final Appeal held",
        [("[2025] HKCFA 4", {"court": "HKCFA", "number": 4})],
        id="cfa",
    ),
    pytest.param(
        "compare [2022] HKDC 208 and [2021] HKMagC 3",
        [("[2022] HKDC 208", {"court": "HKDC"}), ("[2021] HKMagC 3", {"court": "HKMagC"})],
        id="district-and-magistrates",
    ),
    pytest.param(
        "[2020] HKLAT 12; [2019] HKLdT 7; [2023] HKCrC 1; [2018] HKOAT 2; [2022] HKSCT 9",
        [
            ("[2020] HKLAT 12", {"court": "HKLaT", "normalised": "[2020] HKLaT 12"}),
            ("[2019] HKLdT 7", {"court": "HKLdT"}),
            ("[2023] HKCrC 1", {"court": "HKCrC"}),
            ("[2018] HKOAT 2", {"court": "HKOAT"}),
            ("[2022] HKSCT 9", {"court": "HKSCT"}),
        ],
        id="tribunals-any-capitalisation",
    ),
    pytest.param(
        "as reported at [2021]HKCFI  2200.",
        [("[2021]HKCFI  2200", {"normalised": "[2021] HKCFI 2200"})],
        id="odd-spacing-normalised",
    ),
    pytest.param(
        "(2021) 24 HKCFAR 33 and [2021] 3 HKLRD 100 are law reports, not neutral citations.",
        [],
        id="negative-law-reports",
    ),
    pytest.param("[2021] HKXYZ 12 and [21] HKCFI 3 and HKCFI 2200", [], id="negative-malformed"),
    pytest.param(
        "Tong Ying Kit [2021] HKCFI 2200 (verdict) and [2021] HKCFI 2239 (sentence)",
        [("[2021] HKCFI 2200", {"number": 2200}), ("[2021] HKCFI 2239", {"number": 2239})],
        id="two-in-a-row",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), CITATIONS)
def test_find_citations(text: str, expected: Expected) -> None:
    check(find_citations, text, expected)


# --- case numbers ----------------------------------------------------------------------------

CASE_NUMBERS = [
    pytest.param(
        "HKSAR v Tong Ying Kit, HCCC 280/2020, before Toh J, Anthea Pang J and Wilson Chan J",
        [("HCCC 280/2020", {"prefix": "HCCC", "number": 280, "year": 2020,
                            "numbers": ["HCCC 280/2020"], "court": "HKCFI"})],
        id="hccc",
    ),
    pytest.param(
        "DCCC 927/2020 (District Court); on appeal CACC 1/2022; final appeal FACC 2/2024.",
        [
            ("DCCC 927/2020", {"court": "HKDC"}),
            ("CACC 1/2022", {"court": "HKCA", "court_name": "Court of Appeal"}),
            ("FACC 2/2024", {"court": "HKCFA"}),
        ],
        id="three-levels",
    ),
    pytest.param(
        "HCCC280/2020 and HCCC 0069/2022",
        [("HCCC280/2020", {"number": 280}),
         ("HCCC 0069/2022", {"number": 69, "numbers": ["HCCC 69/2022"]})],
        id="no-space-and-leading-zeros",
    ),
    pytest.param(
        "The five cases, DCCC 854-858/2021, were heard together.",
        [("DCCC 854-858/2021", {"numbers": [f"DCCC {n}/2021" for n in range(854, 859)]})],
        id="range-expands",
    ),
    pytest.param(
        "DCCC 854–58/2021",
        [("DCCC 854–58/2021", {"numbers": [f"DCCC {n}/2021" for n in range(854, 859)]})],
        id="range-abbreviated-en-dash",
    ),
    pytest.param(
        "The 47 democrats (HCCC 69 and 70/2022) were tried by three judges.",
        [("HCCC 69 and 70/2022", {"numbers": ["HCCC 69/2022", "HCCC 70/2022"]})],
        id="list-with-and",
    ),
    pytest.param(
        "DCCC 1, 2 & 3/2021",
        [("DCCC 1, 2 & 3/2021",
          {"numbers": ["DCCC 1/2021", "DCCC 2/2021", "DCCC 3/2021"], "number": 1})],
        id="list-with-commas-and-ampersand",
    ),
    pytest.param(
        "CRIMINAL CASE: HCCC No. 280 of 2020",
        [("HCCC No. 280 of 2020", {"numbers": ["HCCC 280/2020"]})],
        id="number-of-year",
    ),
    pytest.param(
        "WKCC 3045/2020, KCCC 100/2021, ESCC 2563/2020, STCC 12/2021, FLCC 5/2022, "
        "KTCC 700/2020, TMCC 88/2021, ESS 1234/2021",
        [
            ("WKCC 3045/2020", {"court": "HKMagC", "court_name": "Magistrates' court"}),
            ("KCCC 100/2021", {"court": "HKMagC"}),
            ("ESCC 2563/2020", {"court": "HKMagC"}),
            ("STCC 12/2021", {"court": "HKMagC"}),
            ("FLCC 5/2022", {"court": "HKMagC"}),
            ("KTCC 700/2020", {"court": "HKMagC"}),
            ("TMCC 88/2021", {"court": "HKMagC"}),
            ("ESS 1234/2021", {"court": "HKMagC", "prefix": "ESS"}),
        ],
        id="magistracies",
    ),
    pytest.param(
        "HCMP 1234/2021, HCAL 1525/2020, FAMC 15/2023, CAAR 3/2022, HCMA 200/2021",
        [
            ("HCMP 1234/2021", {"court": "HKCFI"}),
            ("HCAL 1525/2020", {"court": "HKCFI", "prefix": "HCAL"}),
            ("FAMC 15/2023", {"court": "HKCFA"}),
            ("CAAR 3/2022", {"court": "HKCA"}),
            ("HCMA 200/2021", {"court": "HKCFI"}),
        ],
        id="civil-review-and-appeal-prefixes",
    ),
    pytest.param(
        "the HCCC list; HCCC 280; ABCHCCC 280/2020; XYZ 12/2021; DCCC 12/85",
        [],
        id="negative-no-year-or-not-a-prefix",
    ),
    pytest.param(
        "HCCC 69/2022 and HCCC 70/2022 were joined",
        [("HCCC 69/2022", {"number": 69}), ("HCCC 70/2022", {"number": 70})],
        id="prefix-repeated",
    ),
    pytest.param(
        "two-digit years (HCMA 1/21) and bare prefixes (HCCC, DCCC) are not case numbers",
        [],
        id="negative-two-digit-year",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), CASE_NUMBERS)
def test_find_case_numbers(text: str, expected: Expected) -> None:
    check(find_case_numbers, text, expected)


# --- statutes --------------------------------------------------------------------------------

STATUTES = [
    pytest.param(
        "The defendant was sentenced to 5 years and 9 months' imprisonment for inciting "
        "secession contrary to Article 21 of the National Security Law.",
        [("Article 21 of the National Security Law",
          {"law": "NSL", "provisions": ["21"], "offences": ["NSL:21"]})],
        id="nsl-article-of",
    ),
    pytest.param(
        "charged with terrorist activities (NSL art. 24)",
        [("NSL art. 24", {"law": "NSL", "provisions": ["24"], "offences": ["NSL:24"]})],
        id="nsl-law-first",
    ),
    pytest.param(
        "conspiracy to commit subversion, contrary to Art 22 of the NSL and sections 159A and "
        "159C of the Crimes Ordinance",
        [
            ("Art 22 of the NSL", {"law": "NSL", "offences": ["NSL:22"]}),
            ("sections 159A and 159C of the Crimes Ordinance",
             {"law": "CAP200", "provisions": ["159A", "159C"], "offences": []}),
        ],
        id="nsl-and-conspiracy-sections",
    ),
    pytest.param(
        "Articles 20 and 21 of the NSL",
        [("Articles 20 and 21 of the NSL",
          {"provisions": ["20", "21"], "offences": ["NSL:20", "NSL:21"]})],
        id="nsl-two-articles",
    ),
    pytest.param(
        "Articles 20 to 23 of the Hong Kong National Security Law",
        [("Articles 20 to 23 of the Hong Kong National Security Law",
          {"provisions": ["20", "21", "22", "23"]})],
        id="nsl-article-range",
    ),
    pytest.param(
        "an offence under article 22(3) of the Law of the People's Republic of China on "
        "Safeguarding National Security in the Hong Kong Special Administrative Region",
        [("article 22(3) of the Law of the People's Republic of China on Safeguarding National "
          "Security in the Hong Kong Special Administrative Region",
          {"law": "NSL", "provisions": ["22(3)"], "offences": ["NSL:22"]})],
        id="nsl-full-title-subarticle",
    ),
    pytest.param(
        "uttering seditious words, contrary to section 10(1)(b) of the Crimes Ordinance",
        [("section 10(1)(b) of the Crimes Ordinance",
          {"law": "CAP200", "provisions": ["10(1)(b)"], "offences": ["CAP200:10"]})],
        id="sedition-section-of",
    ),
    pytest.param(
        "contrary to ss 9 and 10 of Cap. 200",
        [("ss 9 and 10 of Cap. 200",
          {"law": "CAP200", "provisions": ["9", "10"], "offences": ["CAP200:10"]})],
        id="sedition-ss-cap",
    ),
    pytest.param(
        "seditious publications, s.10(1)(c) Crimes Ordinance",
        [("s.10(1)(c) Crimes Ordinance", {"law": "CAP200", "offences": ["CAP200:10"]})],
        id="sedition-s-dot-no-of",
    ),
    pytest.param(
        "convicted under section 24 of the Safeguarding National Security Ordinance; "
        "a second count under s 24 SNSO",
        [
            ("section 24 of the Safeguarding National Security Ordinance",
             {"law": "SNSO", "offences": ["SNSO:24"]}),
            ("s 24 SNSO", {"law": "SNSO", "provisions": ["24"], "offences": ["SNSO:24"]}),
        ],
        id="snso",
    ),
    pytest.param(
        "knowingly taking part in an unauthorised assembly, contrary to section 17A(3)(b)(i) of "
        "the Public Order Ordinance (Cap 245)",
        [("section 17A(3)(b)(i) of the Public Order Ordinance (Cap 245)",
          {"law": "CAP245", "provisions": ["17A(3)(b)(i)"], "offences": ["CAP245:17A"]})],
        id="public-order-with-chapter",
    ),
    pytest.param(
        "money laundering under Cap. 455 and section 25(1) of the Organized and Serious Crimes "
        "Ordinance",
        [
            ("Cap. 455", {"law": "CAP455", "provisions": [], "offences": []}),
            ("section 25(1) of the Organized and Serious Crimes Ordinance",
             {"law": "CAP455", "offences": ["CAP455:25"]}),
        ],
        id="osco-bare-chapter-and-section",
    ),
    pytest.param(
        "possession of a firearm, contrary to section 13 of the Firearms and Ammunition "
        "Ordinance (Cap 238)",
        [("section 13 of the Firearms and Ammunition Ordinance (Cap 238)",
          {"law": "CAP238", "provisions": ["13"], "offences": []})],
        id="other-ordinance-by-chapter",
    ),
    pytest.param(
        "fraud, contrary to section 16A of the Theft Ordinance; s 27A of the Elections (Corrupt "
        "and Illegal Conduct) Ordinance",
        [
            ("section 16A of the Theft Ordinance", {"law": "CAP210", "offences": ["CAP210:16A"]}),
            ("s 27A of the Elections (Corrupt and Illegal Conduct) Ordinance",
             {"law": "CAP554", "offences": ["CAP554:27A"]}),
        ],
        id="theft-and-elections",
    ),
    pytest.param(
        "Article 23 of the Basic Law requires the HKSAR to enact laws on its own",
        [("Article 23 of the Basic Law", {"law": "BL", "provisions": ["23"], "offences": []})],
        id="basic-law-is-not-the-nsl",
    ),
    pytest.param(
        "被告被控違反《國安法》第22條的顛覆國家政權罪",
        [("《國安法》第22條", {"law": "NSL", "provisions": ["22"], "offences": ["NSL:22"]})],
        id="zh-nsl-digits",
    ),
    pytest.param(
        "《香港國安法》第二十三條",
        [("《香港國安法》第二十三條",
          {"law": "NSL", "provisions": ["23"], "offences": ["NSL:23"]})],
        id="zh-nsl-numerals",
    ),
    pytest.param(
        "違反《維護國家安全條例》第24條，及《刑事罪行條例》第9及10條",
        [
            ("《維護國家安全條例》第24條", {"law": "SNSO", "offences": ["SNSO:24"]}),
            ("《刑事罪行條例》第9及10條",
             {"law": "CAP200", "provisions": ["9", "10"], "offences": ["CAP200:10"]}),
        ],
        id="zh-snso-and-crimes",
    ),
    pytest.param(
        "the National Security Law came into force on 30 June 2020",
        [("National Security Law", {"law": "NSL", "provisions": [], "offences": []})],
        id="bare-law-mention",
    ),
    pytest.param(
        "The prosecution relied on Article 21 alone; section 10 was not pursued; the Serious "
        "Crimes Ordinance is not a thing; a cap of 200 people; see Chapter 3 of the report.",
        [],
        id="negative-provisions-without-a-law",
    ),
    pytest.param(
        "Articles 22, 23 and 29(4) of the HKNSL",
        [("Articles 22, 23 and 29(4) of the HKNSL",
          {"provisions": ["22", "23", "29(4)"], "offences": ["NSL:22", "NSL:23", "NSL:29"]})],
        id="nsl-list-with-subarticle",
    ),
    pytest.param(
        "both under the NSL, s 24 of the SNSO applied",
        [("NSL", {"law": "NSL", "provisions": []}),
         ("s 24 of the SNSO", {"law": "SNSO", "provisions": ["24"]})],
        id="provisions-belong-to-the-following-law",
    ),
    pytest.param(
        "conspiracy, section 159A of Cap 200 and s. 60 of the Crimes Ord.",
        [("section 159A of Cap 200", {"law": "CAP200", "provisions": ["159A"], "offences": []}),
         ("s. 60 of the Crimes Ord.", {"law": "CAP200", "offences": ["CAP200:60"]})],
        id="crimes-other-sections",
    ),
    pytest.param(
        "《國安法》第２２條及《刑事罪行條例》第一百五十九A條",
        [("《國安法》第２２條", {"law": "NSL", "provisions": ["22"]}),
         ("《刑事罪行條例》第一百五十九A條", {"law": "CAP200", "provisions": ["159A"]})],
        id="zh-full-width-digits-and-numeral-with-letter",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), STATUTES)
def test_find_statutes(text: str, expected: Expected) -> None:
    check(find_statutes, text, expected)


# --- sentences -------------------------------------------------------------------------------

SENTENCES = [
    pytest.param(
        "The defendant was sentenced to 5 years and 9 months' imprisonment for inciting "
        "secession contrary to Article 21 of the National Security Law.",
        [("5 years and 9 months' imprisonment",
          {"kind": "imprisonment", "months": 69, "suspended": False})],
        id="years-and-months-imprisonment",
    ),
    pytest.param(
        "Tong was jailed for 9 years.",
        [("9 years", {"kind": "imprisonment", "months": 108})],
        id="bare-years",
    ),
    pytest.param(
        "a starting point of 40 months was adopted",
        [("40 months", {"months": 40})],
        id="bare-months",
    ),
    pytest.param(
        "an overall sentence of 5 years 9 months",
        [("5 years 9 months", {"months": 69})],
        id="years-months-no-and",
    ),
    pytest.param(
        "he was sentenced to 3 years' imprisonment",
        [("3 years' imprisonment", {"kind": "imprisonment", "months": 36})],
        id="apostrophe-imprisonment",
    ),
    pytest.param(
        "the judge imposed four years and two months",
        [("four years and two months", {"months": 50, "term": {"years": 4, "months": 2}})],
        id="number-words",
    ),
    pytest.param(
        "Twenty-one months, reduced from thirty-two months",
        [("Twenty-one months", {"months": 21}), ("thirty-two months", {"months": 32})],
        id="compound-number-words",
    ),
    pytest.param(
        "a term of 6 weeks",
        [("6 weeks", {"months": 1, "term": {"weeks": 6}})],
        id="weeks-round-to-months",
    ),
    pytest.param(
        "imprisonment for 14 days",
        [("14 days", {"months": 0, "term": {"days": 14}})],
        id="days-kept-in-term",
    ),
    pytest.param(
        "one and a half years; 4½ years",
        [("one and a half years", {"months": 18}), ("4½ years", {"months": 54})],
        id="halves",
    ),
    pytest.param(
        "6 months' imprisonment, suspended for 2 years",
        [("6 months' imprisonment, suspended for 2 years",
          {"kind": "suspended", "months": 6, "suspended": True, "suspended_months": 24})],
        id="suspended-with-term",
    ),
    pytest.param(
        "The sentence was suspended for 2 years.",
        [("suspended for 2 years",
          {"kind": "suspended", "months": None, "suspended": True, "suspended_months": 24})],
        id="suspended-alone",
    ),
    pytest.param(
        "She was fined HK$5,000 and he was ordered to pay a fine of $10,000.",
        [("fined HK$5,000", {"kind": "fine", "amount_hkd": 5000}),
         ("a fine of $10,000", {"kind": "fine", "amount_hkd": 10000})],
        id="fines",
    ),
    pytest.param(
        "a HK$2,000 fine; a fine of HK$1.5 million",
        [("HK$2,000 fine", {"amount_hkd": 2000}),
         ("a fine of HK$1.5 million", {"amount_hkd": 1_500_000})],
        id="fine-after-and-million",
    ),
    pytest.param(
        "200 hours of community service; a community service order of 120 hours",
        [("200 hours of community service", {"kind": "community_service", "hours": 200}),
         ("community service order of 120 hours", {"kind": "community_service", "hours": 120})],
        id="community-service",
    ),
    pytest.param(
        "The 17-year-old was sent to a training centre; others to a detention centre or a "
        "rehabilitation centre.",
        [("training centre", {"kind": "training_centre", "months": None}),
         ("detention centre", {"kind": "detention_centre"}),
         ("rehabilitation centre", {"kind": "rehabilitation_centre"})],
        id="centres-and-an-age",
    ),
    pytest.param(
        "the maximum penalty is life imprisonment",
        [("life imprisonment", {"kind": "imprisonment", "months": None, "life": True})],
        id="life",
    ),
    pytest.param(
        "黎智英被判監5年9個月；另一被告入獄40個月。",
        [("判監5年9個月", {"kind": "imprisonment", "months": 69}),
         ("入獄40個月", {"months": 40})],
        id="zh-terms",
    ),
    pytest.param(
        "判囚三年半，緩刑2年，罰款5,000元",
        [("判囚三年半", {"months": 42}),
         ("緩刑2年", {"kind": "suspended", "suspended_months": 24}),
         ("罰款5,000元", {"kind": "fine", "amount_hkd": 5000})],
        id="zh-half-suspended-fine",
    ),
    pytest.param(
        "社會服務令200小時；判入教導所",
        [("社會服務令200小時", {"kind": "community_service", "hours": 200}),
         ("教導所", {"kind": "training_centre"})],
        id="zh-orders",
    ),
    pytest.param(
        "The defendant, aged 23 years, a 23-year-old student, was 19 years old in 2021.",
        [],
        id="negative-ages",
    ),
    pytest.param(
        "Two years ago, within 3 years of the offence, over the past 5 years, in 2021, "
        "a 2020 speech, 12 years of experience.",
        [],
        id="negative-periods-and-years",
    ),
    pytest.param(
        "The group raised HK$2 million through crowdfunding; the fine print; 30.6.2020.",
        [],
        id="negative-money-without-fine",
    ),
    pytest.param(
        "9 months' imprisonment, which was suspended for 18 months",
        [("9 months' imprisonment, which was suspended for 18 months",
          {"kind": "suspended", "months": 9, "suspended_months": 18})],
        id="suspended-which-was",
    ),
    pytest.param(
        "1 year, 2 months and 15 days",
        [("1 year, 2 months and 15 days",
          {"months": 14, "term": {"years": 1, "months": 2, "days": 15}})],
        id="three-components",
    ),
    pytest.param(
        "a 3-year jail term",
        [("3-year jail", {"kind": "imprisonment", "months": 36})],
        id="hyphenated-jail-term",
    ),
    pytest.param(
        "fined $500, then a $2,000 fine and an HKD 3,000 fine",
        [("fined $500", {"amount_hkd": 500}), ("$2,000 fine", {"amount_hkd": 2000}),
         ("HKD 3,000 fine", {"amount_hkd": 3000})],
        id="fines-every-currency-form",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), SENTENCES)
def test_find_sentences(text: str, expected: Expected) -> None:
    check(find_sentences, text, expected)


# --- dates -----------------------------------------------------------------------------------

DATES = [
    pytest.param(
        "Date of Sentence: 30 July 2021",
        [("30 July 2021", {"iso": "2021-07-30", "precision": "day"})],
        id="dmy",
    ),
    pytest.param(
        "on July 27, 2021 the jury",
        [("July 27, 2021", {"iso": "2021-07-27", "day": 27})],
        id="mdy",
    ),
    pytest.param(
        "on the 27th July 2021 and the 1st of July 2020",
        [("27th July 2021", {"iso": "2021-07-27"}), ("1st of July 2020", {"iso": "2020-07-01"})],
        id="ordinal-days",
    ),
    pytest.param(
        "hearing dates: 2021-07-27; 2020-6-30",
        [("2021-07-27", {"iso": "2021-07-27"}), ("2020-6-30", {"iso": "2020-06-30"})],
        id="iso",
    ),
    pytest.param(
        "The NSL took effect at 11pm on 30.6.2020; arrested 6/1/2021.",
        [("30.6.2020", {"iso": "2020-06-30"}), ("6/1/2021", {"iso": "2021-01-06"})],
        id="day-first-numeric",
    ),
    pytest.param(
        "判決日期：2021年7月27日",
        [("2021年7月27日", {"iso": "2021-07-27", "precision": "day"})],
        id="zh-digits",
    ),
    pytest.param(
        "二〇二一年七月二十七日",
        [("二〇二一年七月二十七日", {"iso": "2021-07-27"})],
        id="zh-numerals",
    ),
    pytest.param(
        "In July 2021, and again in Sept. 2022 and 2023年3月",
        [("July 2021", {"iso": "2021-07", "precision": "month", "day": None}),
         ("Sept. 2022", {"iso": "2022-09"}),
         ("2023年3月", {"iso": "2023-03", "precision": "month"})],
        id="month-precision",
    ),
    pytest.param(
        "HEARING: 14 JUNE 2023",
        [("14 JUNE 2023", {"iso": "2023-06-14"})],
        id="upper-case-heading",
    ),
    pytest.param(
        "29 February 2024 is a leap day",
        [("29 February 2024", {"iso": "2024-02-29"})],
        id="leap-day",
    ),
    pytest.param(
        "30 February 2020, 2021-13-01, 31.4.2021 and 2021年2月30日 do not exist",
        [],
        id="negative-impossible-dates",
    ),
    pytest.param(
        "in 2021; HCCC 280/2020; [2021] HKCFI 2200; 5 years; may 2 people; section 10.1",
        [],
        id="negative-not-dates",
    ),
    pytest.param(
        "between 1 July 2019 and 30 June 2020",
        [("1 July 2019", {"iso": "2019-07-01"}), ("30 June 2020", {"iso": "2020-06-30"})],
        id="two-dates",
    ),
    pytest.param(
        "Date of Hearing: 23 and 24 September 2021",
        [("24 September 2021", {"iso": "2021-09-24"})],
        id="shared-month-only-last-is-a-date",
    ),
    pytest.param(
        "２０２１年７月２７日",
        [("２０２１年７月２７日", {"iso": "2021-07-27"})],
        id="zh-full-width-digits",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), DATES)
def test_find_dates(text: str, expected: Expected) -> None:
    check(find_dates, text, expected)


def test_table_size() -> None:
    """The brief: at least 80 (text, expected spans) pairs across the kinds."""
    assert len(CITATIONS + CASE_NUMBERS + STATUTES + SENTENCES + DATES) >= 80


# --- all kinds together ----------------------------------------------------------------------

PARAGRAPH = (
    "1. On 27 July 2021, in HKSAR v Tong Ying Kit [2021] HKCFI 2200 (HCCC 280/2020), the "
    "defendant was convicted of inciting secession contrary to Article 21 of the National "
    "Security Law and sentenced on 30.7.2021 to 9 years' imprisonment.\n"
    "2. 被告於2021年7月30日被判監9年。"
)


def test_extract_all_merges_every_kind_in_order() -> None:
    spans = extract_all(PARAGRAPH)
    assert [(span.kind, span.text) for span in spans] == [
        ("date", "27 July 2021"),
        ("citation", "[2021] HKCFI 2200"),
        ("case_number", "HCCC 280/2020"),
        ("statute", "Article 21 of the National Security Law"),
        ("date", "30.7.2021"),
        ("sentence", "9 years' imprisonment"),
        ("date", "2021年7月30日"),
        ("sentence", "判監9年"),
    ]
    assert all(PARAGRAPH[span.start : span.end] == span.text for span in spans)


def test_extract_all_selected_kinds_and_unknown_kind() -> None:
    assert {span.kind for span in extract_all(PARAGRAPH, kinds=("date",))} == {"date"}
    with pytest.raises(ValueError, match="unknown kind"):
        extract_all(PARAGRAPH, kinds=("dates",))


def test_spans_serialise_to_json() -> None:
    spans = extract_all(PARAGRAPH)
    restored = json.loads(json.dumps([span.to_json() for span in spans], ensure_ascii=False))
    assert restored[0] == {
        "kind": "date",
        "start": 6,
        "end": 18,
        "text": "27 July 2021",
        "fields": {"iso": "2021-07-27", "precision": "day", "year": 2021, "month": 7, "day": 27},
    }
    assert {item["kind"] for item in restored} == set(KINDS)


def test_span_is_hashable_and_shows_its_groups_and_context() -> None:
    (span,) = find_citations("See HKSAR v Tong Ying Kit [2021] HKCFI 2200 (sentence).")
    assert span in {span}
    assert span.groups == {"year": "2021", "court": "HKCFI", "number": "2200"}
    assert span.context(10) == " Ying Kit [2021] HKCFI 2200 (sentence"
    (term,) = find_sentences("jailed for 6 months' imprisonment, suspended for 2 years")
    assert set(term.groups) == {"term_end", "custodial", "suspension", "term"}
    by_hand = Span("date", 0, 4, "2021", {})
    assert (by_hand.groups, by_hand.context()) == ({}, "2021")


def test_offsets_are_code_points_after_astral_characters() -> None:
    # 𡃁 is outside the Basic Multilingual Plane: one code point, two UTF-16 units.
    text = "𡃁仔😀 were sentenced to 判監5年 under 《國安法》第22條 on 2021年7月27日"
    spans = extract_all(text)
    assert [span.text for span in spans] == ["判監5年", "《國安法》第22條", "2021年7月27日"]
    assert spans[0].start == text.index("判監")
    assert all(text[span.start : span.end] == span.text for span in spans)


@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789 /-.,[]()HKCFIDCsArt年月日第條 ")), max_size=80
    )
)
def test_offsets_always_slice_to_the_text(text: str) -> None:
    for span in extract_all(text):
        assert text[span.start : span.end] == span.text
        assert span.kind in KINDS


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("HCCC " + "1, " * 20_000, id="endless-case-list"),
        pytest.param("Article " + "21, " * 20_000 + "of the", id="endless-provision-list"),
        pytest.param("section 5 of the " + "Great " * 20_000, id="endless-capitalised-words"),
        pytest.param("5 years and " * 20_000, id="endless-term"),
        pytest.param("1" * 50_000 + " years", id="long-digit-run"),
        pytest.param("[" * 20_000 + "2021] HKCFI", id="brackets"),
        pytest.param("第" + "1及" * 20_000, id="endless-zh-provisions"),
    ],
)
def test_adversarial_input_finishes(text: str) -> None:
    """Long runs that a backtracking-prone pattern would choke on (no timing assertion: a
    catastrophic pattern simply never finishes)."""
    assert isinstance(extract_all(text), list)
