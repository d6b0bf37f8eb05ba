"""The CLI reference in Markdown, generated from the commands' own help (docs/cli.md).

``python -m nsdocket.cli.reference > docs/cli.md`` rewrites it; a test fails when it is stale.
"""

from __future__ import annotations

from typing import Any

import typer

from nsdocket.cli.main import app


def _commands(group: Any, prefix: str) -> list[tuple[str, Any]]:
    # typer vendors its own click: groups are recognised by their `commands`.
    found: list[tuple[str, Any]] = []
    for name in sorted(group.commands):
        command = group.commands[name]
        path = f"{prefix} {name}"
        if hasattr(command, "commands"):
            found.extend(_commands(command, path))
        else:
            found.append((path, command))
    return found


def _option_line(param: Any) -> str:
    if param.param_type_name == "argument":
        words = " ".join((getattr(param, "help", None) or "").split())
        return f"- `{str(param.name).upper()}` (argument)" + (f": {words}" if words else "")
    names = ", ".join(f"`{o}`" for o in (*param.opts, *param.secondary_opts))
    text = f"- {names}"
    if getattr(param, "help", None):
        text += f": {' '.join(param.help.split())}"
    return text


def cli_reference() -> str:
    """Every command with its help text and options, as Markdown."""
    root = typer.main.get_command(app)
    lines = [
        "# nsdocket command reference",
        "",
        "Generated from the commands' help by `python -m nsdocket.cli.reference`; do not edit.",
        "",
        "Global options (before the command): `--db FILE_OR_URL`, `--actor NAME`, `--version`.",
    ]
    for path, command in _commands(root, "nsdocket"):
        lines += ["", f"## `{path}`", ""]
        help_text = (command.help or "").strip()
        if help_text:
            for part in help_text.split("\n\n"):
                lines += [" ".join(part.split()), ""]
        params = [p for p in command.params if p.name not in ("help",)]
        lines += [_option_line(p) for p in params]
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(cli_reference(), end="")
