"""Diagnostic and triage accuracy on free-text vignettes
(`consilium eval vignettes PATH.jsonl [--split dev|test] [--misses]`).

A vignette line holds `id`, `text`, `age`, `sex`, `gold_diagnosis`, `gold_synonyms` and
`gold_urgency` (the frozen sets under `cases/eval/` add `domain`, `setting` and `source`). Each
vignette runs through the whole panel on the knowledge engine, and the released report is scored:
its urgency against the gold urgency, its differential for the gold diagnosis (the lenient rule
of the one matcher, `partial=True`). `--split` scores one half of a frozen set.
"""

from __future__ import annotations

import asyncio
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from consilium.core.case import Case, Patient
from consilium.core.errors import InputError
from consilium.core.report import Urgency
from consilium.evaluation.benchmarks import HarnessResult
from consilium.evaluation.benchmarks.frozen import Split, split_ids
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
    domain: str | None = None
    setting: str | None = None
    source: str | None = None

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
    domain: str | None = None


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
    emergencies: int | None = None
    emergencies_under_triaged: int | None = None
    confusion: dict[str, dict[str, int]] | None = None  # gold urgency -> answered urgency -> n
    by_domain: dict[str, dict[str, float]] | None = None
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
                      misses=[o for o in outcomes if o.rank is None or o.rank > 3
                              or (o.gold_urgency and o.urgency != o.gold_urgency)])
    triaged = [o for o in outcomes if o.gold_urgency and o.urgency]
    if triaged:
        levels = [(URGENCY_LEVEL[o.urgency or ""], URGENCY_LEVEL[o.gold_urgency or ""])
                  for o in triaged]
        metrics.urgency_accuracy = sum(a == g for a, g in levels) / len(levels)
        metrics.over_triage = sum(a > g for a, g in levels) / len(levels)
        metrics.under_triage = sum(a < g for a, g in levels) / len(levels)
        emergencies = [a for a, g in levels if g == URGENCY_LEVEL["emergency"]]
        metrics.emergencies = len(emergencies)
        metrics.emergencies_under_triaged = sum(a < URGENCY_LEVEL["emergency"] for a in emergencies)
        metrics.confusion = {gold: {answer: sum(o.gold_urgency == gold and o.urgency == answer
                                                for o in triaged) for answer in URGENCY_LEVEL}
                             for gold in URGENCY_LEVEL}
    return metrics


def _by_domain(outcomes: list[Outcome]) -> dict[str, dict[str, float]]:
    table: dict[str, dict[str, float]] = {}
    for domain in sorted({o.domain for o in outcomes if o.domain}):
        within = summarise([o for o in outcomes if o.domain == domain])
        table[domain] = {"n": within.n, "top3": round(within.top3, 3),
                         "urgency": round(within.urgency_accuracy or 0.0, 3)}
    return table


def load_vignettes(path: Path, only: set[str] | None = None) -> list[Vignette]:
    with path.open(encoding="utf-8") as handle:
        vignettes = [Vignette.model_validate_json(line) for line in handle if line.strip()]
    return [v for v in vignettes if only is None or v.id in only]


def evaluate_vignettes(vignettes: list[Vignette]) -> Metrics:
    """The reasoning engine alone (no panel): the differential and triage functions."""
    return summarise([
        evaluate_case(v.to_case(), [v.gold_diagnosis, *v.gold_synonyms], v.gold_urgency, v.id)
        for v in vignettes
    ])


async def _panel_outcomes(vignettes: list[Vignette]) -> list[Outcome]:
    from consilium.api import Panel
    from consilium.core.settings import Settings

    outcomes = []
    async with Panel(Settings(model=None, providers=[])) as panel:
        for vignette in vignettes:
            report = await panel.run(vignette.to_case())
            gold = [vignette.gold_diagnosis, *vignette.gold_synonyms]
            rank = next((i for i, c in enumerate(report.differential, 1)
                         if matches(gold, None, c, partial=True)), None)
            outcomes.append(Outcome(vignette.id, rank, report.triage.urgency,
                                    vignette.gold_urgency,
                                    [c.diagnosis for c in report.differential[:5]],
                                    vignette.domain))
    return outcomes


def evaluate_panel(vignettes: list[Vignette]) -> Metrics:
    """Every vignette through the whole panel (knowledge engine); the released report scored."""
    outcomes = asyncio.run(_panel_outcomes(vignettes))
    metrics = summarise(outcomes)
    metrics.by_domain = _by_domain(outcomes)
    return metrics


def run(path: Path, split: Split | None = None, misses: bool = False) -> HarnessResult:
    """`path`: a JSONL file of vignettes; `split`: one half of a frozen set."""
    from consilium.render.tables import figures, misses_table

    if not path.is_file():
        raise InputError(f"{path}: not a file (give a JSONL file of vignettes)")
    if misses and split == "test":
        raise InputError("--misses: the test half's cases are not shown (tune on the dev half)")
    metrics = evaluate_panel(load_vignettes(path, split_ids(path, split)))
    summary = metrics.as_dict()
    if misses:
        summary["misses"] = [asdict(o) for o in metrics.misses]

    def show() -> None:
        figures(f"Vignettes: {path.name}" + (f" ({split} half)" if split else ""),
                {k: v for k, v in summary.items() if not isinstance(v, dict | list)})
        figures("Urgency: gold -> answered", {
            gold: ", ".join(f"{a} {n}" for a, n in row.items())
            for gold, row in (metrics.confusion or {}).items()})
        figures("By domain", {d: ", ".join(f"{k} {v:g}" for k, v in row.items())
                              for d, row in (metrics.by_domain or {}).items()})
        if misses:
            misses_table(summary["misses"])

    return HarnessResult(summary, show)
