"""Metrics with hand-computed expectations."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from consilium.evaluation.metrics import (
    answer_mcq,
    bootstrap_ci,
    compute_metrics,
    gold_rank,
    percentile,
)
from consilium.reasoning.diagnosis_names import matches, normalise
from tests.batch.records import record


@pytest.mark.parametrize(("gold", "predicted"), [
    ("Subarachnoid haemorrhage", "subarachnoid hemorrhage"),
    ("Oesophagitis", "esophagitis"),
    ("Brain tumour", "brain tumor"),
    ("Fracture of the hip", "Hip fracture"),
    ("Acute appendicitis", "Appendicitis"),
    ("Crohn's disease", "Crohn"),
    ("Guillain-Barre syndrome", "guillain barre syndrome"),
])
def test_the_same_diagnosis_written_differently_matches(gold: str, predicted: str) -> None:
    assert matches([gold], None, {"diagnosis": predicted})


@pytest.mark.parametrize(("gold", "predicted"), [
    ("Diabetes insipidus", "Diabetes mellitus"),
    ("Myocardial infarction", "Myocarditis"),
    ("Chronic kidney disease", "Kidney disease"),
])
def test_different_diagnoses_do_not_match(gold: str, predicted: str) -> None:
    assert not matches([gold], None, {"diagnosis": predicted})


def test_icd10_codes_match_at_category_level_when_both_sides_have_one() -> None:
    assert matches(["STEMI"], "I21", {"diagnosis": "Myocardial infarction", "icd10": "I21.4"})
    assert not matches(["STEMI"], "I21", {"diagnosis": "Unstable angina", "icd10": "I20.0"})
    assert not matches(["STEMI"], None, {"diagnosis": "Unstable angina", "icd10": "I21.4"})


def test_synonyms_and_the_knowledge_engine_condition_names_count() -> None:
    gold = {"diagnosis": "Acute coronary syndrome", "synonyms": ["myocardial infarction"]}
    assert gold_rank(gold, [{"diagnosis": "Pericarditis"},
                            {"diagnosis": "Myocardial infarction"}]) == 2
    assert normalise("Normalised-Names, Here") == "here names normalized"


def test_top_k_accuracy_by_hand() -> None:
    # ranks: 1, 2, 4, absent, error (counts wrong), and one case with no gold (not scored)
    records = [
        record("a", ["Pneumonia", "Asthma"], gold="pneumonia"),
        record("b", ["Asthma", "Pneumonia"], gold="pneumonia"),
        record("c", ["A", "B", "C", "Pneumonia"], gold="pneumonia"),
        record("d", ["Asthma"], gold="pneumonia"),
        record("e", error="TimeoutError: slow", gold="pneumonia"),
        record("f", ["Asthma"]),
    ]
    dx = compute_metrics(records)["diagnosis"]
    assert dx["n"] == 5 and dx["errors_counted_wrong"] == 1
    assert dx["top1"]["value"] == pytest.approx(1 / 5)
    assert dx["top3"]["value"] == pytest.approx(2 / 5)
    assert dx["top5"]["value"] == pytest.approx(3 / 5)


def test_urgency_accuracy_with_over_and_under_triage() -> None:
    records = [
        record("a", urgency="emergency", gold_urgency="emergency"),
        record("b", urgency="emergency", gold_urgency="self_care"),  # over-triage
        record("c", urgency="self_care", gold_urgency="emergency"),  # under-triage
        record("d", urgency="non_emergency", gold_urgency="non_emergency"),
    ]
    urgency = compute_metrics(records)["urgency"]
    assert urgency["accuracy"]["value"] == 0.5
    assert (urgency["over_triage"], urgency["under_triage"]) == (0.25, 0.25)
    assert urgency["confusion"]["emergency"]["self_care"] == 1
    assert urgency["confusion"]["self_care"]["emergency"] == 1


def test_mcq_answered_from_the_differential_and_scored() -> None:
    options = {"A": "Acute appendicitis", "B": "Torsion, ovarian", "C": "Cholecystitis"}
    differential: list[Mapping[str, Any]] = [
        {"diagnosis": "Ectopic pregnancy"}, {"diagnosis": "Ovarian torsion"},
        {"diagnosis": "Appendicitis"}]
    assert answer_mcq(options, differential) == "B"
    assert answer_mcq(options, [{"diagnosis": "Migraine"}]) is None
    records = [
        record("a", mcq={"options": options, "answer_idx": "B", "chosen": "B"}),
        record("b", mcq={"options": options, "answer_idx": "A", "chosen": "B"}),
        record("c", mcq={"options": options, "answer_idx": "A", "chosen": None}),
        record("d", error="no age", mcq={"options": options, "answer_idx": "C", "chosen": None}),
    ]
    mcq = compute_metrics(records)["mcq"]
    assert (mcq["value"], mcq["n"], mcq["answered"]) == (0.25, 4, 2)
    assert "differential" in mcq["method"]


def test_safety_findings_are_counted_by_kind_and_severity() -> None:
    records = [
        record("a", findings=[("drug_interaction", "major"), ("allergy", "contraindicated")]),
        record("b", findings=[("drug_interaction", "major"), ("renal_dose", "moderate")]),
    ]
    safety = compute_metrics(records)["safety"]
    assert safety["total"] == 4
    assert safety["by_kind"] == {"drug_interaction": 2, "allergy": 1, "renal_dose": 1}
    assert safety["by_kind_severity"]["drug_interaction/major"] == 2
    assert safety["by_severity"]["contraindicated"] == 1


def test_usage_distributions_by_hand() -> None:
    records = [record(str(i), cost=c, tokens=t, wall_s=w) for i, (c, t, w) in enumerate(
        [(0.01, 100, 1.0), (0.02, 200, 2.0), (0.03, 300, 3.0), (0.04, 400, 4.0),
         (0.1, 1000, 10.0)])]
    usage = compute_metrics(records)["usage"]
    assert usage["cost_usd"]["total"] == pytest.approx(0.2)
    assert usage["tokens"]["p50"] == 300
    assert usage["latency_s"]["p95"] == pytest.approx(4.0 + 0.8 * 6.0)  # rank 3.8 of 0..4
    assert usage["llm_calls"]["max"] == 10


def test_percentile_interpolates_between_ranks() -> None:
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile([5], 95) == 5
    assert percentile([], 50) == 0.0


def test_bootstrap_interval_is_seeded_and_brackets_the_estimate() -> None:
    flags = [True] * 30 + [False] * 70
    low, high = bootstrap_ci(flags, seed=1) or (0, 0)
    assert low < 0.3 < high and low > 0.18 and high < 0.42
    assert bootstrap_ci(flags, seed=1) == bootstrap_ci(flags, seed=1)
    assert bootstrap_ci([True] * 10) == (1.0, 1.0)
    assert bootstrap_ci([]) is None


def test_calibration_bins_top1_probability_against_correctness() -> None:
    records = [
        record("a", ["Pneumonia"], gold="pneumonia", probability=0.9),
        record("b", ["Asthma"], gold="pneumonia", probability=0.85),
        record("c", ["Pneumonia"], gold="pneumonia", probability=0.3),
    ]
    bins = compute_metrics(records)["calibration"]
    assert [(b["bin"], b["n"], b["accuracy"]) for b in bins] == [
        ([0.2, 0.4], 1, 1.0), ([0.8, 1.0], 2, 0.5)]
    assert bins[1]["mean_probability"] == pytest.approx(0.875)


def test_usage_by_agent_is_summed_over_the_completed_cases() -> None:
    first, second, failed = record("a"), record("b"), record("c", error="boom")
    for rec, triage_tokens in ((first, 100), (second, 50)):
        assert rec.report is not None
        rec.report["usage"]["by_agent"] = {
            "triage": {"llm_calls": 1, "tokens": triage_tokens, "cost_usd": 0.001},
            "critic": {"llm_calls": 2, "tokens": 10, "cost_usd": 0.0},
        }
    by_agent = compute_metrics([first, second, failed])["usage"]["by_agent"]
    assert list(by_agent) == ["critic", "triage"]
    assert by_agent["triage"] == {"llm_calls": 2, "tokens": 150, "cost_usd": 0.002}
    assert by_agent["critic"]["llm_calls"] == 4
