"""The treatment plans of a batch run, one row per drug the panel would give or withhold.

`start if` and `consider` rows are suggestions: the "only if" column says what the clinician
must confirm first. Rows read the stored reports (`results.jsonl`), whatever their schema
version: a report written before plan items had indications shows "-" there.
"""

from __future__ import annotations

from typing import Any

PLAN_HEADERS = ["run", "case", "status", "action", "drug", "dose", "for", "only if"]
PLAN_NOTE = ("start if / consider: a suggestion for the clinician, never an order; care steps "
             "(cultures, fluids, imaging) are in each case's report.")


def _for(item: dict[str, Any]) -> str:
    indication = item.get("indication") or {}
    if not indication:
        return "-"
    probability = indication.get("probability")
    return indication["diagnosis"] + (f" ({probability:.0%})" if probability is not None else "")


def plan_rows(run: str, records: list[Any]) -> list[list[str]]:
    rows = []
    for record in records:
        report = record.report or {}
        for item in report.get("medication_plan") or []:
            if item.get("action") == "continue":
                continue
            dose = " ".join(str(item[k]) for k in ("dose", "route", "frequency") if item.get(k))
            rows.append([run, record.id, str(report.get("status", "")),
                         str(item["action"]).replace("_", " "), str(item["drug"]), dose,
                         _for(item), "; ".join(item.get("conditions") or [])])
    return rows
