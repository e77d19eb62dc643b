"""Medication safety: the drug lexicon, the interaction knowledge base and the pharmacist's checks.

    review_medications(MedicationReviewInput(...)) -> MedicationReviewResult
    resolve_drug("Coumadin") -> ResolvedDrug | None
    suggest_alternatives("ibuprofen", ["nsaid"]) -> ["paracetamol", ...]

Both `medication_review` and `drug_pair_interaction` are registered clinical tools.
"""

from consilium.tools.medication.alternatives import suggest_alternatives
from consilium.tools.medication.interactions import (
    DrugPairInput,
    DrugPairResult,
    check_drug_pair,
    interaction_between,
)
from consilium.tools.medication.lexicon import ResolvedDrug, load_lexicon, resolve_drug
from consilium.tools.medication.models import (
    MedicationReviewInput,
    MedicationReviewResult,
    UnrecognizedDrug,
)
from consilium.tools.medication.review import medication_review_tool, review_medications

__all__ = [
    "DrugPairInput",
    "DrugPairResult",
    "MedicationReviewInput",
    "MedicationReviewResult",
    "ResolvedDrug",
    "UnrecognizedDrug",
    "check_drug_pair",
    "interaction_between",
    "load_lexicon",
    "medication_review_tool",
    "resolve_drug",
    "review_medications",
    "suggest_alternatives",
]
