"""The MedCalc-Bench harness on the real test set (skips when ../shared/data is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from consilium.evaluation.benchmarks.medcalc.scoring import (
    MedCalcReport,
    evaluate,
    load_known_errors,
)
from tests.conftest import shared_data


@pytest.fixture(scope="module")
def report() -> MedCalcReport:
    return evaluate(shared_data("medcalc-bench/test_data.csv"))


@pytest.mark.shared_data
def test_accuracy_floor_without_known_dataset_errors(report: MedCalcReport) -> None:
    assert report.n == 1047
    assert len(report.per_calculator) == 55
    assert report.accuracy_without_known_errors >= 0.99
    assert report.unexplained_failing_rows == []


@pytest.mark.shared_data
def test_known_errors_are_real_failures_with_reasons(report: MedCalcReport) -> None:
    known = load_known_errors()
    failing = set(report.failing_rows)
    stale = sorted(row for row in known if row not in failing)
    assert stale == [], "rows listed as dataset errors that now pass: remove them"
    assert all(len(reason) > 20 for reason in known.values())


def test_a_non_medcalc_csv_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not a MedCalc-Bench CSV"):
        evaluate(path, known_errors={})
