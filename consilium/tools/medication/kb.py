"""The generated drug-drug interaction table (`knowledge/interactions/generated_ddi.json`), built
by `scripts/build_interactions.py` from NDF-RT and the French national formulary, indexed by pair.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from consilium.core import knowledge
from consilium.core.report import Severity

GENERATED = "interactions/generated_ddi.json"  # in knowledge/, written by the build script
GENERATED_KB = knowledge.path_of(GENERATED)

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


class GeneratedTable(BaseModel):
    """The generated table as written: provenance, then texts and rows that point into them
    (`[drug_a, drug_b, severity, label, source key, mechanism text, management text]`)."""

    model_config = ConfigDict(extra="forbid")

    source: str = Field(min_length=1)
    sources: dict[str, str]
    severity_mapping: str
    inputs_sha256: dict[str, str]
    skipped_rows: dict[str, int]
    texts: list[str]
    interactions: list[tuple[str, str, Severity, str, str, int, int]]


@lru_cache(maxsize=1)
def load_known_interactions(
    path: knowledge.Source = GENERATED,
) -> dict[tuple[str, str], list[KnownInteraction]]:
    data = knowledge.load(path, GeneratedTable)
    texts, sources = data.texts, data.sources
    index: dict[tuple[str, str], list[KnownInteraction]] = {}
    for a, b, severity, label, source, mechanism, management in data.interactions:
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
