"""Tokenising for BM25: lowercase words, stop words dropped, British spellings and plurals folded.

Folding lets "haemorrhage" find "hemorrhage" and "seizures" find "seizure" without a stemmer
dependency; the same function runs on passages and queries, so they always agree.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-z0-9]+")
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "do",
        "does",
        "for",
        "from",
        "has",
        "have",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "should",
        "so",
        "than",
        "that",
        "the",
        "their",
        "then",
        "there",
        "these",
        "this",
        "to",
        "was",
        "we",
        "what",
        "when",
        "which",
        "who",
        "why",
        "will",
        "with",
        "without",
        "patient",
        "patients",
        "adult",
        "adults",
    ]
)
# British -> American spelling folds, applied in order to each word.
_SPELLING = (
    ("rrhoea", "rrhea"),
    ("aem", "em"),
    ("aes", "es"),
    ("paed", "ped"),
    ("oedem", "edem"),
    ("oesoph", "esoph"),
    ("oestr", "estr"),
    ("isation", "ization"),
    ("ise", "ize"),
)


def fold(word: str) -> str:
    for british, american in _SPELLING:
        word = word.replace(british, american)
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("es") and word[-3] in "sxz":
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokenize(text: str) -> list[str]:
    return [fold(w) for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]
