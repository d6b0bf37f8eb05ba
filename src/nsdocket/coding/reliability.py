"""Inter-coder agreement for nominal codings.

Input, per question: ``{unit_id: {coder: value}}``. A unit is whatever was coded (a defendant, or
a charge); values are any hashable (answer strings, booleans, or frozensets for whole multi
answers). A coder missing from a unit's mapping, or a value of ``None``, is a missing coding.

Only units coded by two or more coders can be compared ("pairable" units, in Krippendorff's
term); the others are ignored by every statistic.

* ``percent_agreement`` is pooled pairwise agreement: over all pairable units, the number of
  coder pairs that gave the same value divided by the number of coder pairs. With two coders it
  is the share of units on which they agree.
* ``krippendorff_alpha`` is nominal alpha from the ``krippendorff`` library. It is ``None`` when
  undefined: no pairable unit, or all pairable codings use one value (expected disagreement is
  then zero and alpha is 0/0).
* ``cohen_kappa`` needs exactly two coders across the pairable units (then both coded each of
  them); otherwise it is ``None``. It is also ``None`` when expected agreement is 1.

Multi questions: whole answers (frozensets) can be compared as nominal values with
:func:`agreement` (agreement means the same set), but the usual report is one binary indicator
per option, "did the coder tick this option", from :func:`option_agreement`. A coder who coded
the unit and did not tick the option counts as ``False``; a coder who did not code the unit
stays missing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Set
from dataclasses import dataclass
from itertools import combinations

import krippendorff
import numpy as np

__all__ = [
    "AgreementResult",
    "Codings",
    "agreement",
    "agreement_report",
    "option_agreement",
]

Codings = Mapping[Hashable, Mapping[str, Hashable | None]]
"""``{unit_id: {coder: value}}`` for one question."""


@dataclass(frozen=True)
class AgreementResult:
    """Agreement on one question (or one option of a multi question).

    Attributes:
        question: The question id.
        option: For a per-option result of a multi question, the option; otherwise ``None``.
        n_units: Units coded by at least two coders (the units compared).
        n_coders: Coders who coded at least one compared unit.
        n_pairs: Coder pairs compared, summed over units.
        percent_agreement: Pooled pairwise agreement, or ``None`` if no unit was compared.
        krippendorff_alpha: Nominal alpha, or ``None`` if undefined.
        alpha_note: Why alpha is ``None``; empty otherwise.
        cohen_kappa: Cohen's kappa, or ``None`` if not applicable or undefined.
        kappa_note: Why kappa is ``None``; empty otherwise.
        disagreements: ``(unit_id, {coder: value})`` for each compared unit whose coders did not
            all agree, in input order (missing codings left out).
    """

    question: str
    option: Hashable | None
    n_units: int
    n_coders: int
    n_pairs: int
    percent_agreement: float | None
    krippendorff_alpha: float | None
    alpha_note: str
    cohen_kappa: float | None
    kappa_note: str
    disagreements: tuple[tuple[Hashable, dict[str, Hashable]], ...]


def agreement(
    question: str, codings: Codings, *, option: Hashable | None = None
) -> AgreementResult:
    """Compute agreement statistics for one nominal question.

    Args:
        question: The question id, copied into the result.
        codings: ``{unit_id: {coder: value}}``; ``None`` values count as missing.
        option: Copied into the result (used by :func:`option_agreement`).

    Returns:
        The statistics; see the module docstring for definitions.
    """
    units: dict[Hashable, dict[str, Hashable]] = {}
    for unit_id, by_coder in codings.items():
        present = {coder: value for coder, value in by_coder.items() if value is not None}
        if len(present) >= 2:
            units[unit_id] = present

    coders = sorted({coder for present in units.values() for coder in present})
    pairs = agree = 0
    disagreements: list[tuple[Hashable, dict[str, Hashable]]] = []
    for unit_id, present in units.items():
        for a, b in combinations(present.values(), 2):
            pairs += 1
            agree += a == b
        if len(set(present.values())) > 1:
            disagreements.append((unit_id, dict(present)))

    alpha, alpha_note = _alpha(list(units.values()))
    kappa, kappa_note = _kappa(list(units.values()), coders)
    return AgreementResult(
        question=question,
        option=option,
        n_units=len(units),
        n_coders=len(coders),
        n_pairs=pairs,
        percent_agreement=agree / pairs if pairs else None,
        krippendorff_alpha=alpha,
        alpha_note=alpha_note,
        cohen_kappa=kappa,
        kappa_note=kappa_note,
        disagreements=tuple(disagreements),
    )


def option_agreement(
    question: str,
    codings: Mapping[Hashable, Mapping[str, Set[Hashable] | None]],
    options: Iterable[Hashable] | None = None,
) -> tuple[AgreementResult, ...]:
    """Per-option binary agreement for a multi question.

    Args:
        question: The question id.
        codings: ``{unit_id: {coder: set of ticked options}}``; ``None`` counts as missing.
        options: The options to report, e.g. the question's answer values, so that options
            nobody ticked are reported too. Default: every option ticked by someone, sorted by
            their string form.

    Returns:
        One result per option, with ``option`` set and indicator values ``True``/``False``.
    """
    if options is None:
        ticked = {o for by_coder in codings.values() for s in by_coder.values() if s for o in s}
        options = sorted(ticked, key=str)
    results = []
    for option in options:
        indicators = {
            unit_id: {coder: None if s is None else option in s for coder, s in by_coder.items()}
            for unit_id, by_coder in codings.items()
        }
        results.append(agreement(question, indicators, option=option))
    return tuple(results)


def agreement_report(
    data: Mapping[str, Codings], options: Mapping[str, Iterable[Hashable]] | None = None
) -> tuple[AgreementResult, ...]:
    """Agreement for several questions; multi questions are split per option.

    A question is treated as multi when its codings are sets (``set`` or ``frozenset``).

    Args:
        data: ``{question_id: {unit_id: {coder: value}}}``.
        options: Optional ``{question_id: options}`` passed to :func:`option_agreement`.

    Returns:
        Results in input order; a multi question contributes one result per option.

    Raises:
        ValueError: A question mixes set and non-set values.
    """
    results: list[AgreementResult] = []
    for question, codings in data.items():
        values = [v for by_coder in codings.values() for v in by_coder.values() if v is not None]
        sets = [isinstance(v, Set) for v in values]
        if any(sets) and not all(sets):
            raise ValueError(f"question '{question}': mixes set and single values")
        if values and all(sets):
            multi = {
                unit: {c: v if isinstance(v, Set) else None for c, v in by_coder.items()}
                for unit, by_coder in codings.items()
            }
            results.extend(option_agreement(question, multi, (options or {}).get(question)))
        else:
            results.append(agreement(question, codings))
    return tuple(results)


def _alpha(units: list[dict[str, Hashable]]) -> tuple[float | None, str]:
    if not units:
        return None, "undefined: no unit was coded by two or more coders"
    domain = list(dict.fromkeys(v for present in units for v in present.values()))
    if len(domain) < 2:
        return None, "undefined: every coding uses the same value, so expected disagreement is 0"
    index = {value: i for i, value in enumerate(domain)}
    # The units x values count matrix lets any hashable value through; the library's own
    # reliability_data path only handles numbers and strings.
    counts = np.zeros((len(units), len(domain)), dtype=int)
    for row, present in enumerate(units):
        for value in present.values():
            counts[row, index[value]] += 1
    value = krippendorff.alpha(value_counts=counts, level_of_measurement="nominal")
    return float(value), ""


def _kappa(units: list[dict[str, Hashable]], coders: list[str]) -> tuple[float | None, str]:
    if len(coders) != 2:
        return None, f"needs exactly two coders across the compared units, found {len(coders)}"
    first, second = coders
    pairs = [(present[first], present[second]) for present in units]
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    marg_first = Counter(a for a, _ in pairs)
    marg_second = Counter(b for _, b in pairs)
    expected = sum(marg_first[v] * marg_second[v] for v in marg_first) / (n * n)
    if expected == 1:
        return (
            None,
            "undefined: both coders used one and the same value, so expected agreement is 1",
        )
    return (observed - expected) / (1 - expected), ""
