"""Reasoning time for a 300-word vignette: extraction, differential and triage.

Run: `.venv/bin/python benchmarks/bench_reasoning.py` (prints the figures; no assertions).
"""

from __future__ import annotations

import statistics
import time

from consilium.core.case import Case, Patient
from consilium.reasoning import assess_triage, extract_findings, rank_differential

_VIGNETTE_TEXT = """
A 58-year-old man presents to the emergency department with central chest pain that started
two hours ago while he was climbing the stairs at work. He describes it as a heavy pressure,
like an elephant sitting on his chest, radiating to his left arm and jaw. He feels sweaty
and nauseous and vomited once in the ambulance. He denies fever, cough or recent travel. He
has no history of blood clots and has not had any recent surgery. He is a smoker of 30 pack
years, has type 2 diabetes treated with metformin and high cholesterol for which he takes a
statin. His father had a heart attack at 52. He drinks alcohol socially. He has had similar
but milder chest tightness on exertion over the last month that settled with rest, which he
put down to indigestion. He does not have orthopnea or leg swelling. There is no abdominal
pain, no black stools and no vomiting blood. He is worried that this might be a heart attack
and asks if he can go home if the tests are normal. On examination he is pale and clammy. BP
150/92, HR 104, RR 22, temp 36.9, sats 95% on air. Heart sounds are normal with no murmur.
The chest is clear with no crackles or wheeze. The abdomen is soft and non-tender. There is
no calf tenderness. Pulses are equal in both arms. He is alert and oriented with no focal
weakness, no facial droop and no slurred speech. An ECG shows ST depression in the lateral
leads. His wife says he has been more tired than usual and has lost a little weight, but his
appetite is fine. He has no rash and no joint pain. He has not had palpitations or fainting.
He takes aspirin occasionally for headaches but is not on any blood thinner. He has no known
drug allergies and lives with his wife, who drove him in after he became short of breath
walking from the car park to the front door of the hospital this morning.
"""
VIGNETTE = " ".join(_VIGNETTE_TEXT.split())  # one paragraph, as a note would be
RUNS = 200


def main() -> None:
    case = Case(id="bench", patient=Patient(age=58, sex="male"), note=VIGNETTE)
    findings = extract_findings(case)  # warm the caches (lexicon, rules, disease model)
    assess_triage(case, findings, rank_differential(case, findings), [])
    stages: dict[str, list[float]] = {"extract": [], "differential": [], "triage": [], "total": []}
    for _ in range(RUNS):
        t0 = time.perf_counter()
        findings = extract_findings(case)
        t1 = time.perf_counter()
        ddx = rank_differential(case, findings)
        t2 = time.perf_counter()
        assess_triage(case, findings, ddx, [])
        t3 = time.perf_counter()
        for name, value in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t3 - t0), strict=True):
            stages[name].append(value * 1000)
    print(f"vignette: {len(VIGNETTE.split())} words, {len(findings)} findings, {RUNS} runs")
    for name, values in stages.items():
        ordered = sorted(values)
        p95 = ordered[int(0.95 * len(ordered)) - 1]
        print(f"{name:>12}: median {statistics.median(values):6.2f} ms   p95 {p95:6.2f} ms")
    print(f"target: total median < 20 ms -> "
          f"{'met' if statistics.median(stages['total']) < 20 else 'NOT met'}")


if __name__ == "__main__":
    main()
