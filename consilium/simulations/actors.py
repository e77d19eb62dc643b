"""The patient and the examiner: they reveal a hidden case's facts only when asked for them.

Both answer from the facts alone. What the case does not say, the patient does not know, and
the examiner reports as normal (marked `assumed`, so the transcript shows it was not in the
case). Neither ever names the gold diagnosis: every answer passes through `redact`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from consilium.reasoning.diseases import names_of
from consilium.simulations.matching import match_facts
from consilium.simulations.models import Fact, HiddenCase
from consilium.simulations.phrasing import Phraser

WITHHELD = "[withheld]"
PATIENT_DOES_NOT_KNOW = "I'm not sure. I can't tell you anything about that."
_OPENING_QUESTION = re.compile(
    r"\b(brings? you|why are you here|what happened|main (problem|complaint)|chief complaint|"
    r"how can i help|what seems to be)\b", re.I)
# An open invitation to tell the story: the patient gives the history of the present illness.
_STORY_QUESTION = re.compile(
    r"\b(tell me (more )?about (your|the) (symptoms|problem|illness|complaint)|"
    r"history of (the )?present(ing)? (illness|complaint)|how did (this|it) (all )?start)\b", re.I)
# A request to examine everything (AgentClinic's "Physical_Examination" request) gets every
# examination finding; it is priced as a full examination.
FULL_EXAMINATION = re.compile(
    r"^\s*(a |the )?(full|complete|general|whole|head[- ]to[- ]toe)?\s*(physical )?"
    r"exam(ination)?\s*$|\b(full|complete|head[- ]to[- ]toe) (physical )?exam", re.I)


def is_full_examination(request: str) -> bool:
    return FULL_EXAMINATION.search(request.replace("_", " ")) is not None


STORY_TOPICS = ("history", "symptoms", "note", "history of present illness",
                "presenting complaint")


@dataclass(frozen=True)
class Reveal:
    """An answer and the facts it gave away."""

    text: str
    facts: tuple[Fact, ...] = ()
    assumed: bool = False

    @property
    def fact_ids(self) -> list[str]:
        return [f.id for f in self.facts]


@dataclass
class GoldGuard:
    """Removes the gold diagnosis (and its synonyms) from anything an agent is about to say."""

    names: list[str] = field(default_factory=list)

    @classmethod
    def for_case(cls, case: HiddenCase) -> GoldGuard:
        if not case.gold_diagnosis:
            return cls([])
        names = {*names_of(case.gold_diagnosis), *case.gold_synonyms}
        return cls(sorted((n for n in names if len(n) > 1), key=len, reverse=True))

    def redact(self, text: str) -> str:
        for name in self.names:
            # Abbreviations ("PE", "MG") only in capitals: "pe" inside prose is not the disease.
            flags = 0 if len(name) <= 3 else re.I
            text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", WITHHELD, text, flags=flags)
        return text


def _join(facts: Iterable[Fact]) -> str:
    return " ".join(f.text if f.text.endswith((".", "!", "?")) else f"{f.text}." for f in facts)


class _Voice:
    """Shared by both agents: optional model phrasing, then the gold guard, always."""

    speaker: Literal["patient", "examiner"]

    def __init__(self, case: HiddenCase, phraser: Phraser | None = None) -> None:
        self.case = case
        self.guard = GoldGuard.for_case(case)
        self.phraser = phraser

    def _say(self, request: str, facts: tuple[Fact, ...]) -> Reveal:
        text = _join(facts)
        if self.phraser is not None:
            text = self.phraser.phrase(self.speaker, request, text)
        return Reveal(self.guard.redact(text), facts)


class PatientAgent(_Voice):
    """Answers history questions from the case's history facts, and nothing else."""

    speaker = "patient"

    def answer(self, question: str, concept_ids: Iterable[str] = ()) -> Reveal:
        if _OPENING_QUESTION.search(question):
            return Reveal(self.guard.redact(self.case.opening))
        if _STORY_QUESTION.search(question):
            facts = tuple(f for f in self.case.facts_of("history")
                          if f.topic.split(":")[0].strip().lower() in STORY_TOPICS)
        else:
            facts = tuple(m.fact for m in match_facts(question, self.case.facts_of("history"),
                                                      concept_ids))
        if not facts:
            return Reveal(PATIENT_DOES_NOT_KNOW)
        return self._say(question, facts)


class ExaminerAgent(_Voice):
    """Reveals examination findings and test results only when they are asked for by name."""

    speaker = "examiner"

    def examine(self, request: str, concept_ids: Iterable[str] = ()) -> Reveal:
        if is_full_examination(request):
            everything = tuple(self.case.facts_of("exam"))
            if everything:
                return self._say(request, everything)
        matches = match_facts(request, self.case.facts_of("exam"), concept_ids)
        if not matches:
            return Reveal(f"{request.strip().capitalize()}: no abnormality found "
                          "(not recorded in the case; reported as normal).", assumed=True)
        return self._say(request, tuple(m.fact for m in matches))

    def order(self, test: str, concept_ids: Iterable[str] = ()) -> Reveal:
        matches = match_facts(test, self.case.facts_of("test"), concept_ids, expand_terms=True)
        if not matches:
            return Reveal(f"{test.strip()}: within normal limits "
                          "(not recorded in the case; reported as normal).", assumed=True)
        return self._say(test, tuple(m.fact for m in matches))
