"""Harnesses for published data sets, each run on a path the caller gives:

    consilium eval medcalc PATH/test_data.csv      MedCalc-Bench: every calculator, row by row
    consilium eval ddi PATH/ddi                    NDF-RT critical pairs and random unlisted pairs
    consilium eval vignettes PATH.jsonl            the panel's top-k and triage on vignettes
    consilium eval pairs PATH.jsonl                the medication gate on gold-severity drug pairs
    consilium eval agentclinic PATH.jsonl          the engine's top-k on AgentClinic OSCE cases
    consilium eval simulation PATH.jsonl           watch-mode sessions over AgentClinic cases

No harness computes a path into the repository or beside it: the data is where the caller says.
Each harness module has `run(path, **options) -> HarnessResult`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from inspect import signature
from pathlib import Path
from typing import Any

from consilium.core.errors import InputError

HARNESSES: dict[str, str] = {
    "medcalc": "consilium.evaluation.benchmarks.medcalc",
    "ddi": "consilium.evaluation.benchmarks.ddi",
    "vignettes": "consilium.evaluation.benchmarks.vignettes",
    "pairs": "consilium.evaluation.benchmarks.pairs",
    "agentclinic": "consilium.evaluation.benchmarks.agentclinic",
    "simulation": "consilium.evaluation.benchmarks.simulation",
}


@dataclass(frozen=True)
class HarnessResult:
    """A harness's figures: `summary` for programs (JSON), `show()` for people."""

    summary: dict[str, Any]
    show: Callable[[], None]


def run_harness(name: str, path: Path, options: dict[str, Any]) -> HarnessResult:
    """Run harness `name` (a key of HARNESSES) on the data at `path`."""
    run: Callable[..., HarnessResult] = import_module(HARNESSES[name]).run
    accepted = set(signature(run).parameters) - {"path"}
    unknown = sorted(set(options) - accepted)
    if unknown:
        flags = ", ".join("--" + option.replace("_", "-") for option in unknown)
        raise InputError(f"{flags}: not an option of the {name} harness")
    return run(path, **options)
