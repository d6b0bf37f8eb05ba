"""Confidence intervals and bounds for shares reported from coded cases."""

from __future__ import annotations

import math
from statistics import NormalDist

__all__ = ["bounds_with_unclear", "wilson_interval"]


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion (no continuity correction).

    With ``n == 0`` there is no information, and the interval is the whole range ``(0.0, 1.0)``
    rather than an error or NaN, so that tables of many groups can be built without special
    cases; callers that print it should also print ``n``.

    Args:
        successes: Number of successes, ``0 <= successes <= n``.
        n: Number of trials, ``n >= 0``.
        confidence: Two-sided confidence level, strictly between 0 and 1.

    Returns:
        ``(low, high)``, within ``[0, 1]``.

    Raises:
        ValueError: ``n`` is negative, ``successes`` is outside ``[0, n]``, or ``confidence`` is
            not strictly between 0 and 1.
    """
    if n < 0 or not 0 <= successes <= n:
        raise ValueError(f"need 0 <= successes <= n, got successes={successes}, n={n}")
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be strictly between 0 and 1, got {confidence}")
    if n == 0:
        return (0.0, 1.0)
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half_width = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    # Clamp rounding noise: at p = 0 or 1 one bound is exactly 0 or 1 in exact arithmetic.
    low = 0.0 if successes == 0 else max(0.0, centre - half_width)
    high = 1.0 if successes == n else min(1.0, centre + half_width)
    return (low, high)


def bounds_with_unclear(yes: int, no: int, unclear: int) -> tuple[float, float]:
    """Share of ``yes`` when the ``unclear`` answers could go either way.

    Args:
        yes: Cases answered yes.
        no: Cases answered no.
        unclear: Cases answered unclear.

    Returns:
        ``(low_share, high_share)``: the share of yes counting every unclear case as no, and
        counting every unclear case as yes. ``(0.0, 1.0)`` when there are no cases.

    Raises:
        ValueError: A count is negative.
    """
    if min(yes, no, unclear) < 0:
        raise ValueError(f"counts must be >= 0, got yes={yes}, no={no}, unclear={unclear}")
    total = yes + no + unclear
    if total == 0:
        return (0.0, 1.0)
    return (yes / total, (yes + unclear) / total)
