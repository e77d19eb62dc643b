"""Guideline search for the agents, the critic and the CLI; each index is built once per process."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path

from consilium.core.report import Citation
from consilium.tools.guidelines.corpus import shipped_documents
from consilium.tools.guidelines.index import PassageIndex
from consilium.tools.guidelines.models import (
    CorpusChoice,
    GuidelineHit,
    GuidelineQuery,
    GuidelineSearchResult,
    GuidelineTreatment,
    Passage,
)
from consilium.tools.guidelines.rerank import (
    CANDIDATES,
    EmbeddingReranker,
    load_default_encoder,
    reranker_installed,
    reranker_switched_off,
)
from consilium.tools.guidelines.synonyms import condition_key
from consilium.tools.guidelines.user_corpus import default_index_path, read_index


@cache
def shipped_index() -> PassageIndex:
    return PassageIndex([p for doc in shipped_documents() for p in doc.passages])


# Keyed on the index file's mtime, so a re-index is picked up; a few entries are plenty.
@lru_cache(maxsize=4)
def _user_passages(index_path: Path, mtime_ns: int) -> tuple[Passage, ...]:
    index = read_index(index_path)
    return tuple(index.passages()) if index else ()


@lru_cache(maxsize=4)
def _combined_index(index_path: Path, mtime_ns: int, corpus: CorpusChoice) -> PassageIndex:
    user = list(_user_passages(index_path, mtime_ns))
    shipped = shipped_index().passages if corpus == "both" else []
    return PassageIndex([*shipped, *user])


def index_for(
    corpus: CorpusChoice, user_index: Path | None = None
) -> tuple[PassageIndex, list[str]]:
    """The index to search and any warning (e.g. the user has not indexed a folder yet)."""
    if corpus == "shipped":
        return shipped_index(), []
    path = user_index or default_index_path()
    if not path.is_file():
        warning = f"no user guideline index at {path}; run `consilium guidelines index DIR`"
        return (shipped_index() if corpus == "both" else PassageIndex([])), [warning]
    return _combined_index(path, path.stat().st_mtime_ns, corpus), []


@cache
def _loaded_reranker() -> tuple[EmbeddingReranker | None, str | None]:
    encoder, problem = load_default_encoder()
    return (EmbeddingReranker(encoder) if encoder else None), problem


def default_reranker() -> tuple[EmbeddingReranker | None, list[str]]:
    """The installed model's re-ranker, or None (BM25 only) with a warning when it will not load."""
    if reranker_switched_off() or not reranker_installed():
        return None, []
    reranker, problem = _loaded_reranker()
    return reranker, [problem] if problem else []


def to_hit(passage: Passage, score: float) -> GuidelineHit:
    return GuidelineHit(
        id=passage.id,
        doc_id=passage.doc_id,
        title=passage.title,
        body=passage.body,
        year=passage.year,
        section=passage.section,
        passage=passage.text,
        score=round(score, 4),
        url=passage.url,
        source=passage.source,
    )


def search_guidelines(
    query: GuidelineQuery,
    user_index: Path | None = None,
    reranker: EmbeddingReranker | None = None,
    rerank: bool = True,
) -> GuidelineSearchResult:
    """BM25 over passages with filters; re-ranked by embeddings when a local model is installed.

    `reranker` overrides the installed model (tests, benchmarks); without one and without the
    model, with CONSILIUM_GUIDELINES_RERANK=0 or with `rerank=False`, the order is BM25's alone.
    """
    index, warnings = index_for(query.corpus, user_index)
    if not rerank:
        reranker = None
    elif reranker is None:
        reranker, problems = default_reranker()
        warnings = [*warnings, *problems]
    depth = max(query.k, CANDIDATES) if reranker else query.k
    ranked = index.search(query.query, depth, query.topic, query.body, query.year_min)
    if reranker:
        ranked = reranker.rerank(query.query, ranked)
    hits = [to_hit(p, s) for p, s in ranked[: query.k]]
    return GuidelineSearchResult(
        query=query.query, results=hits, reranked=reranker is not None, warnings=warnings
    )


def resolve_passage(passage_id: str, user_index: Path | None = None) -> GuidelineHit | None:
    """The passage behind a citation id, or None when it is not in any indexed corpus."""
    passage = shipped_index().by_id.get(passage_id)
    if passage is None:
        path = user_index or default_index_path()
        if path.is_file():
            user = _user_passages(path, path.stat().st_mtime_ns)
            passage = next((p for p in user if p.id == passage_id), None)
    return to_hit(passage, 0.0) if passage else None


def citation_for(hit: GuidelineHit) -> Citation:
    return Citation(
        id=hit.id,
        title=hit.title,
        body=hit.body,
        year=hit.year,
        section=hit.section,
        passage=hit.passage,
        url=hit.url,
    )


def _documents_for(names: Sequence[str]) -> set[str]:
    by_condition = _documents_by_condition()
    return {doc_id for name in names for doc_id in by_condition.get(condition_key(name), ())}


@cache
def _documents_by_condition() -> dict[str, frozenset[str]]:
    """Condition key -> the shipped documents written for it (built once: keying every
    document's conditions on each lookup was most of a lookup's time)."""
    index: dict[str, set[str]] = {}
    for doc in shipped_documents():
        for condition in doc.conditions:
            index.setdefault(condition_key(condition), set()).add(doc.id)
    return {key: frozenset(ids) for key, ids in index.items()}


def guidelines_for(names: Sequence[str], k: int = 2) -> list[GuidelineHit]:
    """The best passages about a condition, only from documents written for it.

    `names` is the condition's name and synonyms; a search hit from an unrelated document
    (a head-injury rule for a knee sprain) is never returned as its guideline.
    """
    doc_ids = _documents_for(names)
    if not doc_ids:
        return []
    ranked = shipped_index().search(names[0], 100, None, None, None)
    hits = [to_hit(p, score) for p, score in ranked if p.doc_id in doc_ids]
    return hits[:k]


def treatments_for(condition: str, synonyms: Sequence[str] = ()) -> list[GuidelineTreatment]:
    """Treatments of every document whose `conditions` include this one (synonyms folded).

    Lines written for exactly this condition come first, then the document's other lines
    (asked for septic shock, the sepsis antimicrobials still apply).
    """
    wanted = {condition_key(name) for name in (condition, *synonyms)}
    doc_ids = _documents_for([condition, *synonyms])
    matches = [
        treatment
        for doc in shipped_documents()
        if doc.id in doc_ids
        for treatment in doc.treatments
    ]
    return sorted(matches, key=lambda t: condition_key(t.condition) not in wanted)
