"""The dashboard (headline figures under a scope) and the methodology page."""

from __future__ import annotations

import dataclasses
import datetime as dt

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from nsdocket.coding import bundled_codebook
from nsdocket.queries.cases import ENTITY_KINDS
from nsdocket.queries.summary import summarise
from nsdocket.stats.figures import headline_figures
from nsdocket.stats.measures import MEASURES
from nsdocket.stats.scopes import DEFAULT_SCOPE, Scope, get_scope, scope_profiles
from nsdocket.web.charts import bar_chart, by_law_chart, over_time_chart
from nsdocket.web.render import error, respond

router = APIRouter(tags=["pages"])


def _scope(name: str | None, law: str | None, kind: str | None) -> Scope:
    """The scope profile, narrowed to one law's offences and one defendant kind if asked."""
    scope = get_scope(name or DEFAULT_SCOPE)
    if law:
        kept = tuple(o for o in scope.offences if o.split(":")[0] == law)
        if not kept:
            raise ValueError(f"scope {scope.name} does not include law {law}")
        scope = Scope(
            f"{scope.name} ({law})", scope.title, scope.description, kept, scope.entity_kinds
        )
    if kind:
        scope = scope.with_kinds((kind,))
    return scope


def _date(value: str | None) -> dt.date | None:
    text = (value or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"as of must be a date like 2024-06-30, not {text!r}") from None


@router.get("/", name="dashboard", summary="Dashboard: headline figures under a scope")
def dashboard(
    request: Request,
    scope: str | None = Query(None, description="scope profile, e.g. amnesty-2025"),
    law: str | None = Query(None, description="narrow the scope to one law, e.g. CAP200"),
    kind: str | None = Query(None, description="count only this defendant kind"),
    as_of: str | None = Query(None, description="figures as of this date (YYYY-MM-DD)"),
    final_only: bool = Query(False, description="leave out draft codings"),
) -> Response:
    """Headline figures (counts, shares with intervals, distributions) and database counts."""
    engine = request.app.state.engine
    if kind and kind not in ENTITY_KINDS:
        return error(request, 400, f"unknown kind {kind!r} (known: {', '.join(ENTITY_KINDS)})")
    try:
        chosen = _scope(scope, (law or "").strip().upper() or None, kind or None)
        when = _date(as_of)
    except (ValueError, KeyError) as exc:
        return error(request, 400, str(exc.args[0]) if exc.args else str(exc))
    figures = [
        f.to_json(with_rows=False)
        for f in headline_figures(
            engine, chosen, when, include_drafts=not final_only, with_rows=False
        )
    ]
    summary = summarise(engine)
    data = {
        "filters": {
            "scope": chosen.name,
            "scope_words": chosen.in_words(),
            "law": law or None,
            "kind": kind or None,
            "as_of": when.isoformat() if when else None,
            "final_only": final_only,
        },
        "figures": figures,
        "summary": {
            **dataclasses.asdict(summary),
            "defendants": summary.defendants,
            "charges": summary.charges,
        },
    }
    charts = [
        c
        for c in (
            over_time_chart(figures),
            by_law_chart(figures),
            bar_chart("All charges in the database, by law", summary.charges_by_law, "law"),
        )
        if c is not None
    ]
    profiles = scope_profiles()
    page = {
        "charts": charts,
        "scopes": [{"name": s.name, "title": s.title} for s in profiles.values()],
        "laws": sorted({o.split(":")[0] for s in profiles.values() for o in s.offences}),
        "kinds": list(ENTITY_KINDS),
    }
    return respond(request, "dashboard.html", data, page=page)


@router.get("/methodology", name="methodology", summary="Codebook, measures and scopes")
def methodology(request: Request) -> Response:
    """The codebook's questions and instruments, the measures and the scope profiles."""
    codebook = bundled_codebook()
    data = {
        "codebook": {
            **codebook.model_dump(mode="json", by_alias=True, exclude={"labels"}),
            "content_hash": codebook.content_hash,
        },
        "measures": [
            {"name": m.name, "title": m.title, "definition": m.definition}
            for m in MEASURES.values()
        ],
        "scopes": [
            {**dataclasses.asdict(s), "in_words": s.in_words()} for s in scope_profiles().values()
        ],
    }
    return respond(request, "methodology.html", data)
