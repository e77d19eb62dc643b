"""Metrics of a batch run, computed from its result records alone.

Diagnosis matching is the strict rule of the one matcher (`reasoning.diagnosis_names`:
synonym-aware, spelling folded, ICD-10 codes at category level). When a model is configured,
the batch asks an LLM judge about cases this matching leaves unmatched; its verdict is stored on
the record and counted here (`matched_by_llm_judge` says how many).

Confidence intervals are percentile bootstrap intervals (Efron & Tibshirani, An Introduction to
the Bootstrap, 1993) over cases, seeded so that a report is reproducible.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Mapping
from typing import Any

from consilium.reasoning.diagnosis_names import matches


def gold_rank(gold: Mapping[str, Any], differential: list[Mapping[str, Any]]) -> int | None:
    """1-based rank of the first differential entry naming the gold diagnosis; None if absent."""
    names = [gold.get("diagnosis") or "", *(gold.get("synonyms") or [])]
    for rank, candidate in enumerate(differential, start=1):
        if matches(names, gold.get("icd10"), candidate):
            return rank
    return None


MCQ_METHOD = (
    "knowledge mode: each option is matched (synonym-aware) against the ranked differential; "
    "the option naming the highest-ranked candidate is chosen; no match = unanswered, "
    "scored wrong"
)


def answer_mcq(options: Mapping[str, str], differential: list[Mapping[str, Any]]) -> str | None:
    """The option letter whose text names the highest-ranked differential entry."""
    for candidate in differential:
        for letter, text in options.items():
            if matches([text], None, candidate):
                return letter
    return None


URGENCY_ORDER = {"self_care": 0, "non_emergency": 1, "emergency": 2}
URGENCY_LEVELS = tuple(URGENCY_ORDER)
CALIBRATION_BINS = 5


class CaseOutcome:
    """What one record scored: None where the case has no gold for that question."""

    def __init__(self, record: Any) -> None:
        self.id: str = record.id
        self.category: str = record.category
        self.ok = record.status == "ok"
        report = record.report or {}
        gold = record.gold
        differential = report.get("differential") or []
        self.rank: int | None = gold_rank(gold, differential) if self.ok else None
        verdict = getattr(record, "judge", None) or {}
        self.judged = self.rank is None and verdict.get("rank") is not None
        if self.judged:
            self.rank = int(verdict["rank"])
        self.has_gold_dx = bool(gold.get("diagnosis"))
        self.top_probability: float | None = (
            float(differential[0]["probability"]) if differential else None
        )
        self.gold_urgency: str | None = gold.get("urgency")
        self.urgency: str | None = (report.get("triage") or {}).get("urgency")
        self.gold_esi: int | None = gold.get("esi")
        self.esi: int | None = (report.get("triage") or {}).get("esi")
        self.mcq_correct: bool | None = None
        if record.mcq is not None:
            self.mcq_correct = record.mcq.get("chosen") == record.mcq.get("answer_idx")
        usage = report.get("usage") or {}
        self.llm_calls = float(usage.get("llm_calls", 0))
        self.tokens = float(usage.get("tokens", 0))
        self.cost_usd = float(usage.get("cost_usd", 0.0))
        self.by_agent: dict[str, dict[str, Any]] = usage.get("by_agent") or {}
        self.latency_s = float(record.timing.get("wall_s", 0.0))

    def top(self, k: int) -> bool:
        return self.rank is not None and self.rank <= k


def usage_by_agent(outcomes: list[CaseOutcome]) -> dict[str, dict[str, float]]:
    """Each agent's model calls, tokens and cost summed over the batch."""
    totals: dict[str, dict[str, float]] = {}
    for outcome in outcomes:
        for agent, usage in outcome.by_agent.items():
            total = totals.setdefault(agent, {"llm_calls": 0, "tokens": 0, "cost_usd": 0.0})
            for key in total:
                total[key] += usage.get(key, 0)
    for total in totals.values():
        total["cost_usd"] = round(total["cost_usd"], 6)
    return dict(sorted(totals.items()))


def percentile(values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default method)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def bootstrap_ci(successes: list[bool], seed: int = 0, resamples: int = 1000
                 ) -> tuple[float, float] | None:
    """95% percentile bootstrap interval of a proportion; None for no data."""
    n = len(successes)
    if n == 0:
        return None
    rng = random.Random(seed)
    values = [int(s) for s in successes]
    means = sorted(sum(rng.choices(values, k=n)) / n for _ in range(resamples))
    return (percentile(means, 2.5), percentile(means, 97.5))


def _rate(flags: list[bool], seed: int, resamples: int) -> dict[str, Any]:
    n = len(flags)
    ci = bootstrap_ci(flags, seed, resamples)
    return {"value": sum(flags) / n if n else None, "n": n,
            "ci95": list(ci) if ci is not None else None}


def distribution(values: list[float]) -> dict[str, float]:
    return {
        "total": sum(values), "mean": statistics.fmean(values) if values else 0.0,
        "p50": percentile(values, 50), "p95": percentile(values, 95),
        "max": max(values, default=0.0),
    }


def _diagnosis(outcomes: list[CaseOutcome], seed: int, resamples: int) -> dict[str, Any]:
    scored = [o for o in outcomes if o.has_gold_dx]
    block: dict[str, Any] = {
        "n": len(scored), "errors_counted_wrong": sum(1 for o in scored if not o.ok),
        "matched_by_llm_judge": sum(1 for o in scored if o.judged),
    }
    for k in (1, 3, 5):
        block[f"top{k}"] = _rate([o.top(k) for o in scored], seed, resamples)
    categories: dict[str, list[CaseOutcome]] = {}
    for outcome in scored:
        categories.setdefault(outcome.category, []).append(outcome)
    block["by_category"] = {
        name: {"n": len(group), "top1": sum(o.top(1) for o in group) / len(group),
               "top3": sum(o.top(3) for o in group) / len(group)}
        for name, group in sorted(categories.items())
    }
    return block


def _urgency(outcomes: list[CaseOutcome], seed: int, resamples: int) -> dict[str, Any]:
    scored = [o for o in outcomes if o.gold_urgency]
    n = len(scored)
    over = sum(1 for o in scored if o.urgency and
               URGENCY_ORDER[o.urgency] > URGENCY_ORDER[str(o.gold_urgency)])
    under = sum(1 for o in scored if o.urgency and
                URGENCY_ORDER[o.urgency] < URGENCY_ORDER[str(o.gold_urgency)])
    confusion = {g: {p: 0 for p in URGENCY_LEVELS} for g in URGENCY_LEVELS}
    for outcome in scored:
        if outcome.urgency:
            confusion[str(outcome.gold_urgency)][outcome.urgency] += 1
    esi = [o for o in outcomes if o.gold_esi is not None]
    return {
        "n": n, "accuracy": _rate([o.urgency == o.gold_urgency for o in scored], seed, resamples),
        "over_triage": over / n if n else None, "under_triage": under / n if n else None,
        "no_answer": sum(1 for o in scored if not o.urgency),
        "confusion": confusion, "confusion_axes": "rows: gold, columns: predicted",
        "esi": _rate([o.esi == o.gold_esi for o in esi], seed, resamples),
    }


def calibration(outcomes: list[CaseOutcome], bins: int = CALIBRATION_BINS) -> list[dict[str, Any]]:
    """Top-1 probability against whether top-1 was right, in equal-width probability bins."""
    rows = []
    for index in range(bins):
        low, high = index / bins, (index + 1) / bins
        members = [o for o in outcomes if o.has_gold_dx and o.top_probability is not None
                   and (low <= o.top_probability < high or (index == bins - 1 and
                                                             o.top_probability == 1.0))]
        if members:
            rows.append({
                "bin": [low, high], "n": len(members),
                "mean_probability": statistics.fmean(o.top_probability or 0.0 for o in members),
                "accuracy": sum(o.top(1) for o in members) / len(members),
            })
    return rows


def _safety(records: list[Any]) -> dict[str, Any]:
    by_kind: dict[str, int] = {}
    by_severity: dict[str, int] = {}
    by_pair: dict[str, int] = {}
    status: dict[str, int] = {}
    for record in records:
        report = record.report or {}
        if report:
            label = str(report.get("status", "unknown"))
            status[label] = status.get(label, 0) + 1
        for finding in report.get("safety_findings") or []:
            kind, severity = finding["kind"], finding["severity"]
            by_kind[kind] = by_kind.get(kind, 0) + 1
            by_severity[severity] = by_severity.get(severity, 0) + 1
            by_pair[f"{kind}/{severity}"] = by_pair.get(f"{kind}/{severity}", 0) + 1
    return {"total": sum(by_kind.values()), "by_kind": by_kind, "by_severity": by_severity,
            "by_kind_severity": by_pair, "report_status": status}


def compute_metrics(records: list[Any], seed: int = 0, resamples: int = 1000) -> dict[str, Any]:
    """Every figure of `metrics.json` from the stored result records."""
    outcomes = [CaseOutcome(record) for record in records]
    mcq = [o for o in outcomes if o.mcq_correct is not None]
    answered = sum(1 for r in records if r.mcq is not None and r.mcq.get("chosen"))
    ok = [o for o in outcomes if o.ok]
    return {
        "cases": {"total": len(records), "ok": len(ok), "error": len(records) - len(ok)},
        "errors": [{"id": r.id, "error": r.error} for r in records if r.status == "error"][:50],
        "diagnosis": _diagnosis(outcomes, seed, resamples),
        "calibration": calibration(outcomes),
        "urgency": _urgency(outcomes, seed, resamples),
        "mcq": {**_rate([bool(o.mcq_correct) for o in mcq], seed, resamples),
                "answered": answered, "method": MCQ_METHOD},
        "safety": _safety(records),
        "usage": {
            "llm_calls": distribution([o.llm_calls for o in ok]),
            "tokens": distribution([o.tokens for o in ok]),
            "cost_usd": distribution([o.cost_usd for o in ok]),
            "latency_s": distribution([o.latency_s for o in outcomes]),
            "by_agent": usage_by_agent(ok),
        },
        "bootstrap": {"seed": seed, "resamples": resamples, "method": "percentile, 95%"},
    }
