"""Diagnostic and triage accuracy of the knowledge engine on free-text vignettes.

Two sets: the development vignettes written for the tests (`tests/reasoning/vignettes.jsonl`,
with gold diagnosis, accepted synonyms and gold urgency) and the AgentClinic MedQA OSCE cases
(`../shared/data/agentclinic/agentclinic_medqa.jsonl`, gold `Correct_Diagnosis`; history and
examination only, no test results). Run: `python -m consilium.evaluation.vignettes`.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from consilium.core.case import Case, Patient
from consilium.core.report import DiagnosisCandidate, Urgency
from consilium.reasoning import assess_triage, extract_findings, rank_differential
from consilium.reasoning.diseases import default_conditions

REPO_ROOT = Path(__file__).resolve().parents[2]
DEV_VIGNETTES = REPO_ROOT / "tests" / "reasoning" / "vignettes.jsonl"
AGENTCLINIC = REPO_ROOT.parent / "shared" / "data" / "agentclinic" / "agentclinic_medqa.jsonl"
URGENCY_LEVEL = {"self_care": 0, "non_emergency": 1, "emergency": 2}
_SPELLING = ((r"ae", "e"), (r"oe", "e"), (r"[^a-z0-9 ]", " "), (r"\s+", " "))


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


def normalise(name: str) -> str:
    """Lower-case, British/US spelling folded ("haemorrhage" = "hemorrhage"), no punctuation."""
    text = name.lower().replace("'s", "")
    for pattern, replacement in _SPELLING:
        text = re.sub(pattern, replacement, text)
    return text.strip()


def _names_of(candidate: DiagnosisCandidate) -> set[str]:
    names = {normalise(candidate.diagnosis)}
    condition_id = (candidate.source or "").rpartition("#")[2]
    for condition in default_conditions():
        if condition.id == condition_id:
            names |= {normalise(s) for s in condition.synonyms} | {normalise(condition.id)}
    return names


def matches(gold: Iterable[str], candidate: DiagnosisCandidate) -> bool:
    """Same name or synonym, or one name's words all within the other's (e.g. "stroke")."""
    golds = {normalise(g) for g in gold}
    for name in _names_of(candidate):
        for g in golds:
            if name == g or set(g.split()) <= set(name.split()) or (set(name.split()) <= set(
                g.split()
            ) and len(name.split()) >= 2):
                return True
    return False


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
    rank = next((i for i, c in enumerate(ddx.differential, 1) if matches(gold, c)), None)
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


def load_vignettes(path: Path = DEV_VIGNETTES) -> list[Vignette]:
    with path.open(encoding="utf-8") as handle:
        return [Vignette.model_validate_json(line) for line in handle if line.strip()]


def evaluate_vignettes(vignettes: list[Vignette]) -> Metrics:
    return summarise([
        evaluate_case(v.to_case(), [v.gold_diagnosis, *v.gold_synonyms], v.gold_urgency, v.id)
        for v in vignettes
    ])


_AGE = re.compile(r"(\d+(?:\.\d+)?)[- ](year|month|week|day)s?[- ]old", re.IGNORECASE)


def _flatten(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            for text in _flatten(item):
                yield f"{key.replace('_', ' ')}: {text}"
    elif isinstance(value, list):
        for item in value:
            yield from _flatten(item)
    elif value is not None:
        yield str(value)


def agentclinic_case(record: dict[str, Any], index: int) -> tuple[Case, str]:
    """History and examination of one OSCE record as a case; the gold diagnosis beside it."""
    osce = record["OSCE_Examination"]
    actor = osce["Patient_Actor"]
    demographics = actor.get("Demographics", "")
    match = _AGE.search(demographics)
    lowered = demographics.lower()
    if match:
        age = f"{match.group(1)} {match.group(2)}s"
    elif any(word in lowered for word in ("newborn", "neonate", "new-born")):
        age = "3 days"
    elif "infant" in lowered:
        age = "6 months"
    else:
        age = "40"  # not stated: an adult is the commonest presenter
    sex = "female" if ("female" in lowered or "woman" in lowered or "girl" in lowered) else (
        "male" if ("male" in lowered or "man" in lowered or "boy" in lowered) else "unknown")
    history = {k: v for k, v in actor.items() if k != "Demographics"}
    text = ". ".join([*_flatten(history), *_flatten(osce.get("Physical_Examination_Findings"))])
    case = Case(id=f"agentclinic-{index}", patient=Patient.model_validate({"age": age,
                                                                           "sex": sex}),
                note=text)
    return case, str(osce["Correct_Diagnosis"])


def modelled(gold: str) -> bool:
    """Whether any condition of the disease model answers to this gold diagnosis."""
    return any(
        matches([gold], DiagnosisCandidate(diagnosis=c.name, probability=0.0,
                                           source=f"{c.file}#{c.id}"))
        for c in default_conditions()
    )


def evaluate_agentclinic(path: Path = AGENTCLINIC) -> Metrics:
    """Top-k over all cases, and over the cases whose diagnosis the model covers."""
    outcomes, covered = [], []
    with path.open(encoding="utf-8") as handle:
        for index, line in enumerate(handle):
            if line.strip():
                case, gold = agentclinic_case(json.loads(line), index)
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


def main() -> None:
    dev = evaluate_vignettes(load_vignettes())
    print("development vignettes:", json.dumps(dev.as_dict()))
    if "--misses" in sys.argv:
        for miss in dev.misses:
            print("  miss", miss.id, miss.rank, miss.top[:3])
    if AGENTCLINIC.exists():
        print("agentclinic medqa:", json.dumps(evaluate_agentclinic().as_dict()))
    else:
        print(f"agentclinic medqa: skipped ({AGENTCLINIC} not found)")


if __name__ == "__main__":
    main()
