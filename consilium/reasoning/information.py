"""The next most informative question or test: expected information gain over the differential.

Sensitivity and specificity are recovered from each finding's LR+ and LR-
(LR+ = sens / (1 - spec), LR- = (1 - sens) / spec); a condition that does not list a finding is
given the mean false-positive rate of the conditions that do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from operator import mul
from typing import TYPE_CHECKING

from consilium.reasoning.diseases import Condition
from consilium.reasoning.lexicon import default_lexicon

if TYPE_CHECKING:
    from consilium.reasoning.differential import Scored

CANDIDATES = 12  # conditions considered: the head of the differential carries the entropy


@dataclass(frozen=True)
class InformationGain:
    concept_id: str
    label: str
    bits: float
    kind: str  # "question" (history, symptom, sign) or "test" (lab, vital sign)

    @property
    def prompt(self) -> str:
        verb = "measure or test" if self.kind == "test" else "ask or examine"
        return f"{verb}: {self.label}"


def _entropy(ps: list[float]) -> float:
    return -sum([p * math.log2(p) for p in ps if p > 0])


def _sens_spec(lr_pos: float, lr_neg: float) -> tuple[float, float] | None:
    if lr_pos <= 1.0 <= lr_neg or lr_pos == lr_neg:
        return None
    spec = (lr_pos - 1.0) / (lr_pos - lr_neg)
    sens = lr_pos * (1.0 - spec)
    if not (0.0 < sens < 1.0 and 0.0 < spec < 1.0):
        return None
    return sens, spec


_Rates = dict[str, tuple[float, float]]  # concept id -> (sensitivity, false-positive rate)
_RATES: dict[int, tuple[Condition, _Rates]] = {}  # by id(condition); the entry keeps it alive


def _detection_rates(condition: Condition) -> _Rates:
    """The findings of `condition` with a usable sensitivity; computed once per condition."""
    cached = _RATES.get(id(condition))
    if cached is None or cached[0] is not condition:
        rates: _Rates = {}
        for cid, lr in condition.findings.items():
            pair = _sens_spec(lr.lr_pos, lr.lr_neg)
            if pair:
                rates[cid] = (pair[0], 1.0 - pair[1])
        cached = _RATES[id(condition)] = (condition, rates)
    return cached[1]


def _gain(probs: list[float], base: float, rates: list[tuple[float, float] | None]
          ) -> float | None:
    """Expected information gain of one finding over `probs` (the head, then the rest)."""
    false_positive = [pair[1] for pair in rates if pair]
    # A condition that does not list the finding is given the mean false-positive rate.
    background = sum(false_positive) / len(false_positive)
    p_pos_given = [pair[0] if pair else background for pair in rates] + [background]
    p_pos = sum(map(mul, probs, p_pos_given))
    if not 0.0 < p_pos < 1.0:
        return None
    post_pos = [p * q / p_pos for p, q in zip(probs, p_pos_given, strict=True)]
    post_neg = [p * (1 - q) / (1 - p_pos) for p, q in zip(probs, p_pos_given, strict=True)]
    return base - p_pos * _entropy(post_pos) - (1 - p_pos) * _entropy(post_neg)


def informative_findings(
    ranked: list[Scored], known: dict[str, bool], other: float, limit: int = 3
) -> list[InformationGain]:
    head = ranked[:CANDIDATES]
    tail = other + sum([s.probability for s in ranked[CANDIDATES:]])
    probs = [s.probability for s in head] + [tail]
    total = sum(probs)
    probs = [p / total for p in probs]
    base = _entropy(probs)
    lexicon = default_lexicon()
    gains: list[InformationGain] = []
    tables = [_detection_rates(s.condition) for s in head]
    # Only a finding some head condition gives a sensitivity for can separate them.
    candidates = {cid for table in tables for cid in table} - known.keys()
    for cid in sorted(candidates):
        gain = _gain(probs, base, [table.get(cid) for table in tables])
        if gain is None:
            continue
        concept = lexicon.concepts.get(cid)
        category = concept.category if concept else "symptom"
        gains.append(InformationGain(cid, concept.label if concept else cid, gain,
                                     "test" if category in ("lab", "vital") else "question"))
    gains.sort(key=lambda g: g.bits, reverse=True)
    return gains[:limit]
