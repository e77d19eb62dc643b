"""Drug-drug interactions: every pair among current and proposed medications, looked up in the
curated class rules and the generated NDF-RT / ANSM table; one finding per pair, the worst."""

from __future__ import annotations

from functools import lru_cache
from itertools import combinations

from pydantic import BaseModel, Field

from consilium.core.report import SEVERITY_RANK, SafetyFinding
from consilium.tools.medication.kb import load_known_interactions, pair_key
from consilium.tools.medication.lexicon import ResolvedDrug, load_lexicon, resolve_drug
from consilium.tools.medication.models import CheckedDrug, UnrecognizedDrug
from consilium.tools.medication.rules import CuratedInteraction, load_rules
from consilium.tools.registry import clinical_tool

_NO_ADVICE = "Review the combination against the product information; monitor for the effect."


def drug_terms(drug: ResolvedDrug) -> frozenset[str]:
    """Every rule term that names this drug: its generic and `class:` + each class."""
    return frozenset([drug.generic, *(f"class:{c}" for c in drug.classes)])


@lru_cache(maxsize=1)
def _curated_by_term() -> dict[str, list[CuratedInteraction]]:
    index: dict[str, list[CuratedInteraction]] = {}
    for rule in load_rules().curated:
        index.setdefault(rule.a, []).append(rule)
    return index


def curated_matches(x: ResolvedDrug, y: ResolvedDrug) -> list[CuratedInteraction]:
    terms_x, terms_y = drug_terms(x), drug_terms(y)
    by_term = _curated_by_term()
    found: dict[str, CuratedInteraction] = {}
    for first, second in ((terms_x, terms_y), (terms_y, terms_x)):
        for term in first:
            for rule in by_term.get(term, ()):
                if rule.b in second:
                    found[rule.id] = rule
    return sorted(found.values(), key=lambda r: -SEVERITY_RANK[r.severity])


def interaction_between(
    x: ResolvedDrug, y: ResolvedDrug, labels: tuple[str, str]
) -> SafetyFinding | None:
    """The worst known interaction of two resolved drugs, or None when no source lists one.

    On a tie in severity the curated rule wins: its advice is written for this project."""
    if x.generic == y.generic:
        return None
    curated = curated_matches(x, y)
    known = load_known_interactions().get(pair_key(x.generic, y.generic), [])
    worst_known = max(known, key=lambda r: SEVERITY_RANK[r.severity], default=None)
    items = list(labels)
    if curated and (
        worst_known is None
        or SEVERITY_RANK[curated[0].severity] >= SEVERITY_RANK[worst_known.severity]
    ):
        rule = curated[0]
        return SafetyFinding(
            kind="drug_interaction",
            severity=rule.severity,
            items=items,
            message=f"{labels[0]} + {labels[1]}: {rule.effect} {rule.mechanism}",
            source=f"{rule.id} ({rule.source})",
            source_label=rule.severity,
            management=rule.management,
        )
    if worst_known is None:
        return None
    row = worst_known
    return SafetyFinding(
        kind="drug_interaction",
        severity=row.severity,
        items=items,
        message=f"{labels[0]} + {labels[1]}: "
        + (row.mechanism or f"interaction rated {row.source_label!r} by the source table."),
        source=f"{row.source}: {row.drug_a} / {row.drug_b}",
        source_label=row.source_label,
        management=row.management or (curated[0].management if curated else _NO_ADVICE),
    )


def check_interactions(drugs: list[CheckedDrug]) -> list[SafetyFinding]:
    findings = []
    for first, second in combinations(drugs, 2):
        if first.line == second.line:  # components of one combination product
            continue
        finding = interaction_between(first.drug, second.drug, (first.label, second.label))
        if finding:
            findings.append(finding)
    return findings


class DrugPairInput(BaseModel):
    drug_a: str = Field(description="A drug name as written (generic, brand or salt form).")
    drug_b: str


class DrugPairResult(BaseModel):
    finding: SafetyFinding | None = Field(description="None when no source lists an interaction.")
    unrecognized: list[UnrecognizedDrug] = Field(default_factory=list)


@clinical_tool("drug_pair_interaction", "Check one pair of drugs for a known interaction.")
def check_drug_pair(payload: DrugPairInput) -> DrugPairResult:
    a, b = resolve_drug(payload.drug_a), resolve_drug(payload.drug_b)
    unknown = [
        UnrecognizedDrug(text=text, suggestions=load_lexicon().suggest(text))
        for text, found in ((payload.drug_a, a), (payload.drug_b, b))
        if found is None
    ]
    if a is None or b is None:
        return DrugPairResult(finding=None, unrecognized=unknown)
    return DrugPairResult(finding=interaction_between(a, b, (payload.drug_a, payload.drug_b)))
