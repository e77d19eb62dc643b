"""Guideline retrieval: a sourced starter corpus, BM25 search with citations, users' own corpora.

    from consilium.tools.guidelines import search_guidelines, GuidelineQuery
    hits = search_guidelines(GuidelineQuery(query="septic shock vasopressor", k=5)).results

Importing this package registers the `guideline_search` and `guideline_resolve` tools.
"""

from consilium.tools.guidelines import tools  # noqa: F401 - importing registers the tools
from consilium.tools.guidelines.corpus import (
    SHIPPED_DIR,
    GuidelineCorpusError,
    load_corpus,
    parse_document,
    shipped_documents,
)
from consilium.tools.guidelines.models import (
    GuidelineDocument,
    GuidelineHit,
    GuidelineQuery,
    GuidelineSearchResult,
    GuidelineTreatment,
    Passage,
)
from consilium.tools.guidelines.search import (
    citation_for,
    guidelines_for,
    resolve_passage,
    search_guidelines,
    shipped_index,
    treatments_for,
)
from consilium.tools.guidelines.user_corpus import IndexReport, default_index_path, index_directory

__all__ = [
    "SHIPPED_DIR",
    "GuidelineCorpusError",
    "GuidelineDocument",
    "GuidelineHit",
    "GuidelineQuery",
    "GuidelineSearchResult",
    "GuidelineTreatment",
    "IndexReport",
    "Passage",
    "citation_for",
    "default_index_path",
    "guidelines_for",
    "index_directory",
    "load_corpus",
    "parse_document",
    "resolve_passage",
    "search_guidelines",
    "shipped_documents",
    "shipped_index",
    "treatments_for",
]
