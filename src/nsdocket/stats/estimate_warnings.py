"""Plain warnings for an estimate of people missed: when the number means little, say why."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scipy.stats import chi2

from nsdocket.stats.capture_histories import CaptureHistories
from nsdocket.stats.loglinear import MAX_MISSED_FACTOR, ModelFit, ProfileInterval

__all__ = ["EstimateWarning", "warnings_for"]

# A cell with fewer people than this gives little to estimate an interaction from.
SPARSE_CELL = 5
# An interval whose upper end is more than this many times its lower end is "very wide".
WIDE_INTERVAL_RATIO = 2.0
# Models whose criterion is within this of the chosen one's are, by the usual rule of thumb
# (Burnham and Anderson), about as well supported by the data.
CLOSE_CRITERION = 2.0
# A chosen model whose deviance has a p-value below this fits the observed cells badly.
POOR_FIT_P = 0.05


@dataclass(frozen=True)
class EstimateWarning:
    """Why an estimate should be read with care: a stable code and a sentence for people."""

    code: str
    message: str

    def to_json(self) -> dict[str, str]:
        """The warning as a JSON-ready dict."""
        return {"code": self.code, "message": self.message}


def _count(n: float) -> str:
    return f"{n:,.0f}"


def warnings_for(
    data: CaptureHistories,
    chosen: ModelFit | None,
    interval: ProfileInterval | None,
    fits: Sequence[ModelFit],
    criterion: str,
) -> list[EstimateWarning]:
    """Every warning that applies to an estimate, most serious first.

    Args:
        data: the capture histories.
        chosen: the model chosen by ``criterion`` among usable ones, or None if none is.
        interval: the chosen model's interval.
        fits: every model fitted.
        criterion: "aic" or "bic".
    """
    found: list[EstimateWarning] = []
    label = criterion.upper()
    if chosen is None:
        found.append(
            EstimateWarning(
                "no_estimate",
                "No model gives a usable estimate: the overlaps between the lists are too "
                "small to say how many people no list recorded.",
            )
        )
    if data.k == 2:
        found.append(
            EstimateWarning(
                "two_lists",
                "Only 2 lists: the estimate is the Lincoln-Petersen one, which assumes that "
                "being on one list does not change a person's chance of being on the other. "
                "With 2 lists that assumption cannot be tested, and a dependence between the "
                "lists (e.g. one list drawing on the other) biases the estimate without any "
                "sign in the data.",
            )
        )
    found.extend(_sparse(data))
    found.extend(_complete_lists(data))
    if chosen is not None:
        found.extend(_set_aside(data, chosen, fits, criterion))
        found.extend(_fit_warnings(data, chosen, label))
        if interval is not None:
            found.extend(_interval_warnings(chosen, interval))
            found.extend(_model_uncertainty(data, chosen, interval, fits, criterion))
    found.append(
        EstimateWarning(
            "heterogeneity",
            "These models assume that, apart from the dependences between lists they include, "
            "everyone has the same chance of being on a list. If some people are hard to "
            "record on every list (less visible cases, people who avoid contact), those on no "
            "list are more numerous than estimated: the estimate is then too low. Two-way "
            "interactions absorb part of such heterogeneity, not all of it; estimating within "
            "groups that differ in visibility (strata) helps.",
        )
    )
    return found


def _value(fit: ModelFit, criterion: str) -> float:
    value = fit.aic if criterion == "aic" else fit.bic
    return value if not math.isnan(value) else math.inf


def _set_aside(
    data: CaptureHistories, chosen: ModelFit, fits: Sequence[ModelFit], criterion: str
) -> list[EstimateWarning]:
    """Models that the criterion prefers to the chosen one but that give no usable estimate."""
    better = [f for f in fits if not f.usable and _value(f, criterion) < _value(chosen, criterion)]
    if not better:
        return []
    names = "; ".join(f"{f.model.name(data.lists)} ({', '.join(f.problems)})" for f in better)
    unbounded = any(f.missed > MAX_MISSED_FACTOR * data.observed for f in better)
    return [
        EstimateWarning(
            "better_models_unusable",
            f"Models with a lower {criterion.upper()} than the chosen one give no usable "
            f"estimate and were set aside: {names}."
            + (
                " The data are then consistent with far more people missed than the chosen "
                "model says."
                if unbounded
                else ""
            ),
        )
    ]


def _sparse(data: CaptureHistories) -> list[EstimateWarning]:
    found = []
    small = [(h, c) for h, c in data.cells() if c < SPARSE_CELL]
    if small:
        cells = ", ".join(f"{data.label(h)}: {c}" for h, c in small)
        found.append(
            EstimateWarning(
                "sparse_cells",
                f"{len(small)} of the {len(data.counts)} observed cells "
                f"{'holds' if len(small) == 1 else 'hold'} fewer than {SPARSE_CELL} people "
                f"({cells}). Interactions fitted to so few people are "
                "poorly determined, and the estimate can move a lot with one person more or "
                "less.",
            )
        )
    if data.k > 2 and data.on_every_list() == 0:
        found.append(
            EstimateWarning(
                "no_one_on_every_list",
                f"No one is on all {data.k} lists. Models with interactions lean on that cell; "
                "an empty one makes their estimates unstable.",
            )
        )
    return found


def _complete_lists(data: CaptureHistories) -> list[EstimateWarning]:
    return [
        EstimateWarning(
            "complete_list",
            f"Everyone observed is on list '{name}'. The models then say that no one was "
            "missed, which holds only if that list is truly complete; the other lists cannot "
            "tell.",
        )
        for i, name in enumerate(data.lists)
        if data.on_list(i) == data.observed
    ]


def _fit_warnings(data: CaptureHistories, chosen: ModelFit, label: str) -> list[EstimateWarning]:
    found = []
    if chosen.df > 0:
        p_value = float(chi2.sf(chosen.deviance, chosen.df))
        if p_value < POOR_FIT_P:
            found.append(
                EstimateWarning(
                    "poor_fit",
                    f"The chosen model fits the observed cells badly (deviance "
                    f"{chosen.deviance:.1f} on {chosen.df} df, p = {p_value:.3f}): the "
                    f"dependences between lists are more complex than any model tried, and "
                    f"the estimate is doubtful.",
                )
            )
    elif data.k > 2:
        found.append(
            EstimateWarning(
                "saturated",
                f"The model chosen by {label} has as many parameters as observed cells: it "
                "fits them exactly, so nothing in the data checks it, and its estimate rests "
                "entirely on assuming no three-way (or higher) interaction between lists.",
            )
        )
    for problem in chosen.problems:
        found.append(EstimateWarning("fit_problem", f"Fitting the chosen model: {problem}."))
    return found


def _interval_warnings(chosen: ModelFit, interval: ProfileInterval) -> list[EstimateWarning]:
    percent = f"{interval.level:.0%}"
    if interval.upper is None:
        return [
            EstimateWarning(
                "unbounded_interval",
                f"The {percent} interval has no upper end below {_count(interval.searched_to)}: "
                "the data are consistent with almost any number of people missed.",
            )
        ]
    if interval.upper > WIDE_INTERVAL_RATIO * interval.lower:
        return [
            EstimateWarning(
                "wide_interval",
                f"The {percent} interval is very wide ({_count(interval.lower)} to "
                f"{_count(interval.upper)}, estimate {_count(chosen.total)}): its upper end is "
                f"more than {WIDE_INTERVAL_RATIO:g} times its lower end.",
            )
        ]
    return []


def _model_uncertainty(
    data: CaptureHistories,
    chosen: ModelFit,
    interval: ProfileInterval,
    fits: Sequence[ModelFit],
    criterion: str,
) -> list[EstimateWarning]:
    upper = interval.upper if interval.upper is not None else math.inf
    rivals = [
        f
        for f in fits
        if f.usable
        and f is not chosen
        and _value(f, criterion) - _value(chosen, criterion) <= CLOSE_CRITERION
        and not interval.lower <= f.total <= upper
    ]
    if not rivals:
        return []
    label = criterion.upper()
    listed = "; ".join(
        f"{f.model.name(data.lists)}: {_count(f.total)} ({label} +"
        f"{_value(f, criterion) - _value(chosen, criterion):.1f})"
        for f in rivals
    )
    return [
        EstimateWarning(
            "model_uncertainty",
            f"Other models are about as well supported ({label} within {CLOSE_CRITERION:g} "
            f"of the chosen one) but estimate a total outside the chosen model's interval: "
            f"{listed}. The data do not choose between them; the estimate depends on that "
            "choice more than the interval shows.",
        )
    ]
