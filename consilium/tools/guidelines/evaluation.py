"""Recall@k of guideline search over a set of questions, each with the document that answers it.

Used by the tests (issue 4 asks recall@5 >= 0.9) and by benchmarks/bench_guidelines.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from consilium.tools.guidelines.models import GuidelineQuery
from consilium.tools.guidelines.rerank import EmbeddingReranker
from consilium.tools.guidelines.search import search_guidelines


class LabelledQuestion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str
    expected: str  # the shipped document id that answers it


class RecallReport(BaseModel):
    recall: dict[int, float]  # k -> share of questions whose document is in the top k
    reranked: bool
    misses: list[tuple[str, list[str]]]  # (question, returned document ids) missed at the largest k


def load_questions(path: Path) -> list[LabelledQuestion]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [LabelledQuestion.model_validate(item) for item in raw]


def recall_at(
    questions: Sequence[LabelledQuestion],
    ks: Sequence[int] = (1, 3, 5),
    *,
    rerank: bool = True,
    reranker: EmbeddingReranker | None = None,
) -> RecallReport:
    """Search each question once at the largest k; a document counts once, at its best rank."""
    depth = max(ks)
    found = dict.fromkeys(ks, 0)
    misses: list[tuple[str, list[str]]] = []
    reranked = False
    for item in questions:
        result = search_guidelines(
            GuidelineQuery(query=item.question, k=depth), reranker=reranker, rerank=rerank
        )
        reranked = reranked or result.reranked
        documents = [hit.doc_id for hit in result.results]
        for k in ks:
            found[k] += item.expected in documents[:k]
        if item.expected not in documents:
            misses.append((item.question, documents))
    total = max(len(questions), 1)
    return RecallReport(recall={k: found[k] / total for k in ks}, reranked=reranked, misses=misses)
