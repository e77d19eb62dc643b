"""The regimen book: every `knowledge/regimens/*.yaml` file, loaded once and indexed.

    from consilium.tools.treatment.regimens import regimen_book
    book = regimen_book()
    book.for_condition("sepsis")          # the regimens that treat a disease-model condition
    book.policy.treatment_threshold       # the default probability from which to treat
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from consilium.core import knowledge
from consilium.tools.medication.lexicon import resolve_drug
from consilium.tools.treatment.models import Option, Policy, Regimen, RegimenFile, Slot

REGIMENS = "regimens"  # the regimen book's folder in knowledge/


class RegimenError(knowledge.KnowledgeError):
    """The regimen book is inconsistent (a duplicate id, no policy, a bad threshold)."""


@dataclass(frozen=True)
class RegimenBook:
    regimens: tuple[Regimen, ...]
    policy: Policy

    def for_condition(self, condition_id: str) -> list[Regimen]:
        return [r for r in self.regimens if condition_id in r.treats]

    def by_ref(self, ref: str) -> Regimen | None:
        return next((r for r in self.regimens if r.ref == ref), None)

    def threshold(self, regimen: Regimen) -> float:
        return (regimen.threshold or self.policy.treatment_threshold).value


def generic(drug: str) -> str:
    """The lexicon's generic name (the text itself when the lexicon does not know it)."""
    resolved = resolve_drug(drug)
    return resolved.generic if resolved else drug.strip().lower()


def option_for(slot: Slot, drug: str) -> Option | None:
    name = generic(drug)
    return next((o for o in slot.options if generic(o.drug) == name), None)


def load_book(folder: knowledge.Source = REGIMENS) -> RegimenBook:
    regimens: list[Regimen] = []
    policies: list[Policy] = []
    for source in knowledge.files(folder):
        name = knowledge.name_of(source).rpartition("/")[2]
        loaded = knowledge.load(source, RegimenFile)
        policies.extend([loaded.policy] if loaded.policy else [])
        regimens.extend(r.model_copy(update={"file": name}) for r in loaded.regimens)
    if len(policies) != 1:
        raise RegimenError(f"{folder}: expected one file with a `policy`, found {len(policies)}")
    policy = policies[0]
    seen: set[str] = set()
    for regimen in regimens:
        if regimen.id in seen:
            raise RegimenError(f"{folder}: regimen id {regimen.id!r} defined twice")
        seen.add(regimen.id)
        low = regimen.threshold and regimen.threshold.value < policy.treatment_threshold.value
        if low and not regimen.empirical:
            raise RegimenError(f"{regimen.file}: regimen {regimen.id!r}: a threshold below the "
                               "treatment threshold is only for empirical regimens")
    return RegimenBook(tuple(regimens), policy)


@lru_cache(maxsize=1)
def regimen_book() -> RegimenBook:
    return load_book()
