"""Reading names and their sounds: table-driven."""

from __future__ import annotations

import pytest

from nsdocket.people.compare import Record, compare_records
from nsdocket.people.romanise import same_sound, syllable_key
from nsdocket.people.written import read_name


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Tsang", "Zang"), ("Chow", "Jau"), ("Kwok", "Gwok"), ("Tai", "daai"), ("Lee", "Lei"),
        ("Ho", "Hoh"), ("Tsz", "Chi"), ("Yeung", "Yeong"), ("Sze", "si"),
    ],
)  # fmt: skip
def test_spellings_of_one_sound_share_a_key(a: str, b: str) -> None:
    assert syllable_key(a) == syllable_key(b)


@pytest.mark.parametrize(("a", "b"), [("Chan", "Chen"), ("Wong", "Huang"), ("Leung", "Liang")])
def test_cantonese_and_mandarin_readings_of_one_character_are_one_sound(a: str, b: str) -> None:
    assert syllable_key(a) != syllable_key(b)
    assert same_sound(syllable_key(a), syllable_key(b))


@pytest.mark.parametrize(
    ("written", "syllables", "western", "initials", "chinese"),
    [
        ("LEUNG Kwok-hung", ("leung", "kwok", "hung"), (), (), ""),
        ("Benny Y. T. TAI", ("tai",), ("benny",), ("y", "t"), ""),
        ("TAI Yiu-ting Benny", ("tai", "yiu", "ting"), ("benny",), (), ""),
        ("Zhou Yongkang", ("co", "yong", "kang"), (), (), ""),
        ("Chow Hang-tung (鄒幸彤)", ("cau", "hang", "tung"), (), (), "鄒幸彤"),
        ("Mr Jimmy Lai Chee-ying", ("lai", "ci", "ying"), ("jimmy",), (), ""),
        ("黎智英", (), (), (), "黎智英"),
    ],
)
def test_names_are_read_into_their_parts(
    written: str,
    syllables: tuple[str, ...],
    western: tuple[str, ...],
    initials: tuple[str, ...],
    chinese: str,
) -> None:
    read = read_name(written)
    assert (read.syllables, read.western, read.initials, read.chinese) == (
        syllables, western, initials, chinese,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (Record("Leung Kwok-hung"), Record("", "梁國雄"), True),
        (Record("Leung Kwok-hung"), Record("Liang Guoxiong"), True),
        (Record("Joshua Wong Chi-fung"), Record("Wong Chi Fung Joshua"), True),
        (Record("Chan Kin-man"), Record("Chan Kin-por"), False),
        (Record("", "周庭"), Record("", "鄒幸彤"), False),
        (Record("Agnes Chow Ting"), Record("", "鄒幸彤"), False),
        (Record("Long Hair"), Record("Leung Kwok-hung", aliases=("Long Hair",)), True),
        (Record("Fast Beat"), Record("Slow Beat"), False),
    ],
)
def test_two_records_are_one_person_or_two(a: Record, b: Record, same: bool) -> None:
    evidence = compare_records(a, b)
    assert (evidence.probability() >= 0.5) == same, evidence.reasons()
    assert evidence.reasons()
