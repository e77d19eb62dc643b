"""The indexed scorer gives exactly what scoring every condition's findings one by one gives."""

from __future__ import annotations

import math
from itertools import pairwise

import pytest

from consilium.core.case import Case, Patient
from consilium.evaluation.benchmarks.vignettes import load_vignettes
from consilium.reasoning import extract_findings
from consilium.reasoning.differential import (
    EXPLAINABLE,
    UNEXPLAINED_FINDING_LR,
    condition_prior,
    score_conditions,
)
from consilium.reasoning.diseases import default_conditions
from consilium.reasoning.findings import finding_states
from consilium.reasoning.lexicon import default_lexicon
from consilium.reasoning.models import Finding
from tests.conftest import VIGNETTES

Row = tuple[str, float, list[str], list[str]]


def reference_scores(case: Case, findings: list[Finding]) -> dict[str, Row]:
    """The straightforward scan over every condition and every finding it lists."""
    states = finding_states(findings)
    concepts = default_lexicon().concepts
    present = {c for c, p in states.items() if p and c in concepts
               and concepts[c].category in EXPLAINABLE}
    rows: dict[str, Row] = {}
    for condition in default_conditions():
        if condition_prior(condition, case.patient.age, case.patient.sex) <= 0.0:
            continue
        log_lr = 0.0
        supporting: list[str] = []
        against: list[str] = []
        for cid, lr in condition.findings.items():
            if (state := states.get(cid)) is None:
                continue
            ratio = lr.lr_pos if state else lr.lr_neg
            log_lr += math.log(ratio)
            label = concepts[cid].label if cid in concepts else cid
            (supporting if ratio > 1.0 else against).append(label if state else f"no {label}")
        implied = {p for c in condition.findings if states.get(c)
                   for p in (concepts[c].implies if c in concepts else ())}
        log_lr += len(present - condition.findings.keys() - implied) * math.log(
            UNEXPLAINED_FINDING_LR)
        rows[condition.id] = (condition.id, log_lr, supporting, against)
    return rows


@pytest.mark.parametrize(("age", "sex"), [(0.5, "female"), (30, "male"), (70, "unknown")])
def test_indexed_scores_match_the_full_scan(age: float, sex: str) -> None:
    for vignette in load_vignettes(VIGNETTES)[:40]:
        case = vignette.to_case().model_copy(
            update={"patient": Patient.model_validate({"age": age, "sex": sex})})
        findings = extract_findings(case)
        expected = reference_scores(case, findings)
        ranked, _ = score_conditions(case, findings)
        got = {s.condition.id: (s.condition.id, s.log_lr, s.supporting, s.against)
               for s in ranked}
        assert got == expected, vignette.id


def test_ties_keep_the_disease_model_order() -> None:
    case = Case(id="t", patient=Patient(age=40), note="nothing of note")
    ranked, _ = score_conditions(case, [])
    order = {c.id: i for i, c in enumerate(default_conditions())}
    for first, second in pairwise(ranked):
        if first.probability == second.probability:
            assert order[first.condition.id] < order[second.condition.id]
