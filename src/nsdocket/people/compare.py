"""How likely two records name one person, from their names, with the evidence in words.

Each piece of evidence adds a weight, in the manner of Fellegi and Sunter: the log (base 2) of
how much more often it is seen between records of one person than between records of two.
The weights below were set from what the evidence means (an equal Chinese name is rarely a
coincidence; the same surname is common; two different given names are a strong sign of two
people), not fitted to a labelled set; `nsdocket.people.link` adds the evidence of birth
years, cases and arrest dates. The sum, with the prior odds, gives the probability.

Names are compared form by form (the English name as reported, the Chinese name, each alias);
the best-supported pairing of forms counts.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz.distance import JaroWinkler, Levenshtein

from nsdocket.names import name_key
from nsdocket.people.romanise import char_keys, is_pinyin, is_syllable, same_sound
from nsdocket.people.written import ReadName, read_name

# Evidence weights (log2 of the likelihood ratio).
W_CHINESE_SAME = 10.0
W_CHINESE_VARIANT = 6.0
W_CHINESE_DIFFERENT = -12.0
W_SOUND_ALL = 8.0  # every character of one name read in the other's syllables
W_SOUND_SURNAME_ONLY = 1.0
W_SOUND_CONFLICT = -8.0
W_SYLLABLES_SAME = 7.0
W_SYLLABLES_SAME_ONE = 2.0
W_SYLLABLES_PART = 3.0
W_SYLLABLES_SURNAME = 0.5
W_SYLLABLES_PINYIN = 5.0
W_SYLLABLES_TYPO = 5.0
W_SYLLABLES_CONFLICT = -9.0
W_WESTERN_SAME = 3.0
W_WESTERN_CLOSE = 2.0
W_WESTERN_DIFFERENT = -5.0
W_SAME_WRITTEN = 8.0
W_INITIALS_FIT = 2.0
W_INITIALS_CLASH = -4.0
PRIOR = -2.0  # log2 odds before any evidence: most candidate pairs are two people

# Characters written two ways in names (traditional forms and their common variants, as
# Unicode's variant data pairs them); a name with one of these is the same name.
_VARIANT_PAIRS = (
    "峯峰",
    "廸迪",
    "恆恒",
    "穎頴",
    "衞衛",
    "綫線",
    "爲為",
    "裡裏",
    "羣群",
    "啓啟",
    "敎教",
    "眞真",
    "黄黃",
    "淸清",
    "溫温",
    "鈎鉤",
    "着著",
    "峩峨",
    "栢柏",
    "邨村",
    "戶户",
    "叠疊",
    "鍾鐘",
)
_VARIANTS = {pair[0]: pair[1] for pair in _VARIANT_PAIRS}


@dataclass(frozen=True)
class Record:
    """A person as one source names them: a name, a Chinese name, aliases."""

    name: str = ""
    chinese_name: str = ""
    aliases: tuple[str, ...] = ()

    @functools.cached_property
    def read_forms(self) -> tuple[ReadName, ...]:
        """Every written form, read (worked out once)."""
        return tuple(self.forms())

    def forms(self) -> list[ReadName]:
        """Every written form, read."""
        texts = [self.name, self.chinese_name, *self.aliases]
        return [r for r in (read_name(t) for t in texts if t) if not r.empty]


@dataclass
class Evidence:
    """The weights found between two records, each with its reason."""

    items: list[tuple[float, str]] = field(default_factory=list)

    def add(self, weight: float, reason: str) -> None:
        """Count one piece of evidence."""
        self.items.append((weight, reason))

    @property
    def weight(self) -> float:
        """The sum of the weights."""
        return sum(w for w, _ in self.items)

    def probability(self, prior: float = PRIOR) -> float:
        """The probability that the records are one person."""
        return probability(self.weight, prior)

    def reasons(self) -> list[str]:
        """The evidence in words, strongest first."""
        return [f"{r} ({w:+.0f})" for w, r in sorted(self.items, key=lambda i: -abs(i[0]))]


def _fold(chinese: str) -> str:
    return "".join(_VARIANTS.get(c, c) for c in chinese)


def _compare_chinese(a: str, b: str, out: Evidence) -> None:
    if a == b:
        out.add(W_CHINESE_SAME, f"same Chinese name {a}")
    elif _fold(a) == _fold(b):
        out.add(W_CHINESE_VARIANT, f"same Chinese name written with variant characters ({a}, {b})")
    else:
        out.add(W_CHINESE_DIFFERENT, f"different Chinese names ({a}, {b})")


def _sound_match(chinese: str, syllables: Sequence[str], pinyin: bool) -> int:
    """How many characters of ``chinese`` can be read, each as a different syllable: the
    surname in Cantonese (in Mandarin too when the other name is in Pinyin), the given name
    in either (``Choi Ming-da`` for 蔡明達, ``Alex Chow Yong-kang`` for 周永康)."""
    free = list(syllables)
    matched = 0
    for i, char in enumerate(chinese):
        keys = char_keys(char)
        if pinyin or i > 0:
            keys = keys | char_keys(char, mandarin=True)
        found = next((s for s in free if s in keys), None)
        if found is not None:
            free.remove(found)
            matched += 1
    return matched


def _compare_across_scripts(chinese: str, latin: ReadName, out: Evidence) -> None:
    matched = _sound_match(chinese, latin.syllables, is_pinyin(latin))
    shown = latin.written
    if matched == len(chinese) >= 2 and len(chinese) <= len(latin.syllables) <= len(chinese) + 1:
        out.add(W_SOUND_ALL, f"{chinese} reads as {shown}")
    elif matched >= 1 and len(latin.syllables) <= 1:
        out.add(W_SOUND_SURNAME_ONLY, f"{chinese[0]} reads as the surname in {shown}")
    elif len(latin.syllables) >= 2 or matched < len(chinese):
        out.add(W_SOUND_CONFLICT, f"{chinese} does not read as {shown}")


def _typo(a: str, b: str) -> bool:
    """A misspelling: one of the two is no syllable at all, and they are close (``Kowk`` /
    ``Kwok``)."""
    if is_syllable(a) and is_syllable(b):
        return False
    return Levenshtein.distance(a, b) <= 2


def _pair_up(
    a: Sequence[str], b: Sequence[str], across_systems: bool
) -> tuple[int, int, list[str], list[str]]:
    """Syllables of two names paired by sound: (equal pairs, pairs equal only through a
    Cantonese and a Mandarin reading, what is left of each). Readings across the two systems
    are tried only when one name is in Pinyin and the other not."""
    left, right = list(a), list(b)
    exact = 0
    for syllable in list(left):
        if syllable in right:
            right.remove(syllable)
            left.remove(syllable)
            exact += 1
    across = 0
    for syllable in list(left) if across_systems else ():
        found = next((r for r in right if same_sound(syllable, r)), None)
        if found is not None:
            right.remove(found)
            left.remove(syllable)
            across += 1
    return exact, across, left, right


def surname(name: ReadName) -> str:
    """The sound of a name's surname: the syllable before its hyphenated given name, else its
    first (Hong Kong names put the surname first; a Western given name is no syllable)."""
    if name.given:
        if len(name.syllables) > len(name.given):
            return name.syllables[len(name.syllables) - len(name.given) - 1]
        return ""  # only a given name was read (the surname is misspelled, or missing)
    return name.syllables[0] if name.syllables else ""


def _compare_syllables(a: ReadName, b: ReadName, out: Evidence) -> None:
    across_systems = is_pinyin(a) != is_pinyin(b)
    exact, across, only_a, only_b = _pair_up(a.syllables, b.syllables, across_systems)
    shared = exact + across
    western = bool(set(a.western) & set(b.western))
    if not only_a and not only_b:
        if shared >= 2 and not across:
            out.add(W_SYLLABLES_SAME, f"same name syllables ({' '.join(a.syllables)})")
        elif shared >= 2:
            out.add(W_SYLLABLES_PINYIN, f"{a.written} and {b.written} read alike in Cantonese "
                    "and Mandarin")  # fmt: skip
        else:
            out.add(W_SYLLABLES_SAME_ONE, f"same surname ({a.syllables[0]})")
    elif only_a and only_b:
        if (
            len(only_a) == 1
            and len(only_b) == 1
            and _typo(only_a[0], only_b[0])
            and (shared or western)
        ):
            out.add(W_SYLLABLES_TYPO, f"names a letter or two apart ({only_a[0]}, {only_b[0]})")
        else:
            out.add(
                W_SYLLABLES_CONFLICT,
                f"different name syllables ({' '.join(only_a)} / {' '.join(only_b)})",
            )
    elif surname(a) and surname(b) and not same_sound(surname(a), surname(b)):
        out.add(W_SYLLABLES_CONFLICT, f"different surnames ({surname(a)} / {surname(b)})")
    elif shared >= 2:
        out.add(W_SYLLABLES_PART, f"one name's syllables are part of the other's ({shared} shared)")
    elif shared:
        out.add(W_SYLLABLES_SURNAME, "the same surname, and nothing else to compare")


def _western_close(a: str, b: str) -> bool:
    return JaroWinkler.similarity(a, b) >= 0.9 or (
        len(a) >= 3 and len(b) >= 3 and (a.startswith(b) or b.startswith(a))
    )


def _compare_western(a: ReadName, b: ReadName, out: Evidence) -> None:
    if not a.syllables and not b.syllables and set(a.western) != set(b.western):
        # names with nothing else (nicknames such as Fast Beat, Slow Beat): all must agree
        out.add(W_WESTERN_DIFFERENT, f"different names ({a.written}, {b.written})")
        return
    same = set(a.western) & set(b.western)
    if same:
        out.add(W_WESTERN_SAME, f"same English name ({', '.join(sorted(same))})")
    elif any(_western_close(x, y) for x in a.western for y in b.western):
        out.add(W_WESTERN_CLOSE, "close English names")
    else:
        out.add(W_WESTERN_DIFFERENT, f"different English names ({a.western[0]}, {b.western[0]})")


def _compare_initials(initials: ReadName, full: ReadName, out: Evidence) -> None:
    firsts = [s[0] for s in (full.given or full.syllables[1:])]
    if list(initials.initials) == firsts[: len(initials.initials)] and firsts:
        out.add(W_INITIALS_FIT, "initials fit the given name")
    else:
        out.add(W_INITIALS_CLASH, "initials do not fit the given name")


def _same_written(a: ReadName, b: ReadName) -> bool:
    """Two forms written alike, of at least two words or two characters."""
    if a.chinese or b.chinese:
        return False
    words = name_key(a.written).split()
    return len(words) >= 2 and words == name_key(b.written).split()


def compare_forms(a: ReadName, b: ReadName) -> Evidence:
    """The evidence that two written forms name one person."""
    out = Evidence()
    if _same_written(a, b):
        out.add(W_SAME_WRITTEN, f"written the same ({a.written})")
        return out
    if a.chinese and b.chinese:
        _compare_chinese(a.chinese, b.chinese, out)
    # A Chinese name against a romanised one, when the Chinese side has no romanisation of
    # its own to compare (that comparison says more).
    if a.chinese and not a.syllables and b.syllables and not b.chinese:
        _compare_across_scripts(a.chinese, b, out)
    elif b.chinese and not b.syllables and a.syllables and not a.chinese:
        _compare_across_scripts(b.chinese, a, out)
    if a.syllables and b.syllables:
        _compare_syllables(a, b, out)
    if a.western and b.western:
        _compare_western(a, b, out)
    if a.initials and not b.initials and b.syllables:
        _compare_initials(a, b, out)
    elif b.initials and not a.initials and a.syllables:
        _compare_initials(b, a, out)
    return out


def compare_records(a: Record, b: Record) -> Evidence:
    """The evidence that two records name one person.

    The main names (the name and the Chinese name of each record, read together) are
    compared; then each other form of one (an alias, another source's spelling) against each
    form of the other, and such a pairing counts instead only when it alone is strong evidence
    (``Long Hair`` against an alias ``Long Hair``): a weak pairing of side names never hides
    what the main names say.
    """
    main = compare_forms(_main(a), _main(b))
    best = main
    for x in _forms(a):
        for y in _forms(b):
            found = compare_forms(x, y)
            if found.weight >= W_STRONG and found.weight > best.weight:
                best = Evidence([(found.weight, f"known as {x.written}: {r}")
                                 for _, r in found.items[:1]] + found.items[1:])  # fmt: skip
    return best


W_STRONG = 7.0  # a side pairing this strong stands on its own


def _main(record: Record) -> ReadName:
    name = read_name(record.name)
    chinese = "".join(c for c in record.chinese_name if not c.isspace()) or name.chinese
    return ReadName(
        written=" ".join(t for t in (record.name, record.chinese_name) if t),
        syllables=name.syllables,
        given=name.given,
        western=name.western,
        initials=name.initials,
        chinese=chinese,
        spellings=name.spellings,
    )


def _forms(record: Record) -> tuple[ReadName, ...]:
    return record.read_forms


def probability(weight: float, prior: float = PRIOR) -> float:
    """The probability that goes with a total weight."""
    return 1.0 / (1.0 + math.pow(2.0, -(weight + prior)))
