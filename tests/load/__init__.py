"""Helpers for the reliability tests: a uvicorn server in a child process, and load clients."""
