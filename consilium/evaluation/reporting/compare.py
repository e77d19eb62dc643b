"""Paired comparison of two runs, case by case (McNemar's test).

McNemar (1947, Psychometrika 12:153) compares two classifiers on the same cases using only the
discordant pairs: b = cases run A got right and run B got wrong, c = the reverse. The exact
two-sided p-value is the binomial probability of a split at least as uneven as (b, c) when
each discordant case is equally likely to favour either run.
"""

from __future__ import annotations

from math import comb
from typing import Any

from consilium.evaluation.metrics import CaseOutcome


def primary_correct(outcome: CaseOutcome) -> bool | None:
    """The case's main question: MCQ answer, else top-1 diagnosis, else urgency."""
    if outcome.mcq_correct is not None:
        return outcome.mcq_correct
    if outcome.has_gold_dx:
        return outcome.top(1)
    if outcome.gold_urgency:
        return outcome.urgency == outcome.gold_urgency
    return None


def mcnemar_exact(b: int, c: int) -> float:
    n = b + c
    if n == 0:
        return 1.0
    tail = sum(comb(n, k) for k in range(min(b, c) + 1)) / 2**n
    return min(1.0, 2 * tail)


def compare_runs(a: list[CaseOutcome], b: list[CaseOutcome]) -> dict[str, Any]:
    """Paired table over the cases both runs scored."""
    right_a = {o.id: primary_correct(o) for o in a}
    right_b = {o.id: primary_correct(o) for o in b}
    paired = sorted(i for i in right_a.keys() & right_b.keys()
                    if right_a[i] is not None and right_b[i] is not None)
    both = sum(1 for i in paired if right_a[i] and right_b[i])
    only_a = [i for i in paired if right_a[i] and not right_b[i]]
    only_b = [i for i in paired if right_b[i] and not right_a[i]]
    neither = len(paired) - both - len(only_a) - len(only_b)
    n_disc = len(only_a) + len(only_b)
    chi2 = (abs(len(only_a) - len(only_b)) - 1) ** 2 / n_disc if n_disc else 0.0
    return {
        "paired_cases": len(paired),
        "only_in_one_run": len(right_a.keys() ^ right_b.keys()),
        "both_right": both, "a_right_b_wrong": len(only_a), "a_wrong_b_right": len(only_b),
        "both_wrong": neither,
        "accuracy_a": (both + len(only_a)) / len(paired) if paired else None,
        "accuracy_b": (both + len(only_b)) / len(paired) if paired else None,
        "mcnemar_exact_p": mcnemar_exact(len(only_a), len(only_b)),
        "mcnemar_chi2_cc": chi2,
        "discordant_ids": {"a_only": only_a[:50], "b_only": only_b[:50]},
        "question": "MCQ answer, else top-1 diagnosis, else urgency",
    }
