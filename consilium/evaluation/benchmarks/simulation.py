"""Watch-mode accuracy over the AgentClinic MedQA OSCE cases
(`consilium eval simulation PATH.jsonl [--limit N] [--budget USD] [--review]`).

For each case the panel works the hidden case by itself (no model: the knowledge engine's
next-best-question logic), commits a diagnosis, and is scored against the gold diagnosis with
synonym-aware matching: accuracy, mean questions, examinations, tests and cost.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path

from consilium.core.errors import InputError
from consilium.evaluation.benchmarks import HarnessResult
from consilium.evaluation.benchmarks.agentclinic import modelled
from consilium.simulations.loaders import iter_agentclinic
from consilium.simulations.models import HiddenCase, Score, SessionState
from consilium.simulations.session import Session, new_session_id
from consilium.simulations.watch import run_watch


@dataclass
class Summary:
    cases: int
    correct: int
    accuracy: float
    covered: int  # cases whose gold diagnosis the disease model knows at all
    accuracy_covered: float | None
    mean_questions: float
    mean_examinations: float
    mean_tests: float
    mean_cost_usd: float
    mean_seconds: float
    budget_usd: float | None
    review: bool


def run_one(case: HiddenCase, budget: float | None, review: bool) -> Score:
    state = SessionState(id=new_session_id(case.id), case_spec=case.source, case_id=case.id,
                         mode="watch", budget_usd=budget)
    return run_watch(Session(case, state), review=review)


def summarise(results: list[tuple[HiddenCase, Score]], budget: float | None,
              review: bool) -> Summary:
    scores = [s for _, s in results]
    covered = [s for c, s in results if c.gold_diagnosis and modelled(c.gold_diagnosis)]

    def mean(values: list[float]) -> float:
        return round(statistics.fmean(values), 3) if values else 0.0

    return Summary(
        cases=len(scores), correct=sum(1 for s in scores if s.correct),
        accuracy=mean([float(bool(s.correct)) for s in scores]), covered=len(covered),
        accuracy_covered=mean([float(bool(s.correct)) for s in covered]) if covered else None,
        mean_questions=mean([s.questions for s in scores]),
        mean_examinations=mean([s.examinations for s in scores]),
        mean_tests=mean([s.tests for s in scores]),
        mean_cost_usd=mean([s.cost_usd for s in scores]),
        mean_seconds=mean([s.seconds for s in scores]), budget_usd=budget, review=review)


def run(path: Path, limit: int | None = None, budget: float | None = None,
        review: bool = False) -> HarnessResult:
    """`path`: an AgentClinic JSONL file; `budget` in USD per case; `review`: the critic runs."""
    from consilium.render.tables import figures

    if not path.is_file():
        raise InputError(f"{path}: not a file (give an AgentClinic JSONL file)")
    started = time.monotonic()
    results: list[tuple[HiddenCase, Score]] = []
    for index, case in enumerate(iter_agentclinic(path)):
        if limit is not None and index >= limit:
            break
        results.append((case, run_one(case, budget, review)))
    summary = asdict(summarise(results, budget, review))
    shown = {**summary, "wall_seconds": round(time.monotonic() - started, 1)}
    return HarnessResult(summary, partial(figures, f"Watch-mode sessions: {path.name}", shown))
