"""The panel as a doctor in a simulation: the knowledge engine's next-best-question logic.

At each step the panel ranks the differential on what has been revealed so far and takes the
question, examination or test with the largest expected information gain (see
`consilium.reasoning.information`). It orders the leading diagnosis's confirming tests before it
commits, and commits when the leader is probable enough, nothing informative is left to ask,
the step limit is reached, or the budget runs out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from consilium.reasoning import extract_findings, finding_states
from consilium.reasoning.differential import score_conditions
from consilium.reasoning.diseases import condition_named
from consilium.reasoning.information import InformationGain, informative_findings
from consilium.reasoning.lexicon import default_lexicon
from consilium.simulations.actors import is_full_examination
from consilium.simulations.matching import content_words
from consilium.simulations.session import Session

# Stopping rules, each with its basis.
# Commit once the leading diagnosis reaches this posterior (estimate in the spirit of the
# treatment threshold, Pauker & Kassirer, NEJM 1980; a generic value, not disease-specific).
COMMIT_PROBABILITY = 0.6
# A question expected to move the differential by less than this is not worth its price
# (estimate).
MIN_GAIN_BITS = 0.02
# Doctor actions per case: AgentClinic allows the doctor 20 interactions (Schmidgall et al.,
# "AgentClinic", 2024).
MAX_STEPS = 20
# Confirming tests ordered for a leading diagnosis (the first two of the disease model's list).
CONFIRMING_TESTS = 2
CANDIDATE_GAINS = 15
FULL_EXAMINATION_REQUEST = "full physical examination"
DIFFERENTIAL_SIZE = 5
# Tests lists in the disease model also hold advice ("clinical diagnosis", "no tests needed"):
# those are not orders.
_NOT_AN_ORDER = re.compile(r"\b(clinical diagnosis|no tests?|not needed|unless|score|rule|"
                           r"criteria|time last known|assessment|history|if )", re.I)
# Standard opening of a history (Calgary-Cambridge guide, Kurtz & Silverman 1996): the story,
# then past history, medicines, social and family history.
OPENING_QUESTIONS = (
    "Tell me about your symptoms: how did this start?",
    "Any past medical history, illnesses or operations?",
    "What medications do you take, and any allergies?",
    "Social history: do you smoke, drink alcohol or use drugs? What is your occupation?",
    "Any family history of illness?",
)

ActionKind = Literal["ask", "examine", "order", "commit"]


@dataclass(frozen=True)
class Action:
    kind: ActionKind
    text: str
    concept_ids: tuple[str, ...] = ()
    normal_label: str | None = None  # what a normal result tells the panel ("no ptosis")
    plan: str = ""
    why: str = ""


@dataclass
class PanelAdvice:
    """The panel's view for `/consult`: its differential and what it would do next."""

    differential: list[tuple[str, float]] = field(default_factory=list)
    suggestions: list[Action] = field(default_factory=list)
    working_diagnosis: str | None = None
    rationale: str = ""


def action_for(gain: InformationGain) -> Action:
    """The step that finds out about one finding: ask, examine or order."""
    concept = default_lexicon().concepts.get(gain.concept_id)
    category = concept.category if concept else "symptom"
    why = f"expected information gain {gain.bits:.2f} bits"
    ids = (gain.concept_id,)
    if category == "vital":
        return Action("examine", "vital signs", ids, gain.label, why=why)
    if category == "sign":
        return Action("examine", gain.label, ids, gain.label, why=why)
    if category == "lab":
        return Action("order", gain.label, ids, gain.label, why=why)
    if category in ("history", "risk_factor", "exposure"):
        return Action("ask", f"Have you ever had, or been exposed to: {gain.label}?", ids, why=why)
    return Action("ask", f"Have you had any {gain.label}?", ids, why=why)


def _doctor_steps(session: Session) -> int:
    return sum(1 for e in session.state.events if e.kind in ("question", "exam", "test"))


def _ordered(session: Session) -> set[str]:
    return {e.text for e in session.state.events if e.kind == "test"}


def _examined(session: Session, what: str) -> bool:
    """Examined already; a full examination includes the vital signs."""
    done = {e.text.removeprefix("examine: ") for e in session.state.events if e.kind == "exam"}
    return what in done or (what == "vital signs" and FULL_EXAMINATION_REQUEST in done)


def _price(session: Session, action: Action) -> float:
    if action.kind == "ask":
        return session.prices.question.usd
    if action.kind == "examine":
        full = is_full_examination(action.text)
        return (session.prices.full_examination if full else session.prices.examination).usd
    return session.prices.test_price(action.text)[0] if action.kind == "order" else 0.0


def consult(session: Session, limit: int = 3) -> PanelAdvice:
    """The panel's differential and its next steps on what has been revealed (never the gold).

    Unlike the one-shot differential (the five likeliest conditions by prior and evidence),
    a simulation works among the conditions that explain at least one finding so far: a rare
    disease with a telling finding stays in view, and the next question is chosen to separate
    those conditions rather than the commonest ones.
    """
    case = session.working_case()
    findings = extract_findings(case)
    ranked, other = score_conditions(case, findings)
    states = finding_states(findings)
    present = {cid for cid, is_present in states.items() if is_present}
    # Explaining = a present finding counts for it (a normal reading supporting a condition
    # by its absence does not make the condition a candidate).
    explained = [s for s in ranked
                 if any(s.condition.findings[c].lr_pos > 1.0 for c in present
                        if c in s.condition.findings)]
    # Probabilities are conditional on the cause being one of the explaining conditions; with
    # none yet, the whole model (and its residual "other") is in play.
    pool, residual = (explained, 0.0) if explained else (ranked, other)
    asked = set(session.state.asked_concepts)
    gains = [g for g in informative_findings(pool, states, residual,
                                             limit=CANDIDATE_GAINS)
             if g.concept_id not in asked]
    suggestions: list[Action] = []
    # After a full examination every finding there is to find is known: examining for one
    # sign again would only add a "no X" that may contradict a finding worded differently.
    examined_fully = _examined(session, FULL_EXAMINATION_REQUEST)
    for gain in gains:
        action = action_for(gain)
        if any(a.kind == action.kind and a.text == action.text for a in suggestions) or (
                action.kind == "examine" and (examined_fully or _examined(session, action.text))):
            continue
        if gain.bits >= MIN_GAIN_BITS:
            suggestions.append(action)
        if len(suggestions) >= limit:
            break
    shown = explained[:DIFFERENTIAL_SIZE]
    total = sum(s.probability for s in explained) or 1.0
    differential = [(s.condition.name, s.probability / total) for s in shown]
    return PanelAdvice(differential, suggestions, shown[0].condition.name if shown else None,
                       f"{len(findings)} findings so far; conditions explaining at least one "
                       f"of them: {len(explained) if shown else 0}")


class KnowledgeClinician:
    """Chooses the next step from the knowledge engine; deterministic, no model needed."""

    name = "panel"

    def next_action(self, session: Session) -> Action:
        asked = {e.text for e in session.state.events if e.kind == "question"}
        for question in OPENING_QUESTIONS:
            if question not in asked and session.can_afford(session.prices.question.usd):
                return Action("ask", question, why="standard history taking")
        full = Action("examine", FULL_EXAMINATION_REQUEST,
                      why="a full examination with vital signs, as for every patient")
        if not _examined(session, FULL_EXAMINATION_REQUEST) and session.can_afford(
                _price(session, full)):
            return full
        advice = consult(session, limit=CANDIDATE_GAINS)
        leader = advice.differential[0] if advice.differential else None
        if _doctor_steps(session) < MAX_STEPS:
            confirming = self._confirming_test(session, advice)
            leading = leader is not None and leader[1] >= COMMIT_PROBABILITY
            if not leading:
                for action in advice.suggestions:
                    if session.can_afford(_price(session, action)):
                        return action
            if confirming is not None:
                return confirming
        return self._commit(advice)

    def _confirming_test(self, session: Session, advice: PanelAdvice) -> Action | None:
        condition = condition_named(advice.working_diagnosis or "")
        if condition is None:
            return None
        done = _ordered(session)
        # Results already reported (under another name: "inflammatory markers" gave the ESR
        # and CRP) are not ordered again.
        known = content_words(" ".join(e.text for e in session.state.events
                                       if e.kind == "result" and not e.assumed))
        orderable = [t for t in condition.tests if not _NOT_AN_ORDER.search(t)]
        for test in orderable[:CONFIRMING_TESTS]:
            action = Action("order", test, why=f"confirms or excludes {condition.name}")
            already = any(text.startswith(f"order: {test} [") for text in done) or (
                content_words(test) <= known)
            if not already and session.can_afford(_price(session, action)):
                return action
        return None

    def commit_now(self, session: Session) -> Action:
        """The commitment on the evidence so far (budget spent or step limit reached)."""
        return self._commit(consult(session))

    def _commit(self, advice: PanelAdvice) -> Action:
        if not advice.working_diagnosis:
            return Action("commit", "undetermined", plan="refer for specialist assessment",
                          why="no finding matched the disease model")
        condition = condition_named(advice.working_diagnosis)
        tests = ", ".join(condition.tests[:CONFIRMING_TESTS + 1]) if condition else ""
        probability = advice.differential[0][1] if advice.differential else 0.0
        plan = f"confirm with {tests}" if tests else "confirm and treat per guideline"
        return Action("commit", advice.working_diagnosis, plan=plan,
                      why=f"leading diagnosis at {probability:.0%}")


def apply(session: Session, action: Action, *, by: str = "doctor") -> None:
    """Carry out one action on the session (the commit scores it)."""
    if action.kind == "ask":
        session.ask(action.text, action.concept_ids)
    elif action.kind == "examine":
        session.examine(action.text, action.concept_ids, action.normal_label)
    elif action.kind == "order":
        session.order(action.text, action.concept_ids, action.normal_label)
    else:
        session.commit(action.text, action.plan, by=by)
