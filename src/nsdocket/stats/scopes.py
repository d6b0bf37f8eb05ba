"""Scope profiles: the inclusion rules of a figure, as data (``profiles/<jurisdiction>.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

import yaml

from nsdocket.reference import load_lawbook

ENTITY_KINDS = ("person", "company", "organisation", "group")
DEFAULT_SCOPE = "amnesty-2025"


class ScopeError(KeyError):
    """An unknown scope profile or a profile that names unknown offences."""


@dataclass(frozen=True)
class Scope:
    """Which prosecutions a figure counts.

    Attributes:
        name: the profile's name (``amnesty-2025``).
        title: a short title for tables.
        description: the inclusion rule in words, for methodology sections.
        offences: offence keys (``NSL:21``) or whole laws (``NSL:*``).
        entity_kinds: defendant kinds counted (persons only unless the profile says otherwise).
        arrest_years: only prosecutions with an arrest whose earliest possible date falls in
            these years, first to last (None: no end); None counts every prosecution.
    """

    name: str
    title: str
    description: str
    offences: tuple[str, ...]
    entity_kinds: tuple[str, ...]
    arrest_years: tuple[int, int | None] | None = None

    @property
    def laws(self) -> tuple[str, ...]:
        """Law codes named wholly (``NSL:*``)."""
        return tuple(o.split(":")[0] for o in self.offences if o.endswith(":*"))

    @property
    def single_offences(self) -> tuple[tuple[str, str], ...]:
        """(law code, provision) pairs named one by one."""
        return tuple(
            (o.split(":")[0], o.split(":")[1]) for o in self.offences if not o.endswith(":*")
        )

    def with_kinds(self, kinds: tuple[str, ...]) -> Scope:
        """The same scope counting other defendant kinds."""
        unknown = [k for k in kinds if k not in ENTITY_KINDS]
        if unknown:
            raise ScopeError(f"unknown defendant kind {unknown[0]!r} (known: {ENTITY_KINDS})")
        return replace(self, entity_kinds=kinds)

    def with_arrest_years(self, first: int, last: int | None) -> Scope:
        """The same scope narrowed to prosecutions arrested from ``first`` to ``last``.

        Args:
            first: the first year counted.
            last: the last year counted (None: every year from ``first`` on).
        """
        if last is not None and last < first:
            raise ScopeError(f"the years run backwards ({first} to {last})")
        return replace(self, arrest_years=(first, last))

    def in_words(self) -> str:
        """The scope as a phrase: ``NSL, SNSO, CAP200:10; persons``."""
        kinds = ", ".join(f"{k}s" if k != "company" else "companies" for k in self.entity_kinds)
        offences = ", ".join(o.removesuffix(":*") for o in self.offences)
        if self.arrest_years is None:
            return f"{offences}; {kinds}"
        first, last = self.arrest_years
        if last is None:
            years = f"arrested {first} or later"
        elif last == first:
            years = f"arrested in {first}"
        else:
            years = f"arrested {first}–{last}"
        # Kinds last: `Figure.unit_plural` reads "; persons" at the end.
        return f"{offences}; {years}; {kinds}"


@cache
def scope_profiles(jurisdiction: str = "hk") -> dict[str, Scope]:
    """Every scope profile shipped for a jurisdiction, by name."""
    text = (resources.files("nsdocket.stats") / "profiles" / f"{jurisdiction}.yaml").read_text(
        encoding="utf-8"
    )
    raw = yaml.safe_load(text)["profiles"]
    book = load_lawbook(jurisdiction)
    out: dict[str, Scope] = {}
    for name, item in raw.items():
        offences = tuple(str(o) for o in item["offences"])
        for key in offences:
            code, _, provision = key.partition(":")
            law_known = any(law.code == code for law in book.laws)
            if not law_known or (provision != "*" and book.offence(code, provision) is None):
                raise ScopeError(f"scope profile {name}: unknown offence {key!r}")
        out[name] = Scope(
            name=name,
            title=str(item["title"]),
            description=" ".join(str(item["description"]).split()),
            offences=offences,
            entity_kinds=tuple(item.get("entity_kinds", ["person"])),
        )
    return out


def get_scope(name: str, jurisdiction: str = "hk") -> Scope:
    """The scope profile called ``name``.

    Raises:
        ScopeError: when there is no such profile.
    """
    profiles = scope_profiles(jurisdiction)
    if name not in profiles:
        raise ScopeError(f"unknown scope '{name}' (known: {', '.join(profiles)})")
    return profiles[name]
