"""MedCalc-Bench harness: run every row's calculator on its extracted entities and score it.

A decimal answer is right when it lies in the row's [Lower Limit, Upper Limit]; an integer score
must equal the ground truth; a date must be the same day; a gestational age the same weeks and
days. Rows whose ground truth contradicts the published formula are listed, with the reason, in
`known_errors.yaml`; accuracy is reported with and without them.
"""

from __future__ import annotations

import ast
import csv
import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field

from consilium.evaluation.benchmarks.medcalc.adapters import to_params
from consilium.tools.calculators import CalculatorInputError, CalculatorResult, run_calculator

KNOWN_ERRORS_FILE = Path(__file__).with_name("known_errors.yaml")


class RowOutcome(BaseModel):
    row: int
    calculator: str
    expected: str
    got: str | None
    correct: bool
    error: str | None = None


class CalculatorAccuracy(BaseModel):
    n: int
    correct: int
    accuracy: float


class MedCalcReport(BaseModel):
    n: int
    correct: int
    accuracy: float
    n_without_known_errors: int
    accuracy_without_known_errors: float
    per_calculator: dict[str, CalculatorAccuracy]
    failing_rows: list[int] = Field(description="Wrong rows, known dataset errors included")
    unexplained_failing_rows: list[int] = Field(description="Wrong rows not in the known errors")
    known_error_rows: list[int]
    outcomes: list[RowOutcome]


def load_known_errors(path: Path = KNOWN_ERRORS_FILE) -> dict[int, str]:
    """Row number -> reason the ground truth is wrong."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return {int(item["row"]): str(item["reason"]) for item in entries}


def _as_date(text: str) -> dt.date:
    return dt.datetime.strptime(text.strip(), "%m/%d/%Y").date()


def is_correct(row: dict[str, str], result: CalculatorResult) -> bool:
    if row["Calculator ID"] == "69":  # gestational age: ('N weeks', 'M days')
        answer = ast.literal_eval(row["Ground Truth Answer"])
        weeks, days = (int(part.split()[0]) for part in answer)
        return result.components == {"weeks": weeks, "days": days}
    if row["Output Type"] == "date":
        return dt.date.fromisoformat(str(result.value)) == _as_date(row["Ground Truth Answer"])
    value = float(result.value)
    if row["Output Type"] == "integer":
        return round(value) == round(float(row["Ground Truth Answer"]))
    return float(row["Lower Limit"]) <= value <= float(row["Upper Limit"])


def evaluate_row(row: dict[str, str]) -> RowOutcome:
    outcome = RowOutcome(
        row=int(row["Row Number"]),
        calculator=row["Calculator Name"],
        expected=row["Ground Truth Answer"],
        got=None,
        correct=False,
    )
    try:
        entities = ast.literal_eval(row["Relevant Entities"])
        calculator_id, params = to_params(int(row["Calculator ID"]), entities)
        result = run_calculator(calculator_id, params)
    except (CalculatorInputError, KeyError, ValueError, SyntaxError) as error:
        return outcome.model_copy(update={"error": str(error)})
    try:
        correct = is_correct(row, result)
    except (ValueError, SyntaxError) as error:  # a ground truth that does not parse
        return outcome.model_copy(
            update={"got": result.display, "error": f"ground truth unreadable: {error}"}
        )
    return outcome.model_copy(update={"got": result.display, "correct": correct})


def _accuracy(correct: int, n: int) -> float:
    return round(correct / n, 4) if n else 0.0


def evaluate(csv_path: Path, known_errors: dict[int, str] | None = None) -> MedCalcReport:
    known = load_known_errors() if known_errors is None else known_errors
    with csv_path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if not rows or "Relevant Entities" not in rows[0]:
        raise ValueError(f"{csv_path} is not a MedCalc-Bench CSV (no 'Relevant Entities' column)")
    outcomes = [evaluate_row(row) for row in rows]
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for outcome in outcomes:
        tally[outcome.calculator][0] += 1
        tally[outcome.calculator][1] += outcome.correct
    correct = sum(o.correct for o in outcomes)
    clean = [o for o in outcomes if o.row not in known]
    clean_correct = sum(o.correct for o in clean)
    failing = [o.row for o in outcomes if not o.correct]
    return MedCalcReport(
        n=len(outcomes),
        correct=correct,
        accuracy=_accuracy(correct, len(outcomes)),
        n_without_known_errors=len(clean),
        accuracy_without_known_errors=_accuracy(clean_correct, len(clean)),
        per_calculator={
            name: CalculatorAccuracy(n=n, correct=c, accuracy=_accuracy(c, n))
            for name, (n, c) in sorted(tally.items())
        },
        failing_rows=failing,
        unexplained_failing_rows=[row for row in failing if row not in known],
        known_error_rows=sorted(row for row in known if any(o.row == row for o in outcomes)),
        outcomes=outcomes,
    )


def summary(report: MedCalcReport) -> dict[str, Any]:
    """The JSON a program reads: everything but the per-row outcomes."""
    return report.model_dump(exclude={"outcomes"})
