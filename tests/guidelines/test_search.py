"""Search behaviour a clinician would check: the right guideline comes back, with a citation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from consilium.core.report import Citation
from consilium.tools.guidelines import (
    GuidelineQuery,
    citation_for,
    rerank,
    resolve_passage,
    search,
    search_guidelines,
    shipped_documents,
    treatments_for,
)
from consilium.tools.guidelines.evaluation import load_questions, recall_at
from consilium.tools.guidelines.rerank import EmbeddingReranker
from consilium.tools.guidelines.search import default_reranker
from consilium.tools.registry import get_tool

QUERY_FILE = Path(__file__).parent / "queries.yaml"
QUERIES = yaml.safe_load(QUERY_FILE.read_text(encoding="utf-8"))


def test_query_set_is_large_and_targets_real_documents() -> None:
    shipped = {doc.id for doc in shipped_documents()}
    assert len(QUERIES) >= 60
    assert {q["expected"] for q in QUERIES} <= shipped


def test_bm25_alone_reaches_recall_at_5_over_the_query_set() -> None:
    report = recall_at(load_questions(QUERY_FILE), rerank=False)
    assert not report.reranked
    assert report.recall[5] >= 0.9, f"recall@5 {report.recall[5]:.2f}; misses: {report.misses}"


def test_anaphylaxis_query_returns_the_adrenaline_passage_with_its_source() -> None:
    query = GuidelineQuery(query="intramuscular adrenaline dose in anaphylaxis", k=3)
    top = search_guidelines(query).results[0]
    assert top.id == "anaphylaxis-emergency#adrenaline-1"
    assert "0.5 mg" in top.passage
    assert top.body == "Resuscitation Council UK" and top.year == 2021
    assert top.score > 0


def test_british_and_american_spellings_find_the_same_guideline() -> None:
    for spelling in ("subarachnoid haemorrhage nimodipine", "subarachnoid hemorrhage nimodipine"):
        hits = search_guidelines(GuidelineQuery(query=spelling, k=1)).results
        assert hits[0].doc_id == "subarachnoid-haemorrhage"


def test_filters_on_body_year_and_topic() -> None:
    by_body = search_guidelines(GuidelineQuery(query="chest pain", k=10, body="European Society"))
    assert by_body.results and all("European Society" in h.body for h in by_body.results)
    recent = search_guidelines(GuidelineQuery(query="anticoagulation", k=10, year_min=2021))
    assert recent.results and all((h.year or 0) >= 2021 for h in recent.results)
    topical = search_guidelines(GuidelineQuery(query="antibiotics", k=10, topic="appendicitis"))
    assert {h.doc_id for h in topical.results} == {"acute-appendicitis"}


def test_query_with_no_known_words_returns_nothing() -> None:
    assert search_guidelines(GuidelineQuery(query="xyzzy plugh", k=5)).results == []


def test_citation_round_trip_for_the_critic() -> None:
    hit = search_guidelines(GuidelineQuery(query="nimodipine aneurysm", k=1)).results[0]
    citation = citation_for(hit)
    assert isinstance(citation, Citation)
    assert citation.id == hit.id and citation.passage == hit.passage and citation.url
    resolved = resolve_passage(citation.id)
    assert resolved is not None and resolved.passage == hit.passage
    assert resolve_passage("subarachnoid-haemorrhage#made-up-section-9") is None


def test_treatments_for_pneumonia_by_name_or_abbreviation() -> None:
    by_name = treatments_for("Community-acquired pneumonia")
    assert treatments_for("CAP") == by_name
    drugs = {t.drug for t in by_name}
    assert {"amoxicillin", "ceftriaxone", "azithromycin"} <= drugs
    for treatment in by_name:
        assert resolve_passage(treatment.citation_id) is not None


def test_treatments_for_exact_condition_come_first() -> None:
    treatments = treatments_for("variceal bleeding")
    assert treatments[0].condition == "variceal bleeding"
    assert treatments_for("an unheard-of condition") == []


def test_registered_tools_search_and_resolve() -> None:
    result = get_tool("guideline_search")({"query": "status epilepticus lorazepam", "k": 2})
    assert result.results[0].doc_id == "status-epilepticus"
    resolved = get_tool("guideline_resolve")({"id": result.results[0].id})
    assert resolved.found and resolved.hit.id == result.results[0].id
    assert not get_tool("guideline_resolve")({"id": "nope#nothing-1"}).found


def test_user_corpus_missing_is_a_warning_not_silence(tmp_path: Path) -> None:
    result = search_guidelines(
        GuidelineQuery(query="sepsis", corpus="user"), user_index=tmp_path / "none.json"
    )
    assert result.results == []
    assert "consilium guidelines index" in result.warnings[0]


class _KeywordEncoder:
    """A deterministic stand-in for the embedding model: one dimension per keyword."""

    KEYWORDS = ("pacing", "atropine", "adenosine")

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.array(
            [[text.lower().count(word) + 0.01 for word in self.KEYWORDS] for text in texts]
        )


def test_reranker_fuses_ranks_without_adding_passages() -> None:
    query = GuidelineQuery(query="bradycardia pacing atropine", k=5)
    fused = search_guidelines(query, reranker=EmbeddingReranker(_KeywordEncoder()))
    assert fused.reranked
    assert {h.id for h in fused.results} <= {
        h.id for h in search_guidelines(query.model_copy(update={"k": 30})).results
    }
    assert all(0 < h.score <= 2 / 61 for h in fused.results)


def test_a_model_that_will_not_load_falls_back_to_bm25_and_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken() -> None:
        raise OSError("model.safetensors is truncated")

    monkeypatch.setattr(rerank, "reranker_installed", lambda: True)
    monkeypatch.setattr(rerank, "MiniLMEncoder", broken)
    monkeypatch.setattr(search, "reranker_installed", lambda: True)
    monkeypatch.delenv("CONSILIUM_GUIDELINES_RERANK", raising=False)
    rerank.load_default_encoder.cache_clear()
    search._loaded_reranker.cache_clear()
    try:
        result = search_guidelines(GuidelineQuery(query="sepsis lactate", k=3))
    finally:
        rerank.load_default_encoder.cache_clear()
        search._loaded_reranker.cache_clear()
    assert not result.reranked and result.results
    assert "truncated" in result.warnings[0] and "BM25 only" in result.warnings[0]


def test_switch_off_means_bm25_even_when_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONSILIUM_GUIDELINES_RERANK", "off")
    assert default_reranker() == (None, [])


@pytest.mark.parametrize(
    "bad", [{"query": ""}, {"query": "x", "k": 0}, {"query": "x", "corpus": "web"}]
)
def test_bad_queries_are_rejected(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        GuidelineQuery.model_validate(bad)
