"""The generated drug-drug interaction table (`knowledge/interactions/generated_ddi.json`), built
by `scripts/build_interactions.py` from NDF-RT and the French national formulary, indexed by pair.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

from consilium.core.report import Severity

GENERATED_KB = (
    Path(__file__).resolve().parents[2] / "knowledge" / "interactions" / "generated_ddi.json"
)

# How each source's own severity label maps onto the report's scale (see the issue and the
# build script): NDF-RT Critical is major, Significant is moderate; the ANSM thesaurus levels
# map one to one.
NDFRT_SEVERITY: dict[str, Severity] = {"critical": "major", "significant": "moderate"}


class KnownInteraction(BaseModel):
    drug_a: str
    drug_b: str
    severity: Severity
    source_label: str
    source: str
    mechanism: str
    management: str


def pair_key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


@lru_cache(maxsize=1)
def load_known_interactions(
    path: Path = GENERATED_KB,
) -> dict[tuple[str, str], list[KnownInteraction]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    texts: list[str] = data["texts"]
    sources: dict[str, str] = data["sources"]
    index: dict[tuple[str, str], list[KnownInteraction]] = {}
    for a, b, severity, label, source, mechanism, management in data["interactions"]:
        row = KnownInteraction(
            drug_a=a,
            drug_b=b,
            severity=severity,
            source_label=label,
            source=sources[source],
            mechanism=texts[mechanism],
            management=texts[management],
        )
        index.setdefault(pair_key(a, b), []).append(row)
    return index
