"""Open data releases: CSVs, a Frictionless Data Package, SQLite for Datasette, checksums."""

from nsdocket.queries.scrub import Scrubber, scrubber_for
from nsdocket.release.changelog import ReleaseError, TableChanges
from nsdocket.release.package import Release, verify_checksums, write_release

__all__ = [
    "Release",
    "ReleaseError",
    "Scrubber",
    "TableChanges",
    "scrubber_for",
    "verify_checksums",
    "write_release",
]
