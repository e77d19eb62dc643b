"""Speed of the calculators: per-call latency and the full MedCalc-Bench run.

    .venv/bin/python benchmarks/bench_calculators.py [path/to/test_data.csv]

Prints figures; asserts nothing (speed is measured here, not in tests).
"""

from __future__ import annotations

import statistics
import sys
import time
import timeit
from pathlib import Path

from consilium.evaluation.benchmarks.medcalc.scoring import evaluate
from consilium.tools.calculators import run_calculator

DEFAULT_CSV = Path(__file__).resolve().parents[2] / "shared/data/medcalc-bench/test_data.csv"

SAMPLES: dict[str, dict[str, object]] = {
    "bmi": {"weight_kg": "154 lb", "height_cm": "70 in"},
    "ckd_epi_2021": {"creatinine_mg_dl": 1.4, "age_years": 72, "sex": "female"},
    "news2": {
        "respiratory_rate": 22,
        "spo2": 93,
        "supplemental_oxygen": True,
        "systolic_bp": 105,
        "heart_rate": 115,
        "consciousness": "alert",
        "temperature_c": 38.5,
    },
    "apache_ii": {
        "age_years": 70,
        "temperature_c": 37,
        "systolic_bp": 120,
        "diastolic_bp": 80,
        "heart_rate": 145,
        "respiratory_rate": 16,
        "fio2_percent": 21,
        "pao2_mmhg": 90,
        "ph": 7.4,
        "sodium": 140,
        "potassium": 4.0,
        "creatinine_mg_dl": 1.0,
        "hematocrit": 40,
        "wbc_10e9_l": 8,
        "gcs": 12,
    },
}


def per_call() -> None:
    print("per call (run_calculator: validation, conversion, result), best of 5 × 2000 calls")
    for name, params in SAMPLES.items():

        def call(name: str = name, params: dict[str, object] = params) -> None:
            run_calculator(name, params)

        runs = timeit.repeat(call, number=2000, repeat=5)
        print(f"  {name:<14} {min(runs) / 2000 * 1e6:8.1f} µs")


def whole_benchmark(csv_path: Path) -> None:
    if not csv_path.is_file():
        print(f"MedCalc-Bench CSV not found at {csv_path}; skipping the full run")
        return
    times = []
    for _ in range(3):
        start = time.perf_counter()
        report = evaluate(csv_path)
        times.append(time.perf_counter() - start)
    print(
        f"MedCalc-Bench, {report.n} rows: median {statistics.median(times) * 1000:.0f} ms "
        f"per full run ({statistics.median(times) / report.n * 1e6:.0f} µs per row); "
        f"accuracy {report.accuracy:.2%}, without known dataset errors "
        f"{report.accuracy_without_known_errors:.2%}"
    )


if __name__ == "__main__":
    per_call()
    whole_benchmark(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CSV)
