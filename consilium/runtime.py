"""Process set-up for long runs: a batch, the HTTP service, a Celery worker, a benchmark.

The knowledge bases (lexicons, the disease model, interaction tables, the guideline index)
load lazily and then live as long as the process: several hundred thousand objects that
Python's cyclic garbage collector would otherwise walk again on every full collection. Measured
on the LLM benchmark (200 cases at concurrency 32), collection was 31% of the process's CPU.
`warm_up()` loads them with one knowledge-engine case and then moves everything alive into the
collector's permanent generation (`gc.freeze`), and makes young collections less frequent.

It changes process-wide collector settings, so the library never calls it on its own: the
command-line entry points for long runs do, and an embedding app may.
"""

from __future__ import annotations

import asyncio
import gc
from typing import Any

# Young-generation threshold (CPython's default is 700 allocations): collections become rarer,
# each over more objects; on the benchmark 10,000 cut collector time from 0.4 s to 0.1 s.
YOUNG_GENERATION_THRESHOLD = 10_000

# A small case that touches every knowledge base a panel run loads: free-text findings, vitals,
# a lab with a unit, current and proposed drugs with an interaction, an allergy, guidelines.
_WARM_UP_CASE: dict[str, Any] = {
    "id": "warm-up",
    "patient": {"age": 70, "sex": "female", "weight_kg": 60, "height_cm": 160},
    "presenting_complaint": "knee pain after a fall",
    "history": "Fell at home and hurt her right knee. No head strike.",
    "past_medical_history": ["atrial fibrillation"],
    "medications": ["warfarin 5 mg daily"],
    "allergies": ["penicillin"],
    "vitals": {"heart_rate": 88, "systolic_bp": 150, "respiratory_rate": 16, "spo2": 97,
               "temperature_c": 36.8},
    "labs": [{"name": "creatinine", "value": 1.1, "unit": "mg/dL"}],
    "proposed_medications": ["ibuprofen 400 mg three times daily"],
}


async def load_knowledge() -> None:
    """Load every knowledge base by running one case through the knowledge engine
    (no model, no checkpoint)."""
    from consilium.core.settings import Settings
    from consilium.workflows.panel import build_panel

    graph = build_panel(Settings(model=None, providers=[]))
    await graph.ainvoke({"case": _WARM_UP_CASE, "max_rounds": 0, "review": False})


def settle_heap(young_threshold: int = YOUNG_GENERATION_THRESHOLD) -> None:
    """Leave what is alive now out of future collections, and collect the young less often."""
    gc.collect()
    gc.freeze()
    young, middle, old = gc.get_threshold()
    gc.set_threshold(max(young, young_threshold), middle, old)


async def awarm_up() -> None:
    """Ready this process for a long run: knowledge loaded, long-lived objects frozen."""
    await load_knowledge()
    settle_heap()


def warm_up() -> None:
    """`awarm_up` for code outside an event loop (a worker process starting)."""
    asyncio.run(awarm_up())
