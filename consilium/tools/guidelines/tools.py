"""Guideline search and citation resolution as registered clinical tools."""

from __future__ import annotations

from consilium.tools.guidelines.models import (
    GuidelineQuery,
    GuidelineSearchResult,
    PassageRef,
    ResolvedPassage,
)
from consilium.tools.guidelines.search import resolve_passage, search_guidelines
from consilium.tools.registry import clinical_tool


@clinical_tool(
    "guideline_search",
    "Search clinical guideline summaries; each hit carries its passage id, title, issuing body, "
    "year and section so it can be cited.",
)
def guideline_search(query: GuidelineQuery) -> GuidelineSearchResult:
    return search_guidelines(query)


@clinical_tool(
    "guideline_resolve",
    "Check that a guideline citation id (e.g. 'sepsis-adult-initial-management#antimicrobials-1') "
    "names a real indexed passage and return that passage.",
)
def guideline_resolve(ref: PassageRef) -> ResolvedPassage:
    hit = resolve_passage(ref.id)
    return ResolvedPassage(id=ref.id, found=hit is not None, hit=hit)
