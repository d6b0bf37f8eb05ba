"""Statistics over coded cases: intervals and bounds for published shares."""

from nsdocket.stats.intervals import bounds_with_unclear, wilson_interval

__all__ = ["bounds_with_unclear", "wilson_interval"]
