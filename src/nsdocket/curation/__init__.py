"""Curating the case database by hand: decisions a person takes on flagged data."""

from nsdocket.curation.merge_cases import MergeError, MergeReport, merge_cases

__all__ = ["MergeError", "MergeReport", "merge_cases"]
