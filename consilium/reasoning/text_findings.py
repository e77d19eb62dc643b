"""Findings named in free text: lexicon term matching plus ConText modifiers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from consilium.reasoning.context import (
    ContextRules,
    Trigger,
    TriggerHit,
    default_context_rules,
    modifiers_for,
    split_sentences,
)
from consilium.reasoning.lexicon import _STOPWORDS, Lexicon, default_lexicon
from consilium.reasoning.measurements import duration_hours, onset_of
from consilium.reasoning.models import Finding, FindingSource

_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?|\+")


@dataclass(frozen=True)
class _Token:
    norm: str
    start: int
    end: int


def _tokens(sentence: str) -> list[_Token]:
    out = []
    for match in _WORD.finditer(sentence):
        norm = match.group(0).lower().replace("'", "").replace("’", "")
        if norm not in _STOPWORDS:
            out.append(_Token(norm, match.start(), match.end()))
    return out


def _max_len(lexicon: Lexicon, rules: ContextRules) -> int:
    return max(max(map(len, lexicon.phrases)), max(map(len, rules.phrases)))


def _concept_skipping_modifiers(
    words: list[str], i: int, lexicon: Lexicon, optional: frozenset[str], longest: int
) -> tuple[int, str] | None:
    """A term matched once modifiers such as "left" or "severe" are left out of the text."""
    if words[i] in optional:
        return None
    for length in range(min(longest + 3, len(words) - i), 1, -1):
        window = words[i : i + length]
        if window[-1] in optional:
            continue
        key = tuple(w for w in window if w not in optional)
        if len(key) < length and key in lexicon.phrases:
            return length, lexicon.phrases[key]
    return None


def _coordinated(words: list[str], lexicon: Lexicon) -> list[tuple[int, int, str]]:
    """Shared heads and shared sites: "pain and swelling in the knee" is knee pain and knee
    swelling; "knee pain and swelling" likewise (words listed in the context rules)."""
    found: list[tuple[int, int, str]] = []
    rules = default_context_rules()
    heads = rules.coordinated
    for i in range(len(words) - 2):
        if words[i + 1] != "and":
            continue
        first, second = words[i], words[i + 2]
        if first in heads and second in heads:  # "pain and swelling in knee"
            for length in range(min(6, len(words) - i - 3), 0, -1):
                site = tuple(w for w in words[i + 3 : i + 3 + length] if w not in rules.optional)
                hits = [lexicon.phrases.get((w, *site)) for w in (first, second)]
                if any(hits):
                    found += [(i, i + 3 + length, h) for h in hits if h]
                    break
        if i > 0 and second in heads:  # "knee pain and swelling"
            hits = [lexicon.phrases.get((words[i - 1], w)) for w in (first, second)]
            if all(hits):
                found += [(i - 1, i + 3, h) for h in hits if h]
    return found


def _longest_concept_at(
    words: list[str], i: int, lexicon: Lexicon, rules: ContextRules, longest: int
) -> tuple[int, str] | None:
    for length in range(min(longest, len(words) - i), 0, -1):
        cid = lexicon.phrases.get(tuple(words[i : i + length]))
        if cid is not None:
            return length, cid
    return _concept_skipping_modifiers(words, i, lexicon, rules.optional, longest)


def _scan(
    tokens: list[_Token], lexicon: Lexicon, rules: ContextRules, longest: int
) -> tuple[list[tuple[int, int, str]], list[TriggerHit]]:
    """Concept mentions (overlaps allowed, none inside a longer one) and ConText triggers.

    Overlaps let "sudden severe pain in the testicle" yield both a sudden pain and a testicular
    pain. A trigger inside a concept's words ("no" in "no pulse in foot") is part of the concept;
    a pseudo-trigger ("no change") is never a trigger.
    """
    words = [t.norm for t in tokens]
    found = []
    for i in range(len(words)):
        match = _longest_concept_at(words, i, lexicon, rules, longest)
        if match is not None:
            found.append((i, i + match[0], match[1]))
    found += _coordinated(words, lexicon)
    concepts = [c for c in found if not any(
        o[0] <= c[0] and c[1] <= o[1] and o[1] - o[0] > c[1] - c[0] for o in found)]
    covered = {k for start, end, _ in concepts for k in range(start, end)}
    hits: list[TriggerHit] = []
    i = 0
    while i < len(words):
        for length in range(min(longest, len(words) - i), 0, -1):
            triggers: list[Trigger] = rules.phrases.get(tuple(words[i : i + length]), [])
            span = range(i, i + length)
            if covered.intersection(span):
                # A trigger may not eat into a finding's words: "no recent travel" is "no" +
                # "recent travel", and "no change in bowel habit" negates the change.
                continue
            if triggers:
                hits.append(TriggerHit(i, i + length, tuple(triggers)))
                i += length
                break
        else:
            i += 1
    return concepts, hits


def findings_in_text(
    text: str,
    source: FindingSource = "text",
    *,
    force_historical: bool = False,
    force_family: bool = False,
    lexicon: Lexicon | None = None,
    rules: ContextRules | None = None,
) -> list[Finding]:
    """Every concept mention in `text`, each with its ConText modifiers, onset and duration."""
    lexicon = lexicon or default_lexicon()
    rules = rules or default_context_rules()
    longest = _max_len(lexicon, rules)
    found: list[Finding] = []
    for _offset, sentence in split_sentences(text):
        tokens = _tokens(sentence)
        concepts, hits = _scan(tokens, lexicon, rules, longest)
        if not concepts:
            continue
        onset, duration = onset_of(sentence), duration_hours(sentence)
        for start, end, cid in concepts:
            mods = modifiers_for(start, end, hits)
            span = sentence[tokens[start].start : tokens[end - 1].end]
            # A specific finding implies its general one ("pleuritic chest pain" is chest pain),
            # but its absence says nothing about the general one.
            implied = () if "negated" in mods else lexicon.concepts[cid].implies
            for concept_id in (cid, *implied):
                concept = lexicon.concepts[concept_id]
                historical = force_historical or "historical" in mods
                family = force_family or "family" in mods
                present = not ({"negated", "hypothetical"} & mods or family) and (
                    concept.timeless or not historical
                )
                found.append(
                    Finding(
                        concept_id=concept_id, label=concept.label,
                        category=concept.category,
                        text=span, present=present, negated="negated" in mods,
                        historical=historical, hypothetical="hypothetical" in mods,
                        family=family, source=source, onset=onset,
                        duration_hours=duration,
                    )
                )
    return found
