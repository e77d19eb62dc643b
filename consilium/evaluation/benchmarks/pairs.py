"""The medication gate on drug pairs with gold severity
(`consilium eval pairs cases/eval/ddi_gold.jsonl [--split dev|test] [--misses]`).

Each pair runs through the whole medication review as a patient taking `drug_a` to whom `drug_b`
is proposed (an adult, no other context), and the worst drug-drug finding is scored:
- interacting pairs: the share flagged moderate or worse, and major or worse (per mechanism class);
- negative controls: the share flagged major or worse (false alarms that would stop a plan);
- names the lexicon could not resolve count as missed, and are listed.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from consilium.core.case import Medication
from consilium.core.errors import InputError
from consilium.core.report import SEVERITY_RANK
from consilium.evaluation.benchmarks import HarnessResult
from consilium.evaluation.benchmarks.frozen import Split, split_ids
from consilium.tools.medication import MedicationReviewInput, review_medications

PAIR_KINDS = frozenset({"drug_interaction", "duplicate_therapy", "contraindication"})


class GoldPair(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    drug_a: str
    drug_b: str
    gold_severity: Literal["contraindicated", "major", "moderate", "minor", "none"]
    mechanism_class: str
    effect: str
    source: str
    kind: Literal["positive", "negative_control"]


def load_pairs(path: Path, only: set[str] | None = None) -> list[GoldPair]:
    with path.open(encoding="utf-8") as handle:
        pairs = [GoldPair.model_validate_json(line) for line in handle if line.strip()]
    return [p for p in pairs if only is None or p.id in only]


def worst_pair_severity(pair: GoldPair) -> tuple[str | None, bool]:
    """The worst drug-pair severity the review reports, and whether both names resolved."""
    result = review_medications(MedicationReviewInput(
        current=[Medication(name=pair.drug_a)], proposed=[Medication(name=pair.drug_b)],
        age_years=50, sex="unknown"))
    found = [f for f in result.findings if f.kind in PAIR_KINDS]
    worst = max(found, key=lambda f: f.rank).severity if found else None
    return worst, not result.unrecognized


def share(hits: int, n: int) -> float:
    return round(hits / n, 4) if n else 0.0


def evaluate(pairs: list[GoldPair]) -> dict[str, Any]:
    moderate, major = SEVERITY_RANK["moderate"], SEVERITY_RANK["major"]
    positives = [p for p in pairs if p.kind == "positive"]
    controls = [p for p in pairs if p.kind == "negative_control"]
    answers = {p.id: worst_pair_severity(p) for p in pairs}
    rank = {p.id: SEVERITY_RANK[answers[p.id][0] or "info"] for p in pairs}
    by_class: dict[str, list[GoldPair]] = defaultdict(list)
    for pair in positives:
        by_class[pair.mechanism_class].append(pair)
    misses = [{"id": p.id, "pair": f"{p.drug_a} + {p.drug_b}", "gold": p.gold_severity,
               "answered": answers[p.id][0] or "none", "class": p.mechanism_class}
              for p in pairs
              if (p.kind == "positive" and rank[p.id] < moderate)
              or (p.kind == "negative_control" and rank[p.id] >= major)]
    return {
        "positives": len(positives),
        "flagged_moderate_or_worse": share(sum(rank[p.id] >= moderate for p in positives),
                                           len(positives)),
        "flagged_major_or_worse": share(sum(rank[p.id] >= major for p in positives),
                                        len(positives)),
        "gold_major_flagged_major": share(
            sum(rank[p.id] >= major for p in positives if SEVERITY_RANK.get(
                p.gold_severity, 0) >= major),
            sum(SEVERITY_RANK.get(p.gold_severity, 0) >= major for p in positives)),
        "negative_controls": len(controls),
        "controls_flagged_major_or_worse": share(sum(rank[p.id] >= major for p in controls),
                                                 len(controls)),
        "unresolved_pairs": sum(not answers[p.id][1] for p in pairs),
        "by_class": {name: {"n": len(group), "moderate_or_worse": share(
            sum(rank[p.id] >= moderate for p in group), len(group))}
            for name, group in sorted(by_class.items())},
        "misses": misses,
    }


def run(path: Path, split: Split | None = None, misses: bool = False) -> HarnessResult:
    """`path`: a JSONL file of gold pairs; `split`: one half of a frozen set."""
    from consilium.render.tables import figures

    if not path.is_file():
        raise InputError(f"{path}: not a file (give a JSONL file of drug pairs)")
    if misses and split == "test":
        raise InputError("--misses: the test half's pairs are not shown (tune on the dev half)")
    summary = evaluate(load_pairs(path, split_ids(path, split)))
    if not misses:
        summary.pop("misses")

    def show() -> None:
        figures(f"Drug pairs: {path.name}" + (f" ({split} half)" if split else ""),
                {k: v for k, v in summary.items() if not isinstance(v, dict | list)})
        figures("Interacting pairs flagged moderate or worse, by class",
                {k: f"{v['moderate_or_worse']:.0%} of {v['n']}"
                 for k, v in summary["by_class"].items()})
        if misses:
            figures("Misses", {m["id"]: f"{m['pair']}: gold {m['gold']}, answered "
                               f"{m['answered']} ({m['class']})" for m in summary["misses"]})

    return HarnessResult(summary, show)
