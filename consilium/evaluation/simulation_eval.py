"""Watch-mode accuracy over the AgentClinic MedQA OSCE cases (or any simulation cases).

For each case the panel works the hidden case by itself (no model: the knowledge engine's
next-best-question logic), commits a diagnosis, and is scored against the gold diagnosis with
synonym-aware matching. Prints accuracy, mean questions, examinations, tests and cost.

Run: `python -m consilium.evaluation.simulation_eval [FILE.jsonl] [--budget USD] [--review]
[--limit N] [--json]`
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from consilium.evaluation.vignettes import modelled
from consilium.simulations.loaders import iter_agentclinic
from consilium.simulations.models import HiddenCase, Score, SessionState
from consilium.simulations.session import Session, new_session_id
from consilium.simulations.watch import run_watch

REPO_ROOT = Path(__file__).resolve().parents[2]
AGENTCLINIC = REPO_ROOT.parent / "shared" / "data" / "agentclinic" / "agentclinic_medqa.jsonl"


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=AGENTCLINIC)
    parser.add_argument("--budget", type=float, default=None, help="USD per case")
    parser.add_argument("--review", action="store_true", help="run the critic after each commit")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--cases", action="store_true", help="print one line per case")
    args = parser.parse_args(argv)
    if not args.file.is_file():
        print(f"error: {args.file} not found (AgentClinic data lives in ../shared/data)",
              file=sys.stderr)
        return 2
    started = time.monotonic()
    results: list[tuple[HiddenCase, Score]] = []
    for index, case in enumerate(iter_agentclinic(args.file)):
        if args.limit is not None and index >= args.limit:
            break
        score = run_one(case, args.budget, args.review)
        results.append((case, score))
        if args.cases and not args.json:
            mark = "ok " if score.correct else "-- "
            print(f"{mark}{case.id}: {score.committed} | gold {score.gold} | "
                  f"q{score.questions} e{score.examinations} t{score.tests} "
                  f"{score.cost_usd:.0f} USD")
    summary = summarise(results, args.budget, args.review)
    if args.json:
        print(json.dumps(asdict(summary)))
    else:
        for key, value in asdict(summary).items():
            print(f"{key:>18}: {value}")
        print(f"{'wall_seconds':>18}: {time.monotonic() - started:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
