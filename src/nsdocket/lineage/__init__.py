"""Case lineage: a case's appeal, review of sentence or retrial, linked to the case it follows.

The verbs: `find_case_links` (by case number and citation: certain links applied, the rest
proposed), `link_cases` (by hand), `decide_case_link` (a reviewer confirms or dismisses a
proposal), `list_case_links` and `lineage_of` (a case's chain, with each defendant's outcome at
every step and the one that stands). The figures count a prosecution once across its lineage
(`nsdocket.db.lineage`).
"""

from __future__ import annotations

from nsdocket.lineage.chain import CaseLineage, ChainCase, ChainProsecution, ChainStep, lineage_of
from nsdocket.lineage.finding import FindReport, PlannedCaseLink, find_case_links, plan_case_links
from nsdocket.lineage.links import (
    DECISIONS,
    LinkError,
    LinkReport,
    decide_case_link,
    link_cases,
    list_case_links,
)

__all__ = [
    "DECISIONS",
    "CaseLineage",
    "ChainCase",
    "ChainProsecution",
    "ChainStep",
    "FindReport",
    "LinkError",
    "LinkReport",
    "PlannedCaseLink",
    "decide_case_link",
    "find_case_links",
    "lineage_of",
    "link_cases",
    "list_case_links",
    "plan_case_links",
]
