"""Which hidden facts a question or an order asks for.

Two signals: the finding lexicon (a question about "shortness of breath" and a fact saying
"denies dyspnoea" name the same concept) and plain word overlap with the fact's topic and text
(lightly stemmed, so "smoke" finds "non-smoker"). Words that every question or order carries
("do", "any", "history", "test") do not count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from consilium.reasoning.lexicon import default_lexicon
from consilium.reasoning.text_findings import findings_in_text
from consilium.simulations.models import Fact

_WORD = re.compile(r"[a-z0-9]+")
_SUFFIXES = ("ings", "ing", "ers", "ies", "ied", "ed", "er", "es", "s")
# Function words and words that name the act of asking or ordering, not what is asked.
_GENERIC = frozenset("""
a an and any anything are as at be been being by can could did do does done ever for from had
has have how i if in is it its me my of on or order please recent recently results result see
show so tell that the there this to us was were what when where which who why with you your test
tests testing check get history symptom symptoms examination examine exam findings finding level
levels serum blood value values patient about other else feel feeling notice noticed problem
problems lately now today like some much many more doing current currently illness present
presenting complaint
""".split())  # noqa: SIM905 (a word list reads best as text)
CONCEPT_WEIGHT = 2.0
WORD_WEIGHT = 1.0
RELATIVE_CUTOFF = 0.6  # keep facts scoring at least 60% of the best match


def stem(word: str) -> str:
    """Crude suffix stripping: "smoke", "smoker" and "smokes" all become "smok"."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def content_words(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in _WORD.findall(text.lower()) if w not in _GENERIC)


@lru_cache(maxsize=4096)
def concepts_in(text: str) -> frozenset[str]:
    """Every lexicon concept the text names, present or denied."""
    return frozenset(f.concept_id for f in findings_in_text(text))


@dataclass(frozen=True)
class Match:
    fact: Fact
    score: float


def term_words(concept_ids: Iterable[str]) -> frozenset[str]:
    """The words of every lexicon term of these concepts ("raised ESR", "high CRP", ...)."""
    lexicon = default_lexicon()
    words: set[str] = set()
    for cid in concept_ids:
        concept = lexicon.concepts.get(cid)
        for term in concept.terms if concept else ():
            words |= content_words(term)
    return frozenset(words)


def match_facts(request: str, facts: Iterable[Fact], concept_ids: Iterable[str] = (), *,
                expand_terms: bool = False) -> list[Match]:
    """The facts `request` asks for, best first; empty when nothing in the case answers it.

    `expand_terms` adds the words of the concepts' lexicon terms: an order for "raised
    inflammatory markers" then finds a result line "ESR: 88 mm/h (raised)".
    """
    wanted_concepts = concepts_in(request) | frozenset(concept_ids)
    wanted_words = content_words(request)
    if expand_terms:
        wanted_words |= term_words(concept_ids)
    # A question naming a finding ("any back pain?") is not answered by a fact that shares one
    # word with it ("denies chest pain"): without a shared concept it needs two shared words.
    min_words = 2 if wanted_concepts else 1
    scored: list[Match] = []
    for fact in facts:
        shared_concepts = len(wanted_concepts & concepts_in(fact.text))
        shared_words = len(wanted_words & content_words(f"{fact.topic} {fact.text}"))
        if shared_concepts or shared_words >= min_words:
            scored.append(Match(fact, CONCEPT_WEIGHT * shared_concepts
                                + WORD_WEIGHT * shared_words))
    if not scored:
        return []
    best = max(m.score for m in scored)
    kept = [m for m in scored if m.score >= best * RELATIVE_CUTOFF]
    return sorted(kept, key=lambda m: m.score, reverse=True)
