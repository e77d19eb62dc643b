"""The finding lexicon: concept ids, labels and the words that name them, read from YAML."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePath
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from consilium.core import knowledge
from consilium.core.errors import InputError
from consilium.reasoning.models import TIMELESS_CATEGORIES

FINDINGS = "findings"  # the finding lexicon's folder in knowledge/ (rules/ holds the rules)
_CONCEPT_KEYS = {"label", "category", "terms", "implies", "current_only"}
_CATEGORIES = {"symptom", "sign", "vital", "lab", "history", "risk_factor", "exposure"}
# Articles and possessives carry no clinical meaning; dropping them lets one term match
# "pain in chest", "pain in my chest" and "pain in the chest".
_STOPWORDS = frozenset({"the", "a", "an", "my", "his", "her", "their", "your", "its", "our"})
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|\+")


class LexiconError(InputError, ValueError):
    """The lexicon files are malformed; the message names the file and the entry."""


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens, apostrophes folded ("can't" -> "cant"), articles dropped."""
    words = (t.replace("'", "") for t in _TOKEN.findall(text.lower().replace("’", "'")))
    return [w for w in words if w not in _STOPWORDS]


@dataclass(frozen=True)
class Concept:
    id: str
    label: str
    category: str
    terms: tuple[str, ...]
    implies: tuple[str, ...]
    file: str
    # History-like events that count only when recent: "a fall last year" is not today's fall.
    current_only: bool = False

    @property
    def timeless(self) -> bool:
        """A past mention still holds today (a history of DVT stays a history of DVT)."""
        return self.category in TIMELESS_CATEGORIES and not self.current_only


@dataclass
class Lexicon:
    concepts: dict[str, Concept]
    phrases: dict[tuple[str, ...], str] = field(default_factory=dict)

    @property
    def term_count(self) -> int:
        return sum(len(c.terms) for c in self.concepts.values())


def _concept(cid: str, raw: Any, file: str) -> Concept:
    if not isinstance(raw, dict):
        raise LexiconError(f"{file}: concept {cid!r} must be a mapping")
    unknown = set(raw) - _CONCEPT_KEYS
    if unknown:
        raise LexiconError(f"{file}: concept {cid!r} has unknown keys {sorted(unknown)}")
    if raw.get("category") not in _CATEGORIES:
        raise LexiconError(f"{file}: concept {cid!r} has category {raw.get('category')!r}")
    terms = raw.get("terms") or []
    if not terms or not all(isinstance(t, str) for t in terms):
        raise LexiconError(f"{file}: concept {cid!r} needs a list of text terms")
    return Concept(cid, str(raw["label"]), raw["category"], tuple(terms),
                   tuple(raw.get("implies") or ()), file, bool(raw.get("current_only", False)))


class LexiconFile(BaseModel):
    """One lexicon file: its provenance and its concepts (each checked on its own)."""

    model_config = ConfigDict(extra="forbid")

    source: str = Field(min_length=1, description="Provenance of the terms.")
    concepts: dict[str, Any] = Field(default_factory=dict)


def load_lexicon(folder: knowledge.Source = FINDINGS) -> Lexicon:
    """Read every `*.yaml` in `folder`; a concept id or term defined twice is an error."""
    lexicon = Lexicon(concepts={})
    for source in knowledge.files(folder):
        path = PurePath(knowledge.name_of(source))
        for cid, raw in knowledge.load(source, LexiconFile).concepts.items():
            if cid in lexicon.concepts:
                raise LexiconError(
                    f"concept {cid!r} defined twice: {lexicon.concepts[cid].file} and {path.name}"
                )
            concept = _concept(cid, raw, path.name)
            lexicon.concepts[cid] = concept
            for term in concept.terms:
                key = tuple(tokenize(term))
                owner = lexicon.phrases.get(key)
                if owner is not None and owner != cid:
                    raise LexiconError(f"{path.name}: term {term!r} names both {owner} and {cid}")
                lexicon.phrases[key] = cid
    for concept in lexicon.concepts.values():
        missing = [i for i in concept.implies if i not in lexicon.concepts]
        if missing:
            raise LexiconError(f"{concept.file}: {concept.id} implies unknown {missing}")
    return lexicon


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return load_lexicon()
