"""A BM25 index over passages (bm25s) with metadata filters on issuing body, year and topic."""

from __future__ import annotations

from collections.abc import Sequence

import bm25s
import numpy as np

from consilium.tools.guidelines.models import Passage
from consilium.tools.guidelines.tokens import tokenize


def index_text(passage: Passage) -> str:
    """What BM25 sees: the passage plus its document title, heading and facets."""
    return " ".join([passage.title, passage.section_title, *passage.topics, passage.text])


class PassageIndex:
    def __init__(self, passages: Sequence[Passage]) -> None:
        self.passages = list(passages)
        self.by_id = {p.id: p for p in self.passages}
        self._bodies = [p.body.lower() for p in self.passages]
        self._years = np.array([p.year or 0 for p in self.passages], dtype=np.int32)
        self._topics = [{t.lower() for t in p.topics} for p in self.passages]
        self._retriever: bm25s.BM25 | None = None
        if self.passages:
            self._retriever = bm25s.BM25()
            corpus = [tokenize(index_text(p)) or ["_empty_"] for p in self.passages]
            self._retriever.index(corpus, show_progress=False)

    def _mask(self, topic: str | None, body: str | None, year_min: int | None) -> np.ndarray:
        mask = np.ones(len(self.passages), dtype=bool)
        if year_min is not None:
            mask &= self._years >= year_min
        if body:
            wanted = body.lower()
            mask &= np.array([wanted in b for b in self._bodies], dtype=bool)
        if topic:
            wanted = topic.lower()
            mask &= np.array([wanted in topics for topics in self._topics], dtype=bool)
        return mask

    def search(
        self,
        query: str,
        k: int,
        topic: str | None = None,
        body: str | None = None,
        year_min: int | None = None,
    ) -> list[tuple[Passage, float]]:
        """The k best passages with a positive BM25 score that pass the filters."""
        tokens = tokenize(query)
        if self._retriever is None or not tokens:
            return []
        scores = np.asarray(self._retriever.get_scores(tokens), dtype=np.float64)
        scores[~self._mask(topic, body, year_min)] = 0.0
        candidates = np.flatnonzero(scores > 0)
        if candidates.size > k:
            top = np.argpartition(-scores[candidates], k - 1)[:k]
            candidates = candidates[top]
        ranked = candidates[np.argsort(-scores[candidates], kind="stable")]
        return [(self.passages[i], float(scores[i])) for i in ranked]
