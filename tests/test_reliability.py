"""Tests for inter-coder agreement, against values worked out by hand."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from itertools import permutations

import pytest

from nsdocket.coding import AgreementResult, agreement, agreement_report, option_agreement

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C (nominal data,
# any number of observers, missing data): 4 observers, 12 units, "." is a missing value.
PAPER = {
    "A": "1 2 3 3 2 1 4 1 2 . . .",
    "B": "1 2 3 3 2 2 4 1 2 5 . 3",
    "C": ". 3 3 3 2 3 4 2 2 5 1 .",
    "D": "1 2 3 3 2 4 4 1 2 5 1 .",
}


def paper_codings() -> dict[Hashable, dict[str, Hashable | None]]:
    rows = {coder: line.split() for coder, line in PAPER.items()}
    return {
        unit + 1: {
            coder: None if row[unit] == "." else int(row[unit]) for coder, row in rows.items()
        }
        for unit in range(12)
    }


def alpha_by_coincidences(codings: Mapping[Hashable, Mapping[str, Hashable | None]]) -> float:
    """Nominal alpha from the coincidence-matrix formula, independently of the library.

    o_ck = sum over units of (ordered pairs of different coders valued c, k) / (m_u - 1);
    alpha = 1 - (n - 1) * sum_{c != k} o_ck / sum_{c != k} n_c * n_k.
    """
    o: Counter[tuple[Hashable, Hashable]] = Counter()
    for by_coder in codings.values():
        values = [v for v in by_coder.values() if v is not None]
        if len(values) < 2:
            continue
        for c, k in permutations(values, 2):
            o[(c, k)] += 1 / (len(values) - 1)
    n_c: Counter[Hashable] = Counter()
    for (c, _), count in o.items():
        n_c[c] += count
    n = sum(n_c.values())
    observed = sum(count for (c, k), count in o.items() if c != k)
    expected = sum(n_c[c] * n_c[k] for c in n_c for k in n_c if c != k)
    return 1 - (n - 1) * observed / expected


def test_krippendorff_2011_worked_example() -> None:
    result = agreement("q", paper_codings())
    # By hand: n = 40 pairable values; n_1..n_5 = 9, 13, 10, 5, 3; off-diagonal coincidences
    # 2 (unit 2) + 4 (unit 6) + 2 (unit 8) = 8; sum_{c!=k} n_c n_k = 1600 - 384 = 1216.
    assert result.krippendorff_alpha == pytest.approx(1 - 39 * 8 / 1216, abs=1e-12)
    assert round(result.krippendorff_alpha, 3) == 0.743  # the value printed in the paper
    assert result.krippendorff_alpha == pytest.approx(alpha_by_coincidences(paper_codings()))
    assert result.alpha_note == ""


def test_krippendorff_2011_counts_and_agreement() -> None:
    result = agreement("q", paper_codings())
    assert (result.question, result.option) == ("q", None)
    assert (result.n_units, result.n_coders) == (11, 4)  # unit 12 has a single coding
    # Pairs per unit: 3 (unit 1), 6 (units 2-9), 3 (unit 10), 1 (unit 11) = 55; agreeing pairs:
    # 3 + 3 + 6 + 6 + 6 + 0 + 6 + 3 + 6 + 3 + 1 = 43.
    assert result.n_pairs == 55
    assert result.percent_agreement == pytest.approx(43 / 55)
    assert result.disagreements == (
        (2, {"A": 2, "B": 2, "C": 3, "D": 2}),
        (6, {"A": 1, "B": 2, "C": 3, "D": 4}),
        (8, {"A": 1, "B": 1, "C": 2, "D": 1}),
    )
    assert result.cohen_kappa is None
    assert "exactly two coders" in result.kappa_note and "4" in result.kappa_note


def two_coder_table(yy: int, yn: int, ny: int, nn: int) -> dict[Hashable, dict[str, Hashable]]:
    cells = (
        [("yes", "yes")] * yy + [("yes", "no")] * yn + [("no", "yes")] * ny + [("no", "no")] * nn
    )
    return {i: {"ann": a, "ben": b} for i, (a, b) in enumerate(cells)}


def test_cohen_kappa_textbook_table() -> None:
    result = agreement("q", two_coder_table(20, 5, 10, 15))
    # po = 35/50 = 0.7; ann says yes 25/50, ben 30/50; pe = 0.5*0.6 + 0.5*0.4 = 0.5;
    # kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4.
    assert result.cohen_kappa == pytest.approx(0.4)
    assert result.kappa_note == ""
    assert result.percent_agreement == pytest.approx(0.7)
    # Alpha by hand: n = 100 values, n_yes = 55, n_no = 45, o_yes,no + o_no,yes = 30;
    # alpha = 1 - 99 * 30 / (2 * 55 * 45) = 0.4.
    assert result.krippendorff_alpha == pytest.approx(0.4)
    assert (result.n_units, result.n_coders, len(result.disagreements)) == (50, 2, 15)


def test_kappa_differs_from_alpha_when_marginals_differ() -> None:
    # yes/yes 10, yes/no 10, no/yes 0, no/no 10: po = 2/3; ann yes 20/30, ben yes 10/30;
    # pe = (2/3)(1/3) + (1/3)(2/3) = 4/9; kappa = (2/3 - 4/9) / (5/9) = 0.4.
    # Alpha: n = 60, n_yes = 30, n_no = 30, off-diagonal 20; 1 - 59 * 20 / 1800 = 0.3444...
    result = agreement("q", two_coder_table(10, 10, 0, 10))
    assert result.cohen_kappa == pytest.approx(0.4)
    assert result.krippendorff_alpha == pytest.approx(1 - 59 * 20 / 1800)


def test_perfect_agreement() -> None:
    result = agreement("q", two_coder_table(3, 0, 0, 2))
    assert result.percent_agreement == 1.0
    assert result.krippendorff_alpha == pytest.approx(1.0)
    assert result.cohen_kappa == pytest.approx(1.0)
    assert result.disagreements == ()


def test_all_same_value_is_undefined_not_perfect() -> None:
    result = agreement("q", two_coder_table(6, 0, 0, 0))
    assert result.percent_agreement == 1.0
    assert result.krippendorff_alpha is None
    assert "same value" in result.alpha_note
    assert result.cohen_kappa is None
    assert "expected agreement is 1" in result.kappa_note


def test_missing_codings() -> None:
    codings: dict[Hashable, dict[str, Hashable | None]] = {
        "u1": {"ann": "yes", "ben": "yes"},
        "u2": {"ann": "no", "ben": "yes"},
        "u3": {"ann": "no"},  # ben did not code u3
        "u4": {"ann": "no", "ben": None},  # None is a missing coding too
        "u5": {"ann": "no", "ben": "no"},
    }
    result = agreement("q", codings)
    assert (result.n_units, result.n_coders, result.n_pairs) == (3, 2, 3)
    assert result.percent_agreement == pytest.approx(2 / 3)
    # Kappa over u1, u2, u5: po = 2/3; ann yes 1/3, ben yes 2/3; pe = 2/9 + 2/9 = 4/9;
    # kappa = (2/3 - 4/9) / (5/9) = 0.4.
    assert result.cohen_kappa == pytest.approx(0.4)
    assert result.krippendorff_alpha == pytest.approx(alpha_by_coincidences(codings))
    assert result.disagreements == (("u2", {"ann": "no", "ben": "yes"}),)


def test_no_unit_with_two_coders() -> None:
    result = agreement("q", {"u1": {"ann": "yes"}, "u2": {"ben": "no"}, "u3": {}})
    assert (result.n_units, result.n_coders, result.n_pairs) == (0, 0, 0)
    assert result.percent_agreement is None
    assert result.krippendorff_alpha is None and "no unit" in result.alpha_note
    assert result.cohen_kappa is None


def test_three_coders_no_kappa_but_alpha() -> None:
    codings = {1: {"a": "x", "b": "x", "c": "y"}, 2: {"a": "y", "b": "y", "c": "y"}}
    result = agreement("q", codings)
    assert result.cohen_kappa is None
    # Pairs: unit 1 has 1 agreeing of 3, unit 2 has 3 of 3.
    assert result.percent_agreement == pytest.approx(4 / 6)
    assert result.krippendorff_alpha == pytest.approx(alpha_by_coincidences(codings))


MULTI: dict[Hashable, dict[str, frozenset[str] | None]] = {
    "u1": {"ann": frozenset({"speech", "assembly"}), "ben": frozenset({"speech"})},
    "u2": {"ann": frozenset({"speech"}), "ben": frozenset({"speech"})},
    "u3": {"ann": frozenset({"violence"}), "ben": frozenset({"violence", "speech"})},
    "u4": {"ann": frozenset({"assembly"}), "ben": None},
}


def by_option(results: tuple[AgreementResult, ...]) -> dict[Hashable, AgreementResult]:
    return {r.option: r for r in results}


def test_option_agreement_per_option() -> None:
    results = by_option(option_agreement("conduct_kinds", MULTI))
    assert list(results) == ["assembly", "speech", "violence"]
    assert all(r.question == "conduct_kinds" for r in results.values())
    # speech: u1 T/T, u2 T/T, u3 F/T. po = 2/3; ann T 2/3, ben T 3/3; pe = 2/3; kappa = 0.
    # alpha: n = 6, n_T = 5, n_F = 1, off-diagonal 2; 1 - 5 * 2 / 10 = 0.
    speech = results["speech"]
    assert speech.percent_agreement == pytest.approx(2 / 3)
    assert speech.cohen_kappa == pytest.approx(0.0)
    assert speech.krippendorff_alpha == pytest.approx(0.0)
    assert speech.disagreements == (("u3", {"ann": False, "ben": True}),)
    # assembly: u1 T/F, u2 F/F, u3 F/F; u4 has one coder (ben missing, not False).
    assembly = results["assembly"]
    assert (assembly.n_units, assembly.percent_agreement) == (3, pytest.approx(2 / 3))
    violence = results["violence"]
    assert violence.krippendorff_alpha == pytest.approx(1.0)
    assert violence.cohen_kappa == pytest.approx(1.0)


def test_option_agreement_reports_unticked_options() -> None:
    results = by_option(option_agreement("conduct_kinds", MULTI, ["speech", "journalism"]))
    assert list(results) == ["speech", "journalism"]
    journalism = results["journalism"]
    assert journalism.percent_agreement == 1.0
    assert journalism.krippendorff_alpha is None


def test_whole_set_as_nominal_value() -> None:
    result = agreement("conduct_kinds", MULTI)
    assert result.percent_agreement == pytest.approx(1 / 3)  # only u2 has the same set


def test_agreement_report_splits_multi_questions() -> None:
    report = agreement_report(
        {"violence": two_coder_table(20, 5, 10, 15), "conduct_kinds": MULTI},
        options={"conduct_kinds": ["speech"]},
    )
    assert [(r.question, r.option) for r in report] == [
        ("violence", None),
        ("conduct_kinds", "speech"),
    ]
    assert report[0].cohen_kappa == pytest.approx(0.4)
    with pytest.raises(ValueError, match="mixes set and single values"):
        agreement_report({"q": {1: {"a": "x", "b": frozenset({"x"})}}})


def test_result_is_frozen() -> None:
    result = agreement("q", two_coder_table(1, 0, 0, 1))
    with pytest.raises(AttributeError):
        result.n_units = 3  # type: ignore[misc]
