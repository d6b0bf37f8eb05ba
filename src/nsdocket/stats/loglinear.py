"""One Poisson log-linear model of capture histories, fitted, with a profile-likelihood interval.

The model (Fienberg 1972; Bishop, Fienberg and Holland 1975, ch. 6) says that the expected
count of history h = (h_1, ..., h_k) is

    log mu_h = u + sum_j u_j h_j + sum_{(j, l) in I} u_jl h_j h_l

with a main effect per list and a two-way interaction for each dependent pair of lists in I.
It is fitted to the 2^k - 1 observed cells; the all-zero cell, which no one can observe, is
then exp(u). This is what R's Rcapture fits with ``closedpCI.t(X, dfreq=TRUE, mX=...)``, and
the interval follows Rcapture's: the multinomial profile likelihood of N (Cormack 1992).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import statsmodels.api as sm
from scipy.optimize import brentq, minimize_scalar
from scipy.stats import chi2
from statsmodels.tools.sm_exceptions import ConvergenceWarning

from nsdocket.stats.capture_histories import CaptureHistories, histories

__all__ = [
    "LoglinearModel",
    "ModelFit",
    "ProfileInterval",
    "fit_model",
    "profile_interval",
]

Pair = tuple[int, int]

# A model whose missing cell is this many times the people observed has, in practice, no
# estimate: the data barely constrain it (the likelihood is flat towards infinity).
MAX_MISSED_FACTOR = 1000.0
# The upper end of an interval is searched up to this many times the estimate; beyond it the
# interval is reported as unbounded (Rcapture stops at 3 times and says "> 3N").
UPPER_SEARCH_FACTOR = 100.0
# How closely (in people) the maximum and the ends of an interval are located.
TOLERANCE = 1e-2


@dataclass(frozen=True)
class LoglinearModel:
    """Which pairs of lists are dependent (a two-way interaction each); none: independence."""

    interactions: tuple[Pair, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "interactions", tuple(sorted(self.interactions)))

    def terms(self, lists: tuple[str, ...]) -> list[str]:
        """The interaction terms as list names, e.g. ['police:court']."""
        return [f"{lists[a]}:{lists[b]}" for a, b in self.interactions]

    def name(self, lists: tuple[str, ...]) -> str:
        """A short name: 'independence', or the interaction terms joined by ' + '."""
        return " + ".join(self.terms(lists)) or "independence"

    def describe(self, lists: tuple[str, ...]) -> str:
        """The model in words."""
        if not self.interactions:
            return "all lists independent (a main effect per list, no interaction)"
        pairs = "; ".join(f"{lists[a]} with {lists[b]}" for a, b in self.interactions)
        return f"main effect per list, and dependence between {pairs}"


@cache
def _design(k: int, interactions: tuple[Pair, ...]) -> np.ndarray[Any, np.dtype[np.float64]]:
    rows = [
        [1.0, *map(float, h), *(float(h[a] * h[b]) for a, b in interactions)] for h in histories(k)
    ]
    return np.array(rows)


@dataclass(frozen=True)
class ModelFit:
    """A model fitted to the observed cells.

    Attributes:
        model: the model.
        observed: people on at least one list (n).
        missed: the estimated all-zero cell N0 = exp(intercept).
        total: N = n + N0.
        stderr: Rcapture's standard error of N, sqrt(N0 + N0^2 var(intercept)).
        deviance, df: the fit against the observed cells (df = cells - parameters).
        aic, bic: -2 log L + 2p, and -2 log L + p log(n), as Rcapture computes them.
        problems: why the estimate cannot be used, or what the fitting warned about.
        usable: False when the fit failed or N0 is effectively unbounded.
        params: the fitted log-linear parameters (intercept first).
    """

    model: LoglinearModel
    observed: int
    missed: float
    total: float
    stderr: float
    deviance: float
    df: int
    aic: float
    bic: float
    problems: tuple[str, ...]
    usable: bool
    params: tuple[float, ...]


def _glm(
    y: np.ndarray[Any, np.dtype[np.float64]],
    x: np.ndarray[Any, np.dtype[np.float64]],
    start: np.ndarray[Any, np.dtype[np.float64]] | None = None,
) -> Any:
    return sm.GLM(y, x, family=sm.families.Poisson()).fit(start_params=start)


def fit_model(data: CaptureHistories, model: LoglinearModel) -> ModelFit:
    """Fit ``model`` to the observed cells of ``data`` (statsmodels GLM, Poisson family).

    Returns:
        The fit; ``usable`` is False, with the reason in ``problems``, when the parameters are
        not all identified (more than the cells can fix), the fit does not converge, or the
        estimate of people missed is more than 1000 times the people observed.
    """
    x = _design(data.k, model.interactions)
    y = np.array(data.counts, dtype=float)
    n = data.observed
    params = x.shape[1]
    problems: list[str] = []
    if np.linalg.matrix_rank(x) < params:
        return _unusable(data, model, "more parameters than the observed cells can identify")
    for a, b in model.interactions:
        if not any(count for history, count in data.cells() if history[a] and history[b]):
            problems.append(
                f"no one is on both {data.lists[a]} and {data.lists[b]}: their interaction "
                "has no finite estimate (the model takes being on both as impossible)"
            )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = _glm(y, x)
    # statsmodels' "perfect separation" warning means every cell is fitted exactly, which a
    # model with as many parameters as cells always does: not a problem for a Poisson model.
    converged = bool(result.converged) and not any(
        issubclass(w.category, ConvergenceWarning) for w in caught
    )
    if not converged:
        problems.append("the fit did not converge")
    intercept = float(result.params[0])
    missed = math.exp(intercept) if intercept < 700 else math.inf
    usable = converged
    if missed > MAX_MISSED_FACTOR * n:
        problems.append(
            f"people missed estimated at more than {MAX_MISSED_FACTOR:g} times those observed: "
            "the data do not bound the estimate"
        )
        usable = False
    variance = float(result.cov_params()[0, 0])
    log_likelihood = float(result.llf)
    return ModelFit(
        model=model,
        observed=n,
        missed=missed,
        total=n + missed,
        stderr=math.sqrt(missed + missed * missed * variance) if usable else math.inf,
        deviance=max(0.0, float(result.deviance)),
        df=len(y) - params,
        aic=-2 * log_likelihood + 2 * params,
        bic=-2 * log_likelihood + params * math.log(n),
        problems=tuple(dict.fromkeys(problems)),
        usable=usable,
        params=tuple(float(p) for p in result.params),
    )


def _unusable(data: CaptureHistories, model: LoglinearModel, reason: str) -> ModelFit:
    nan = math.nan
    return ModelFit(
        model=model,
        observed=data.observed,
        missed=nan,
        total=nan,
        stderr=nan,
        deviance=nan,
        df=len(data.counts) - _design(data.k, model.interactions).shape[1],
        aic=nan,
        bic=nan,
        problems=(reason,),
        usable=False,
        params=(),
    )


@dataclass(frozen=True)
class ProfileInterval:
    """A profile-likelihood confidence interval for N.

    Attributes:
        level: the confidence level, e.g. 0.95.
        lower: the lower end; the number observed when the likelihood does not fall enough
            between it and the maximum.
        upper: the upper end, or None when the likelihood stays above the cut-off up to
            ``searched_to`` (the interval is unbounded as far as the data can tell).
        multinomial_total: the N that maximises the multinomial profile likelihood (Rcapture's
            "multinomial estimation"; close to, and a little below, the Poisson estimate).
        lower_is_observed: the lower end is the number observed, not a crossing point.
        searched_to: how far up the upper end was looked for.
    """

    level: float
    lower: float
    upper: float | None
    multinomial_total: float
    lower_is_observed: bool
    searched_to: float


def _profile_log_likelihood(data: CaptureHistories, fit: ModelFit, total: float) -> float:
    """The multinomial log-likelihood of N = ``total``, maximised over the model's parameters.

    The Poisson model is fitted to all 2^k cells with the missing cell set to N - n; its
    deviance plus the correction log N! - log (N-n)! + (N-n) log(N-n) - N log N (Cormack 1992)
    gives the multinomial profile log-likelihood up to a constant that does not depend on N.
    """
    n = data.observed
    missing = max(total - n, 0.0)
    x = _design(data.k, fit.model.interactions)
    x_all = np.vstack([x, np.eye(1, x.shape[1])])
    y_all = np.append(np.array(data.counts, dtype=float), missing)
    model = sm.GLM(y_all, x_all, family=sm.families.Poisson())
    with warnings.catch_warnings():
        # Cells of zero (the missing cell at N = n among them) make statsmodels warn that a
        # parameter sits at the boundary; the deviance is still the maximised one.
        warnings.simplefilter("ignore")
        # Newton steps from the observed-cells fit take half the time of IRLS from scratch
        # (an interval takes some 30 of these fits); far from that fit, or near N = n where
        # the missing cell runs off towards zero, they can fail, and IRLS starts afresh.
        try:
            result = model.fit(start_params=np.array(fit.params), method="newton", disp=0)
            restart = not result.mle_retvals["converged"] or not math.isfinite(result.deviance)
        except (ValueError, np.linalg.LinAlgError):
            restart = True
        if restart:
            result = model.fit()
    correction = (
        math.lgamma(total + 1)
        - math.lgamma(missing + 1)
        + (missing * math.log(missing) if missing > 0 else 0.0)
        - total * math.log(total)
    )
    return -float(result.deviance) / 2 + correction


def _peak(loglik: Callable[[float], float], fit: ModelFit, n: float) -> tuple[float, float]:
    """Where the profile log-likelihood peaks, and its value there.

    The peak lies a little below the Poisson estimate; it is looked for within a few standard
    errors of it first, then, if it sits at the edge of that range, over Rcapture's (n, 1.5 N).
    """
    tolerance = max(TOLERANCE, 1e-5 * fit.total)
    ranges = [
        (max(n, fit.total - 3 * fit.stderr), fit.total + fit.stderr + 1.0),
        (n, max(1.5 * fit.total, n + 1.0)),
    ]
    for low, high in ranges:
        best = minimize_scalar(
            lambda total: -loglik(total),
            bounds=(low, high),
            method="bounded",
            options={"xatol": tolerance},
        )
        peak = float(best.x)
        at_edge = (peak - low < 2 * tolerance and low > n) or high - peak < 2 * tolerance
        if not at_edge:
            break
    return peak, -float(best.fun)


def _crossing(
    above: Callable[[float], float], start: float, step: float, limit: float
) -> float | None:
    """Where ``above``, positive at ``start``, first falls below zero on the way to ``limit``
    (in steps of ``step`` that double each time); None if it stays positive up to ``limit``."""
    inner, outer = start, start + step
    while True:
        outer = min(outer, limit) if step > 0 else max(outer, limit)
        if above(outer) < 0:
            return float(brentq(above, min(inner, outer), max(inner, outer), xtol=TOLERANCE))
        if outer == limit:
            return None
        step *= 2
        inner, outer = outer, outer + step


def profile_interval(data: CaptureHistories, fit: ModelFit, level: float = 0.95) -> ProfileInterval:
    """The profile-likelihood interval for N under a fitted model, as Rcapture's closedpCI.

    N ranges over [n, infinity); the interval holds the N whose profile log-likelihood is
    within chi2_1(level) / 2 of its maximum.

    Raises:
        ValueError: the fit is not usable (no finite estimate to profile around), or the
            level is not strictly between 0 and 1.
    """
    if not fit.usable:
        raise ValueError("no interval for a model without a usable estimate")
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be strictly between 0 and 1, got {level}")
    n = float(data.observed)
    computed: dict[float, float] = {}

    def loglik(total: float) -> float:
        # The searches below ask again for points already computed (the ends of brackets).
        if total not in computed:
            computed[total] = _profile_log_likelihood(data, fit, total)
        return computed[total]

    peak, top = _peak(loglik, fit, n)
    cutoff = top - float(chi2.ppf(level, 1)) / 2

    def above_cutoff(total: float) -> float:
        return loglik(total) - cutoff

    # Steps of two standard errors find the crossings in one or two tries when the
    # likelihood is roughly normal, and double when it is not.
    step = 2 * max(fit.stderr, 1.0)
    lower = _crossing(above_cutoff, peak, -step, n)
    searched_to = UPPER_SEARCH_FACTOR * max(fit.total, n + 1.0)
    upper = _crossing(above_cutoff, peak, step, searched_to)
    return ProfileInterval(
        level=level,
        lower=n if lower is None else lower,
        upper=upper,
        multinomial_total=peak,
        lower_is_observed=lower is None,
        searched_to=searched_to,
    )
