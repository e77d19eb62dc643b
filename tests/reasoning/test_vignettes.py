"""Accuracy floors measured on the development vignettes and AgentClinic MedQA.

Figures when written (2026-11-24, the disease model as it then stood): development set top-1
0.84, top-3 0.99, top-5 0.99, urgency 0.87, over-triage 0.06, under-triage 0.07; AgentClinic
MedQA (history and examination only) top-1 0.15, top-3 0.19, top-5 0.22 over all 107 cases and
0.29 / 0.36 / 0.44 over the 55 whose diagnosis the model covers. Floors sit below, with room for
the disease model to change.
"""

from __future__ import annotations

from collections import Counter

import pytest

from consilium.evaluation.benchmarks.agentclinic import evaluate_agentclinic
from consilium.evaluation.benchmarks.vignettes import evaluate_vignettes, load_vignettes
from consilium.reasoning.diseases import default_conditions
from tests.conftest import VIGNETTES, shared_data


def test_development_set_is_large_and_spread_over_specialties() -> None:
    vignettes = load_vignettes(VIGNETTES)
    assert len(vignettes) >= 80
    assert len({v.id for v in vignettes}) == len(vignettes)
    names = {c.name.lower(): c.specialty for c in default_conditions()}
    specialties = Counter(names.get(v.gold_diagnosis.lower(), "?") for v in vignettes)
    assert len(specialties) >= 10
    assert Counter(v.gold_urgency for v in vignettes).keys() == {
        "emergency", "non_emergency", "self_care"}


def test_development_accuracy_floors() -> None:
    metrics = evaluate_vignettes(load_vignettes(VIGNETTES))
    assert metrics.top1 >= 0.70
    assert metrics.top3 >= 0.85
    assert metrics.top5 >= 0.88
    assert metrics.urgency_accuracy is not None and metrics.urgency_accuracy >= 0.75
    assert metrics.under_triage is not None and metrics.under_triage <= 0.15
    assert metrics.over_triage is not None and metrics.over_triage <= 0.15


@pytest.mark.shared_data
def test_agentclinic_medqa_top_k() -> None:
    metrics = evaluate_agentclinic(shared_data("agentclinic/agentclinic_medqa.jsonl"))
    assert metrics.n >= 100
    assert metrics.top5 >= 0.15 and metrics.top1 >= 0.08
    assert metrics.covered and metrics.top5_covered is not None and metrics.top5_covered >= 0.30
