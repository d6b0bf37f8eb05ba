"""Open data releases: CSVs, a Frictionless Data Package, SQLite for Datasette, checksums."""

from nsdocket.release.changelog import ReleaseError, TableChanges
from nsdocket.release.package import Release, verify_checksums, write_release
from nsdocket.release.scrub import Scrubber, scrubber_for

__all__ = [
    "Release",
    "ReleaseError",
    "Scrubber",
    "TableChanges",
    "scrubber_for",
    "verify_checksums",
    "write_release",
]
