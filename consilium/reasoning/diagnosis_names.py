"""The one diagnosis-name matcher: does a predicted diagnosis name the gold one?

Names are normalised (lower case, punctuation dropped, British spellings folded to US:
"haemorrhage" = "hemorrhage", "oedema" = "edema", "tumour" = "tumor"; filler words "acute",
"disease", "the", "of" dropped; word order ignored, so "fracture of the hip" = "hip fracture").
A knowledge-engine candidate also answers to the names of the condition it came from (its
`source` ends in `#condition_id`), so "URTI" matches "Common cold". When both sides carry an
ICD-10 code, a code match counts (one a prefix of the other: I21 matches I21.4).

`partial=True` also accepts a name whose words all lie within the other's ("stroke" for
"ischaemic stroke"; the shorter needs two words when it is the prediction): the lenient rule of
the engine's vignette scores and of simulation sessions. Batch metrics use the strict rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

_STOP_WORDS = frozenset({"acute", "disease", "the", "of", "a", "an"})
_SPELLING = (
    (re.compile(r"ae"), "e"),  # haemorrhage, anaemia, paediatric
    (re.compile(r"oe"), "e"),  # oedema, oesophagus, diarrhoea
    (re.compile(r"our\b"), "or"),  # tumour, tumours -> handled by plural below
    (re.compile(r"ours\b"), "ors"),
    (re.compile(r"is(ation|e|ed|es|ing)\b"), r"iz\1"),  # normalised, hospitalisation
    (re.compile(r"yse\b"), "yze"),  # analyse, paralyse
    (re.compile(r"tre\b"), "ter"),  # centre
)


def normalise(name: str) -> str:
    text = name.lower().replace("'s", "").replace("’s", "")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    words = []
    for word in text.split():
        for pattern, replacement in _SPELLING:
            word = pattern.sub(replacement, word)
        if word not in _STOP_WORDS:
            words.append(word)
    return " ".join(sorted(words))


def _code(value: str | None) -> str:
    return (value or "").upper().replace(".", "").strip()


def codes_match(gold: str | None, candidate: str | None) -> bool:
    a, b = _code(gold), _code(candidate)
    if len(a) < 3 or len(b) < 3:
        return False
    return a.startswith(b) or b.startswith(a)


@lru_cache(maxsize=1)
def _condition_synonyms() -> dict[str, tuple[str, ...]]:
    """Knowledge-engine condition id -> its names, so "URTI" matches "Common cold"."""
    from consilium.reasoning.diseases import default_conditions

    return {c.id: (c.name, c.id.replace("_", " "), *c.synonyms) for c in default_conditions()}


def candidate_names(candidate: Mapping[str, Any] | BaseModel) -> set[str]:
    """The normalised names a candidate answers to: its own and its condition's."""
    if isinstance(candidate, BaseModel):
        candidate = candidate.model_dump()
    names = {normalise(str(candidate.get("diagnosis", "")))}
    condition_id = str(candidate.get("source") or "").rpartition("#")[2]
    names |= {normalise(n) for n in _condition_synonyms().get(condition_id, ())}
    return names - {""}


def _within(gold: str, name: str) -> bool:
    gold_words, name_words = set(gold.split()), set(name.split())
    return gold_words <= name_words or (name_words <= gold_words and len(name_words) >= 2)


def matches(gold_names: Iterable[str], gold_icd10: str | None,
            candidate: Mapping[str, Any] | BaseModel, *, partial: bool = False) -> bool:
    """Whether the candidate names one of the gold names (or shares its ICD-10 code)."""
    golds = {normalise(g) for g in gold_names if g} - {""}
    names = candidate_names(candidate)
    if golds & names:
        return True
    if partial and any(_within(g, name) for g in golds for name in names):
        return True
    icd10 = getattr(candidate, "icd10", None) if isinstance(candidate, BaseModel) else (
        candidate.get("icd10"))
    return codes_match(gold_icd10, icd10)
