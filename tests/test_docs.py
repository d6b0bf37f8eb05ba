"""The CLI reference in docs/ is generated from --help and must not go stale."""

from __future__ import annotations

from nsdocket.cli.reference import cli_reference
from tests.conftest import REPO


def test_cli_reference_is_current() -> None:
    written = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert written == cli_reference(), (
        "docs/cli.md is stale: run `.venv/bin/python -m nsdocket.cli.reference > docs/cli.md`"
    )


def test_every_command_has_an_example() -> None:
    text = cli_reference()
    sections = text.split("\n## ")[1:]
    missing = [s.splitlines()[0] for s in sections if "Example:" not in s]
    assert not missing, f"commands without an example in their help: {missing}"
