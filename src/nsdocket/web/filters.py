"""Reading the filters of a request: the case list's facets, and the figures' scope, law,
defendant kind, years and as-of date.

The dashboard and the figure page take the same filters as the case list (law, year, kind)
plus a scope profile and an as-of date. They are read here into a library
:class:`~nsdocket.stats.scopes.Scope`, so the figures narrow themselves in SQL; a bad value is
a :class:`FilterError` with a message for the reader.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from nsdocket.queries.cases import CASE_STATUSES, ENTITY_KINDS, CaseFilter
from nsdocket.reference import load_lawbook
from nsdocket.stats.scopes import DEFAULT_SCOPE, Scope, ScopeError, get_scope, scope_profiles

MIN_YEAR, MAX_YEAR = 1900, 2200


class FilterError(ValueError):
    """A filter value the figures or the case list cannot use (the message says why)."""


@cache
def law_options() -> list[dict[str, str]]:
    """The laws the case list filters by: code and short name."""
    return [{"code": law.code, "name": law.short_name} for law in load_lawbook("hk").laws]


def read_year(value: str | None) -> int | None:
    """A four-digit year, or None when empty.

    Raises:
        FilterError: anything else.
    """
    text = (value or "").strip()
    if not text:
        return None
    if not text.isdigit() or not MIN_YEAR <= int(text) <= MAX_YEAR:
        raise FilterError(f"year must be a four-digit year, not {text!r}")
    return int(text)


def choice(value: str | None, allowed: tuple[str, ...], what: str) -> str | None:
    """One of ``allowed``, or None when empty.

    Raises:
        FilterError: a value not allowed (the message lists those that are).
    """
    text = (value or "").strip()
    if not text:
        return None
    if text not in allowed:
        raise FilterError(f"unknown {what} {text!r} (known: {', '.join(allowed)})")
    return text


def read_case_filter(
    *, law: str | None, status: str | None, year: str | None, kind: str | None, q: str | None
) -> CaseFilter:
    """The case list's facets (its query parameters) as a library filter.

    Raises:
        FilterError: an unknown law, status or kind, or a year that is not a year.
    """
    return CaseFilter(
        law=choice(law, tuple(o["code"] for o in law_options()), "law"),
        status=choice(status, CASE_STATUSES, "status"),
        year=read_year(year),
        kind=choice(kind, ENTITY_KINDS, "kind"),
        text=(q or "").replace("\x00", "").strip() or None,
    )


def case_filter_query(flt: CaseFilter) -> dict[str, Any]:
    """A case-list filter as the case list's query parameters (empty ones left out)."""
    named = {"law": flt.law, "status": flt.status, "year": flt.year, "kind": flt.kind}
    return {k: v for k, v in {**named, "q": flt.text}.items() if v not in (None, "")}


@dataclass(frozen=True)
class FigureFilters:
    """The filters of a dashboard or figure page, as given (None: not given).

    Attributes:
        scope: scope profile name.
        law: a law code narrowing the scope to that law's offences.
        kind: count only this defendant kind.
        year: only prosecutions arrested in this year (the case list's year facet)...
        since: ...or, when true, in this year or later.
        as_of: figures as of this date.
        final_only: leave draft codings out.
    """

    scope: str | None = None
    law: str | None = None
    kind: str | None = None
    year: int | None = None
    since: bool = False
    as_of: dt.date | None = None
    final_only: bool = False

    def to_query(self) -> dict[str, Any]:
        """The filters as query parameters (for links that keep them)."""
        return {
            "scope": self.scope,
            "law": self.law,
            "kind": self.kind,
            "year": self.year,
            "since": "true" if self.since and self.year else None,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "final_only": "true" if self.final_only else None,
        }


def read_filters(
    *,
    scope: str | None,
    law: str | None,
    kind: str | None,
    year: str | None,
    since: bool,
    as_of: str | None,
    final_only: bool,
) -> FigureFilters:
    """Check and normalise the raw query values.

    Raises:
        FilterError: an unknown kind, a year that is not a year, a date that is not a date.
    """
    kind_text = (kind or "").strip() or None
    if kind_text is not None and kind_text not in ENTITY_KINDS:
        raise FilterError(f"unknown kind {kind_text!r} (known: {', '.join(ENTITY_KINDS)})")
    year_text = (year or "").strip()
    year_value: int | None = None
    if year_text:
        if not year_text.isdigit() or not MIN_YEAR <= int(year_text) <= MAX_YEAR:
            raise FilterError(f"year must be a four-digit year, not {year_text!r}")
        year_value = int(year_text)
    date_text = (as_of or "").strip()
    when: dt.date | None = None
    if date_text:
        try:
            when = dt.date.fromisoformat(date_text)
        except ValueError:
            raise FilterError(f"as of must be a date like 2024-06-30, not {date_text!r}") from None
    return FigureFilters(
        scope=(scope or "").strip() or None,
        law=(law or "").strip().upper() or None,
        kind=kind_text,
        year=year_value,
        since=since and year_value is not None,
        as_of=when,
        final_only=final_only,
    )


def scope_of(filters: FigureFilters) -> Scope:
    """The scope profile, narrowed to one law's offences, one defendant kind and arrest years.

    Raises:
        FilterError: an unknown scope, or a law the scope does not include.
    """
    try:
        scope = get_scope(filters.scope or DEFAULT_SCOPE)
    except ScopeError as exc:
        raise FilterError(str(exc.args[0])) from None
    if filters.law:
        kept = tuple(o for o in scope.offences if o.split(":")[0] == filters.law)
        if not kept:
            raise FilterError(f"scope {scope.name} does not include law {filters.law}")
        scope = dataclasses.replace(scope, name=f"{scope.name} ({filters.law})", offences=kept)
    if filters.kind:
        scope = scope.with_kinds((filters.kind,))
    if filters.year is not None:
        scope = scope.with_arrest_years(filters.year, None if filters.since else filters.year)
    return scope


def filters_json(filters: FigureFilters, scope: Scope) -> dict[str, Any]:
    """The filters as a page's JSON reports them, with the scope spelled out."""
    return {
        "scope": scope.name,
        "scope_words": scope.in_words(),
        "law": filters.law,
        "kind": filters.kind,
        "year": filters.year,
        "since": filters.since,
        "as_of": filters.as_of.isoformat() if filters.as_of else None,
        "final_only": filters.final_only,
    }


def filter_options() -> dict[str, Any]:
    """The choices a filter form offers: scope profiles, the laws they name, defendant kinds."""
    profiles = scope_profiles()
    return {
        "scopes": [{"name": s.name, "title": s.title} for s in profiles.values()],
        "laws": sorted({o.split(":")[0] for s in profiles.values() for o in s.offences}),
        "kinds": list(ENTITY_KINDS),
    }
