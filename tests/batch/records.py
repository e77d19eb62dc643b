"""Hand-built result records for metric and report tests."""

from __future__ import annotations

from typing import Any

from consilium.evaluation.store import ResultRecord


def record(case_id: str, differential: list[str] | None = None, *, gold: str | None = None,
           synonyms: list[str] | None = None, urgency: str | None = None,
           gold_urgency: str | None = None, probability: float = 0.6, category: str = "all",
           error: str | None = None, cost: float = 0.0, tokens: int = 0, wall_s: float = 1.0,
           findings: list[tuple[str, str]] = (), mcq: dict[str, Any] | None = None,  # type: ignore[assignment]
           ) -> ResultRecord:
    report = None
    if error is None:
        report = {
            "status": "approved",
            "differential": [{"diagnosis": name, "probability": probability if i == 0 else 0.1}
                             for i, name in enumerate(differential or [])],
            "triage": {"urgency": urgency or "non_emergency", "esi": 3},
            "safety_findings": [{"kind": k, "severity": s} for k, s in findings],
            "usage": {"llm_calls": tokens // 100, "tokens": tokens, "cost_usd": cost},
        }
    gold_data: dict[str, Any] = {}
    if gold:
        gold_data = {"diagnosis": gold, "synonyms": synonyms or []}
    if gold_urgency:
        gold_data["urgency"] = gold_urgency
    return ResultRecord(id=case_id, status="error" if error else "ok", line=1, format="vignette",
                        category=category, report=report, error=error, gold=gold_data, mcq=mcq,
                        timing={"started": 0.0, "wall_s": wall_s})
