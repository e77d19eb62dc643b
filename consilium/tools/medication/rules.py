"""Loaders for the medication-safety rule files in `consilium/knowledge/interactions/`.

Each file is validated by a pydantic model that rejects unknown keys, so a typo in a rule file
fails loudly at load time instead of silently disabling a rule.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from consilium.core import knowledge
from consilium.core.report import Severity
from consilium.tools.medication.lexicon import ResolvedDrug

RULES = "interactions"  # the rule files' folder in knowledge/
RULES_DIR = knowledge.path_of(RULES)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def term_matches(term: str, drug: ResolvedDrug) -> bool:
    """`class:nsaid` matches by class; anything else is a generic name."""
    if term.startswith("class:"):
        return term[6:] in drug.classes
    return term == drug.generic


class DrugScoped(_Strict):
    """A rule about one drug or class, optionally narrowed by `only` or `exclude`."""

    id: str
    drug: str
    only: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    source: str

    def applies_to(self, drug: ResolvedDrug) -> bool:
        if drug.generic in self.exclude:
            return False
        if self.only and drug.generic not in self.only:
            return False
        return term_matches(self.drug, drug)


class CuratedInteraction(_Strict):
    id: str
    a: str
    b: str
    severity: Severity
    mechanism: str
    effect: str
    management: str
    source: str


class CrossReaction(_Strict):
    term: str
    severity: Severity
    severe_only: bool = False
    note: str


class AllergyGroup(_Strict):
    id: str
    allergen_terms: list[str]
    allergen_classes: list[str]
    reacts_with: list[CrossReaction]
    source: str


class DiseaseRule(DrugScoped):
    condition_terms: list[str]
    severity: Severity
    message: str
    management: str


class RenalRule(DrugScoped):
    measure: Literal["egfr", "crcl"]
    below: float
    severity: Severity
    max_daily_mg: float | None = None
    max_daily_mg_per_kg: float | None = None
    management: str


class PregnancyRule(DrugScoped):
    pregnancy: Severity | None = None
    trimesters: list[int] = Field(default_factory=list)
    lactation: Severity | None = None
    message: str
    management: str


class OlderAdultRule(DrugScoped):
    severity: Severity
    max_daily_mg: float | None = None
    message: str
    management: str


class MaxDose(_Strict):
    max_daily_mg: float = Field(description="Per day, or per week when `per` is week.")
    per: Literal["day", "week"] = "day"
    severity: Severity
    source: str


class DuplicateClass(_Strict):
    severity: Severity
    message: str
    exclude: list[str] = Field(default_factory=list)


class Alternative(_Strict):
    drugs: list[str]
    source: str


class RuleBook(_Strict):
    """Every rule file, loaded once."""

    curated: list[CuratedInteraction]
    allergy: list[AllergyGroup]
    disease: list[DiseaseRule]
    renal: list[RenalRule]
    pregnancy: list[PregnancyRule]
    older_adult: list[OlderAdultRule]
    older_adult_min_age: int
    max_doses: dict[str, MaxDose]
    duplicates: dict[str, DuplicateClass]
    alternatives: dict[str, Alternative]
    sources: dict[str, str] = Field(description="File name -> its provenance line.")


class RuleFile(BaseModel):
    """One rule file: its provenance and its one table (rows are validated by the RuleBook)."""

    model_config = ConfigDict(extra="forbid")

    source: str = Field(min_length=1)
    rules: list[dict[str, Any]] | None = None
    groups: list[dict[str, Any]] | None = None
    doses: dict[str, Any] | None = None
    classes: dict[str, Any] | None = None
    alternatives: dict[str, Any] | None = None
    min_age: int | None = None


def _read(name: str, sources: dict[str, str]) -> dict[str, Any]:
    raw = knowledge.load(f"{RULES}/{name}", RuleFile).model_dump(exclude_none=True)
    sources[name] = raw["source"]
    return raw


@lru_cache(maxsize=1)
def load_rules() -> RuleBook:
    sources: dict[str, str] = {}
    older = _read("older_adults.yaml", sources)
    return RuleBook(
        curated=_read("curated_rules.yaml", sources)["rules"],
        allergy=_read("allergy.yaml", sources)["groups"],
        disease=_read("drug_disease.yaml", sources)["rules"],
        renal=_read("renal_dosing.yaml", sources)["rules"],
        pregnancy=_read("pregnancy_lactation.yaml", sources)["rules"],
        older_adult=older["rules"],
        older_adult_min_age=older["min_age"],
        max_doses=_read("max_daily_doses.yaml", sources)["doses"],
        duplicates=_read("duplicate_therapy.yaml", sources)["classes"],
        alternatives=_read("alternatives.yaml", sources)["alternatives"],
        sources=sources,
    )
