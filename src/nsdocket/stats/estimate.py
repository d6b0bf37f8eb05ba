"""Multiple-systems estimation: how many people no list recorded, and how sure that is.

People linked across k source lists are counted by capture history (which lists name them).
Poisson log-linear models (`nsdocket.stats.loglinear`) are fitted to the 2^k - 1 observed
cells: independence, and hierarchical models adding two-way interactions between lists. One is
chosen by AIC (Rcapture's default) or BIC, each with a profile-likelihood interval for the
total N, and every model is reported so that a reader sees how much N depends on the choice.

    >>> data = CaptureHistories.from_counts(["a", "b"], [((1, 1), 20), ((1, 0), 30), ((0, 1), 10)])
    >>> round(estimate_population(data).total)
    75
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

from nsdocket.stats.capture_histories import CaptureHistories
from nsdocket.stats.estimate_warnings import EstimateWarning, warnings_for
from nsdocket.stats.loglinear import (
    LoglinearModel,
    ModelFit,
    ProfileInterval,
    fit_model,
    profile_interval,
)

__all__ = [
    "CRITERIA",
    "Estimate",
    "EstimateWarning",
    "ModelResult",
    "candidate_models",
    "estimate_population",
]

CRITERIA = ("aic", "bic")
# Up to this many pairs of lists (k = 4) every subset of two-way interactions is fitted;
# beyond it, those with at most two interactions, then a forward stepwise search.
ALL_SUBSETS_PAIRS = 6
# Profile intervals are computed for this many of the best models (and the best by the other
# criterion): each takes some 40 refits, and the others are far behind on the criterion.
INTERVAL_MODELS = 10


def candidate_models(k: int) -> list[LoglinearModel]:
    """The hierarchical models with two-way interactions that are fitted for ``k`` lists.

    With 2 lists only independence (the Lincoln-Petersen estimate) can be fitted; with 3 or 4
    every subset of the two-way interactions (8 and 64 models); with more, every model with
    at most two interactions (the stepwise search in `estimate_population` adds others).
    """
    if k < 2:
        raise ValueError("at least 2 lists are needed")
    pairs = list(itertools.combinations(range(k), 2))
    if k == 2:
        return [LoglinearModel()]
    largest = len(pairs) if len(pairs) <= ALL_SUBSETS_PAIRS else 2
    return [
        LoglinearModel(subset)
        for size in range(largest + 1)
        for subset in itertools.combinations(pairs, size)
    ]


def _number(value: float | None, digits: int = 3) -> float | None:
    if value is None or math.isnan(value) or math.isinf(value):
        return None
    return round(value, digits)


@dataclass(frozen=True)
class ModelResult:
    """One fitted model with its interval (None when the model has no usable estimate, or is
    not among those whose interval was computed)."""

    fit: ModelFit
    interval: ProfileInterval | None
    lists: tuple[str, ...]

    @property
    def name(self) -> str:
        """The model's interaction terms, or 'independence'."""
        return self.fit.model.name(self.lists)

    def to_json(self) -> dict[str, Any]:
        """The model as a JSON-ready dict (numbers without an estimate are null)."""
        fit, interval = self.fit, self.interval
        return {
            "model": self.name,
            "terms": fit.model.terms(self.lists),
            "description": fit.model.describe(self.lists),
            "usable": fit.usable,
            "total": _number(fit.total),
            "missed": _number(fit.missed),
            "stderr": _number(fit.stderr),
            "deviance": _number(fit.deviance, 4),
            "df": fit.df,
            "aic": _number(fit.aic, 4),
            "bic": _number(fit.bic, 4),
            "interval": None
            if interval is None
            else {
                "level": interval.level,
                "lower": _number(interval.lower),
                "upper": _number(interval.upper),
                "unbounded_above": interval.upper is None,
                "searched_to": _number(interval.searched_to),
                "lower_is_observed": interval.lower_is_observed,
                "multinomial_total": _number(interval.multinomial_total),
            },
            "problems": list(fit.problems),
        }


@dataclass(frozen=True)
class Estimate:
    """The estimate of how many people there are in all, including those on no list.

    Attributes:
        lists: the list names.
        cells: each observed history ('a+b') with its count.
        observed: people on at least one list.
        criterion: how the model was chosen, "aic" or "bic".
        chosen: the chosen model, or None when no model gives a usable estimate.
        best_by_aic, best_by_bic: the name of the best usable model by each criterion.
        models: every model fitted, best first by ``criterion``; those after the 10 best
            (other than the best by the other criterion) have no interval computed.
        warnings: why the estimate should be read with care, most serious first.
    """

    lists: tuple[str, ...]
    cells: tuple[tuple[str, int], ...]
    observed: int
    criterion: str
    chosen: ModelResult | None
    best_by_aic: str | None
    best_by_bic: str | None
    models: tuple[ModelResult, ...]
    warnings: tuple[EstimateWarning, ...]

    @property
    def total(self) -> float | None:
        """The estimated total N under the chosen model (None without one)."""
        return self.chosen.fit.total if self.chosen else None

    @property
    def missed(self) -> float | None:
        """The estimated number of people on no list under the chosen model."""
        return self.chosen.fit.missed if self.chosen else None

    @property
    def interval(self) -> ProfileInterval | None:
        """The chosen model's profile-likelihood interval for N."""
        return self.chosen.interval if self.chosen else None

    def to_json(self) -> dict[str, Any]:
        """The estimate as a JSON-ready dict."""
        return {
            "lists": list(self.lists),
            "cells": [{"history": label, "count": count} for label, count in self.cells],
            "observed": self.observed,
            "criterion": self.criterion,
            "chosen": self.chosen.to_json() if self.chosen else None,
            "best_by_aic": self.best_by_aic,
            "best_by_bic": self.best_by_bic,
            "models": [m.to_json() for m in self.models],
            "warnings": [w.to_json() for w in self.warnings],
        }


def _score(fit: ModelFit, criterion: str) -> float:
    value = fit.aic if criterion == "aic" else fit.bic
    return value if fit.usable and not math.isnan(value) else math.inf


def _best(fits: list[ModelFit], criterion: str) -> ModelFit | None:
    usable = [f for f in fits if f.usable]
    return min(usable, key=lambda f: _score(f, criterion)) if usable else None


def _stepwise(data: CaptureHistories, fits: list[ModelFit], criterion: str) -> list[ModelFit]:
    """Forward search from the best model: add the interaction that lowers the criterion most,
    while one does."""
    fitted = {f.model.interactions: f for f in fits}
    current = _best(fits, criterion)
    pairs = list(itertools.combinations(range(data.k), 2))
    while current is not None:
        steps = []
        for pair in pairs:
            if pair in current.model.interactions:
                continue
            model = LoglinearModel((*current.model.interactions, pair))
            if model.interactions not in fitted:
                fitted[model.interactions] = fit_model(data, model)
            steps.append(fitted[model.interactions])
        step = _best(steps, criterion)
        if step is None or _score(step, criterion) >= _score(current, criterion):
            break
        current = step
    return list(fitted.values())


def estimate_population(
    data: CaptureHistories, criterion: str = "aic", level: float = 0.95
) -> Estimate:
    """Estimate the total number of people, including those on no list.

    Args:
        data: the capture histories (at least 2 lists).
        criterion: "aic" (the default, as Rcapture) or "bic" to choose the model.
        level: the confidence level of the profile-likelihood intervals.

    Returns:
        The estimate under the chosen model, every model fitted and the warnings.

    Raises:
        ValueError: an unknown criterion or a level not strictly between 0 and 1.
    """
    if criterion not in CRITERIA:
        raise ValueError(f"criterion must be one of {', '.join(CRITERIA)}, not {criterion!r}")
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be strictly between 0 and 1, got {level}")
    fits = [fit_model(data, model) for model in candidate_models(data.k)]
    if len(list(itertools.combinations(range(data.k), 2))) > ALL_SUBSETS_PAIRS:
        fits = _stepwise(data, fits, criterion)
    fits.sort(key=lambda f: (_score(f, criterion), len(f.model.interactions)))
    chosen_fit = _best(fits, criterion)
    by_aic, by_bic = _best(fits, "aic"), _best(fits, "bic")
    with_interval = {id(f) for f in fits[:INTERVAL_MODELS] if f.usable}
    with_interval |= {id(f) for f in (by_aic, by_bic) if f is not None}
    results = tuple(
        ModelResult(
            f, profile_interval(data, f, level) if id(f) in with_interval else None, data.lists
        )
        for f in fits
    )
    chosen = next((r for r in results if r.fit is chosen_fit), None)
    return Estimate(
        lists=data.lists,
        cells=tuple((data.label(h), c) for h, c in data.cells()),
        observed=data.observed,
        criterion=criterion,
        chosen=chosen,
        best_by_aic=by_aic.model.name(data.lists) if by_aic else None,
        best_by_bic=by_bic.model.name(data.lists) if by_bic else None,
        models=results,
        warnings=tuple(
            warnings_for(
                data,
                chosen_fit,
                chosen.interval if chosen else None,
                fits,
                criterion,
            )
        ),
    )
