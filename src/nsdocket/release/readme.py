"""The release's README.md: what is in it, what is withheld, how to open and check it."""

from __future__ import annotations

import datetime as dt

from nsdocket.queries.redact import SENSITIVE_FIELDS
from nsdocket.release.tables import left_out_tables


def readme_text(
    title: str,
    description: str,
    licence: dict[str, str],
    rows: dict[str, int],
    created: dt.datetime,
    *,
    coder_names: bool = False,
) -> str:
    """README.md for a release folder."""
    coders = (
        "Coders and reviewers are named as the team recorded them."
        if coder_names
        else "Coders and reviewers are named by pseudonym (`coder-1`, `coder-2` ...), the same "
        "person\nunder the same pseudonym in every release; `seed-compiler` marks first-pass "
        "drafts made by\nthe data's compiler, not a person."
    )
    withheld = "\n".join(
        f"- `{table}`: when `{flag}` is true, {', '.join(f'`{f}`' for f in fields)}"
        for table, (flag, fields) in SENSITIVE_FIELDS.items()
    )
    left_out = "\n".join(f"- `{name}`: {why}" for name, why in left_out_tables().items())
    counts = "\n".join(f"| {name} | {n} |" for name, n in rows.items())
    return f"""# {title}

{description}

Released {created.strftime("%Y-%m-%d %H:%M UTC")}. Data licence: {licence["title"]}
({licence["name"]}, {licence["path"]}). Cite the sources listed in `data/source.csv` for the
facts they support; judgments and articles remain under their own terms (this release holds
their addresses, titles and short quotes only).

## Files

- `data/*.csv`: one file per table, UTF-8, a header line; lists and objects as JSON text.
- `datapackage.json`: a Frictionless Data Package (schemas, keys, licence, sources, hashes).
  Check it with `frictionless validate datapackage.json`.
- `nsdocket.db` and `metadata.json`: the same rows as SQLite. Browse them with
  `datasette nsdocket.db -m metadata.json`.
- `CHANGELOG.md`, `changes.json`: rows added, changed and removed since the previous release.
- `SHA256SUMS`: check the files with `sha256sum -c SHA256SUMS`.

| table | rows |
|---|---:|
{counts}

## What is withheld

Fields withheld from rows flagged sensitive (shown as `[withheld]` or empty):

{withheld}

A withheld name or address is also replaced by `[withheld]` wherever else it appears (a case
title, a note, a quote).

{coders}

Tables not released:

{left_out}
"""
