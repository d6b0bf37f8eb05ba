"""A case's status, worked out from the outcomes of its prosecutions."""

from __future__ import annotations

from collections.abc import Iterable

CONCLUDED_OUTCOMES = frozenset({"convicted", "acquitted", "withdrawn"})


def case_status(outcomes: Iterable[str]) -> str:
    """``pending`` while any prosecution is; ``concluded`` when all ended in a verdict or a
    withdrawal; ``not_charged`` when nobody was charged; ``mixed`` for some of each; else
    ``unknown``."""
    found = set(outcomes)
    if not found:
        return "unknown"
    if "pending" in found:
        return "pending"
    if found <= CONCLUDED_OUTCOMES:
        return "concluded"
    if found == {"not_charged"}:
        return "not_charged"
    if found & CONCLUDED_OUTCOMES:
        return "mixed"
    return "unknown"
