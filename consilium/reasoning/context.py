"""ConText: is a mentioned finding negated, historical, hypothetical, or about a relative?

Rules are data (`knowledge/findings/rules/context_rules.yaml`, after Harkema et al. 2009). A
trigger modifies the concepts within its window in its direction, within its sentence, until a
terminating word ("but", "however", ...) ends the scope.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePath
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from consilium.core import knowledge
from consilium.reasoning.lexicon import LexiconError, tokenize

RULES_FILE = "findings/rules/context_rules.yaml"
Modifier = Literal["negated", "historical", "hypothetical", "family"]
MODIFIERS: tuple[Modifier, ...] = ("negated", "historical", "hypothetical", "family")
_RULE_KEYS = {"forward", "adjacent", "backward", "window", "pseudo"}
# Sentence ends: . ! ? ; and line breaks, but not the point in "39.2".
_SENTENCE_END = re.compile(r"(?<!\d)[.!?;](?!\d)|\n+")


@dataclass(frozen=True)
class Trigger:
    modifier: Modifier | None  # None: a terminator or a pseudo-trigger
    direction: Literal["forward", "backward", "terminate", "pseudo"]
    window: int


@dataclass
class ContextRules:
    phrases: dict[tuple[str, ...], list[Trigger]] = field(default_factory=dict)
    optional: frozenset[str] = frozenset()
    coordinated: frozenset[str] = frozenset()

    def add(self, phrase: str, trigger: Trigger) -> None:
        self.phrases.setdefault(tuple(tokenize(phrase)), []).append(trigger)


class ContextRulesFile(BaseModel):
    """The ConText rules file (each modifier's spec is checked on its own)."""

    model_config = ConfigDict(extra="forbid")

    source: str = Field(min_length=1)
    rules: dict[str, dict[str, Any]]
    terminate: list[str] = Field(default_factory=list)
    optional_modifiers: list[str] = Field(default_factory=list)
    coordinated_heads: list[str] = Field(default_factory=list)


def load_context_rules(source: knowledge.Source = RULES_FILE) -> ContextRules:
    data = knowledge.load(source, ContextRulesFile).model_dump()
    path = PurePath(knowledge.name_of(source))
    rules = ContextRules()
    for modifier, spec in (data.get("rules") or {}).items():
        if modifier not in MODIFIERS:
            raise LexiconError(f"{path.name}: unknown modifier {modifier!r}")
        unknown = set(spec) - _RULE_KEYS
        if unknown:
            raise LexiconError(f"{path.name}: {modifier} has unknown keys {sorted(unknown)}")
        window = int(spec.get("window", 8))
        for direction in ("forward", "backward", "pseudo"):
            for phrase in spec.get(direction) or []:
                rules.add(phrase, Trigger(modifier, direction, window))
        for phrase in spec.get("adjacent") or []:
            rules.add(phrase, Trigger(modifier, "forward", 0))
    for phrase in data.get("terminate") or []:
        rules.add(phrase, Trigger(None, "terminate", 0))
    rules.optional = frozenset(str(w) for w in data.get("optional_modifiers") or [])
    rules.coordinated = frozenset(str(w) for w in data.get("coordinated_heads") or [])
    return rules


@lru_cache(maxsize=1)
def default_context_rules() -> ContextRules:
    return load_context_rules()


def split_sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs; offsets let a finding point back to its words."""
    pieces, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        pieces.append((start, text[start : match.start()]))
        start = match.end()
    pieces.append((start, text[start:]))
    return [(offset, s) for offset, s in pieces if s.strip()]


@dataclass(frozen=True)
class TriggerHit:
    start: int  # token index
    end: int
    triggers: tuple[Trigger, ...]


def modifiers_for(
    concept_start: int, concept_end: int, hits: list[TriggerHit]
) -> set[Modifier]:
    """The modifiers whose scope reaches the concept spanning tokens [start, end)."""
    found: set[Modifier] = set()
    terminators = [h.start for h in hits if any(t.direction == "terminate" for t in h.triggers)]
    for hit in hits:
        for trig in hit.triggers:
            if trig.modifier is None or trig.direction in ("pseudo", "terminate"):
                continue
            if trig.direction == "forward" and hit.end <= concept_start:
                gap = concept_start - hit.end
                blocked = any(hit.end <= t < concept_start for t in terminators)
            elif trig.direction == "backward" and hit.start >= concept_end:
                gap = hit.start - concept_end
                blocked = any(concept_end <= t < hit.start for t in terminators)
            else:
                continue
            if gap <= trig.window and not blocked:
                found.add(trig.modifier)
    return found
