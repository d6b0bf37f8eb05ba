"""nsdocket: monitor national-security prosecutions with figures anyone can audit."""

__version__ = "0.1.0"
