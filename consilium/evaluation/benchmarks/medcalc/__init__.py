"""The MedCalc-Bench harness (`consilium eval medcalc PATH/test_data.csv`): every row's
calculator run on its extracted entities and scored; accuracy with and without the rows whose
ground truth is known to be wrong (`known_errors.yaml`, written by `audit`)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from consilium.core.errors import InputError
from consilium.evaluation.benchmarks import HarnessResult


def run(path: Path, known_errors: Path | None = None) -> HarnessResult:
    from consilium.evaluation.benchmarks.medcalc.scoring import (
        evaluate,
        load_known_errors,
        summary,
    )
    from consilium.render.tables import medcalc_results

    if not path.is_file():
        raise InputError(f"{path}: not a file (give MedCalc-Bench's test_data.csv)")
    report = evaluate(path, load_known_errors(known_errors) if known_errors else None)
    return HarnessResult(summary(report),
                         partial(medcalc_results, f"MedCalc-Bench: {path.name}", report))
