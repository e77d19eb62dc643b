"""Benchmark: the full medication review of a 20-drug list (190 pairs, every check).

    .venv/bin/python benchmarks/bench_medication.py [--repeat 200]

Prints the median and 95th-percentile time of one review (tables loaded once beforehand, as in a
running service) and the one-off load time of the knowledge files. Target: median under 5 ms.
"""

from __future__ import annotations

import argparse
import statistics
import time

from consilium.tools.medication import MedicationReviewInput, review_medications
from consilium.tools.medication.kb import load_known_interactions
from consilium.tools.medication.lexicon import load_lexicon
from consilium.tools.medication.rules import load_rules

TWENTY_DRUGS = [
    "warfarin 5 mg daily",
    "metformin 1000 mg bid",
    "lisinopril 20 mg daily",
    "atorvastatin 40 mg daily",
    "amlodipine 10 mg daily",
    "metoprolol succinate 50 mg daily",
    "omeprazole 20 mg daily",
    "sertraline 100 mg daily",
    "levothyroxine 100 mcg daily",
    "furosemide 40 mg bid",
    "spironolactone 25 mg daily",
    "gabapentin 300 mg tid",
    "tramadol 50 mg q6h",
    "aspirin 81 mg daily",
    "clopidogrel 75 mg daily",
    "prednisone 10 mg daily",
    "allopurinol 300 mg daily",
    "diphenhydramine 25 mg at night",
    "ibuprofen 400 mg tid",
    "clarithromycin 500 mg bid",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()

    start = time.perf_counter()
    load_lexicon(), load_rules(), load_known_interactions()
    load_ms = (time.perf_counter() - start) * 1000

    review = MedicationReviewInput(
        current=TWENTY_DRUGS[:15],
        proposed=TWENTY_DRUGS[15:],
        allergies=["penicillin (anaphylaxis)", "sulfa (rash)"],
        age_years=78,
        sex="female",
        weight_kg=61,
        egfr=28,
        crcl=25,
        conditions=["heart failure", "CKD stage 4", "asthma"],
    )
    review_medications(review)  # warm-up
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        result = review_medications(review)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(
        f"20 drugs (190 pairs), all checks, {args.repeat} runs: "
        f"median {statistics.median(times):.2f} ms, p95 {p95:.2f} ms "
        f"({len(result.findings)} findings); knowledge load once: {load_ms:.0f} ms"
    )


if __name__ == "__main__":
    main()
