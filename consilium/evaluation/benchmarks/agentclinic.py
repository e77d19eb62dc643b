"""The knowledge engine's top-k on AgentClinic MedQA OSCE cases
(`consilium eval agentclinic PATH/agentclinic_medqa.jsonl`).

History and examination only, no test results; gold `Correct_Diagnosis`. Top-k is reported over
all cases and over the cases whose gold diagnosis the disease model covers at all.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from consilium.core.agentclinic import read_agentclinic
from consilium.core.errors import InputError
from consilium.core.report import DiagnosisCandidate
from consilium.evaluation.benchmarks import HarnessResult
from consilium.evaluation.benchmarks.vignettes import Metrics, evaluate_case, summarise
from consilium.reasoning.diagnosis_names import matches
from consilium.reasoning.diseases import default_conditions


def modelled(gold: str) -> bool:
    """Whether any condition of the disease model answers to this gold diagnosis."""
    return any(
        matches([gold], None, DiagnosisCandidate(diagnosis=c.name, probability=0.0,
                                                 source=f"{c.file}#{c.id}"), partial=True)
        for c in default_conditions()
    )


def evaluate_agentclinic(path: Path, limit: int | None = None) -> Metrics:
    """Top-k over all cases, and over the cases whose diagnosis the model covers."""
    outcomes, covered = [], []
    for record in read_agentclinic(path):
        if limit is not None and record.index >= limit:
            break
        case, gold = record.case(tests=False), record.gold
        outcome = evaluate_case(case, [gold], None, case.id)
        outcomes.append(outcome)
        if modelled(gold):
            covered.append(outcome)
    metrics = summarise(outcomes)
    within = summarise(covered)
    metrics.covered = len(covered)
    metrics.top1_covered, metrics.top3_covered, metrics.top5_covered = (
        within.top1, within.top3, within.top5)
    return metrics


def run(path: Path, limit: int | None = None) -> HarnessResult:
    """`path`: an AgentClinic JSONL file."""
    from consilium.render.tables import figures

    if not path.is_file():
        raise InputError(f"{path}: not a file (give an AgentClinic JSONL file)")
    metrics = evaluate_agentclinic(path, limit).as_dict()
    return HarnessResult(metrics, partial(figures, f"AgentClinic: {path.name}", metrics))
