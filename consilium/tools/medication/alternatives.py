"""Safer alternatives when a drug class must be avoided.

Table: knowledge/interactions/alternatives.yaml."""

from __future__ import annotations

from consilium.tools.medication.lexicon import resolve_drug
from consilium.tools.medication.rules import load_rules


def suggest_alternatives(drug: str, avoid_classes: list[str]) -> list[str]:
    """Alternatives for `drug` that avoid the given classes (the drug's own classes when empty).

    Each alternative is checked against the lexicon so that one belonging to an avoided class is
    never offered."""
    resolved = resolve_drug(drug)
    classes = avoid_classes or (resolved.classes if resolved else [])
    table = load_rules().alternatives
    if resolved and resolved.generic in table:
        classes = [resolved.generic, *classes]
    suggestions: list[str] = []
    for cls in classes:
        for candidate in table[cls].drugs if cls in table else []:
            known = resolve_drug(candidate)
            if known and set(known.classes) & set(avoid_classes or classes):
                continue
            if candidate not in suggestions:
                suggestions.append(candidate)
    return suggestions
