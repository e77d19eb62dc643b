"""Diagnostic and triage accuracy of the knowledge engine on free-text vignettes
(`consilium eval vignettes PATH.jsonl`).

A vignette line holds `id`, `text`, `age`, `sex`, `gold_diagnosis`, `gold_synonyms` and
`gold_urgency`; the development set written for the tests is `tests/reasoning/vignettes.jsonl`.
A diagnosis counts as found by the lenient rule of the one matcher (`partial=True`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from consilium.core.case import Case, Patient
from consilium.core.errors import InputError
from consilium.core.report import Urgency
from consilium.evaluation.benchmarks import HarnessResult
from consilium.reasoning import assess_triage, extract_findings, rank_differential
from consilium.reasoning.diagnosis_names import matches

URGENCY_LEVEL = {"self_care": 0, "non_emergency": 1, "emergency": 2}


class Vignette(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    text: str
    age: float
    sex: str = "unknown"
    gold_diagnosis: str
    gold_synonyms: list[str] = Field(default_factory=list)
    gold_urgency: Urgency | None = None

    def to_case(self) -> Case:
        patient = Patient.model_validate({"age": self.age, "sex": self.sex})
        return Case(id=self.id, patient=patient, note=self.text)


@dataclass
class Outcome:
    id: str
    rank: int | None  # 1-based rank of the gold diagnosis in the differential
    urgency: str | None = None
    gold_urgency: str | None = None
    top: list[str] = field(default_factory=list)


@dataclass
class Metrics:
    n: int
    top1: float
    top3: float
    top5: float
    urgency_accuracy: float | None = None
    over_triage: float | None = None
    under_triage: float | None = None
    covered: int | None = None  # cases whose gold diagnosis the disease model knows at all
    top1_covered: float | None = None
    top3_covered: float | None = None
    top5_covered: float | None = None
    misses: list[Outcome] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "misses"}


def evaluate_case(case: Case, gold: list[str], gold_urgency: str | None, id_: str) -> Outcome:
    findings = extract_findings(case)
    ddx = rank_differential(case, findings)
    rank = next((i for i, c in enumerate(ddx.differential, 1)
                 if matches(gold, None, c, partial=True)), None)
    urgency = None
    if gold_urgency is not None:
        urgency = assess_triage(case, findings, ddx, []).urgency
    return Outcome(id_, rank, urgency, gold_urgency, [c.diagnosis for c in ddx.differential[:5]])


def summarise(outcomes: list[Outcome]) -> Metrics:
    n = len(outcomes)

    def within(k: int) -> float:
        return sum(1 for o in outcomes if o.rank is not None and o.rank <= k) / n if n else 0.0

    metrics = Metrics(n, within(1), within(3), within(5),
                      misses=[o for o in outcomes if o.rank is None or o.rank > 3])
    triaged = [o for o in outcomes if o.gold_urgency and o.urgency]
    if triaged:
        levels = [(URGENCY_LEVEL[o.urgency or ""], URGENCY_LEVEL[o.gold_urgency or ""])
                  for o in triaged]
        metrics.urgency_accuracy = sum(a == g for a, g in levels) / len(levels)
        metrics.over_triage = sum(a > g for a, g in levels) / len(levels)
        metrics.under_triage = sum(a < g for a, g in levels) / len(levels)
    return metrics


def load_vignettes(path: Path) -> list[Vignette]:
    with path.open(encoding="utf-8") as handle:
        return [Vignette.model_validate_json(line) for line in handle if line.strip()]


def evaluate_vignettes(vignettes: list[Vignette]) -> Metrics:
    return summarise([
        evaluate_case(v.to_case(), [v.gold_diagnosis, *v.gold_synonyms], v.gold_urgency, v.id)
        for v in vignettes
    ])


def run(path: Path) -> HarnessResult:
    """`path`: a JSONL file of vignettes."""
    from consilium.render.tables import figures

    if not path.is_file():
        raise InputError(f"{path}: not a file (give a JSONL file of vignettes)")
    metrics = evaluate_vignettes(load_vignettes(path))
    return HarnessResult(metrics.as_dict(),
                         partial(figures, f"Vignettes: {path.name}", metrics.as_dict()))
