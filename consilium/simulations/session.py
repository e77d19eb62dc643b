"""A simulation session: ask, examine, order, commit; every step priced and saved.

The session is the one place that changes the state: it records each step as a transcript
event, charges its price against the budget, and writes the checkpoint after every step, so a
session interrupted at any point resumes where it stopped.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from consilium.core.case import Case
from consilium.core.errors import InputError
from consilium.core.report import DiagnosisCandidate
from consilium.core.settings import Settings
from consilium.reasoning.diagnosis_names import matches
from consilium.reasoning.diseases import condition_named, names_of
from consilium.simulations.actors import (
    ExaminerAgent,
    PatientAgent,
    Reveal,
    is_full_examination,
)
from consilium.simulations.evidence import read_vitals, working_case
from consilium.simulations.loaders import load_hidden_case
from consilium.simulations.models import (
    EventKind,
    HiddenCase,
    Mode,
    Score,
    SessionEvent,
    SessionState,
)
from consilium.simulations.phrasing import Phraser
from consilium.simulations.prices import PriceList, default_prices
from consilium.simulations.store import SessionStore

# How a result line that answers an order for one finding reads: abnormal or normal.
_ABNORMAL = re.compile(r"\b(raised|elevated|high|increased|positive|abnormal)\b",
                       re.I)
_NORMAL = re.compile(r"\b(normal|negative|absent|not detected|unremarkable|none)\b", re.I)


class SessionError(InputError, ValueError):
    """A step the session cannot take (committed already, over budget); the message says why."""


class OverBudgetError(SessionError):
    pass


def new_session_id(case_id: str) -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    return f"{case_id}-{stamp}-{secrets.token_hex(2)}"


def diagnosis_matches(case: HiddenCase, committed: str) -> bool | None:
    """Synonym-aware: the disease model's synonyms on both sides, spelling folded."""
    if not case.gold_diagnosis:
        return None
    condition = condition_named(committed)
    source = f"{condition.file}#{condition.id}" if condition else None
    candidate = DiagnosisCandidate(diagnosis=committed, probability=0.0, source=source)
    return matches([*names_of(case.gold_diagnosis), *case.gold_synonyms], None, candidate,
                   partial=True)


class Session:
    def __init__(self, case: HiddenCase, state: SessionState, *, prices: PriceList | None = None,
                 store: SessionStore | None = None, phraser: Phraser | None = None) -> None:
        self.case = case
        self.state = state
        self.prices = prices or default_prices()
        self.store = store
        self.patient = PatientAgent(case, phraser)
        self.examiner = ExaminerAgent(case, phraser)
        self.listeners: list[Callable[[SessionEvent], None]] = []
        self._started = time.monotonic()
        self._elapsed_before = state.elapsed_s

    # --- creation -----------------------------------------------------------------------
    @classmethod
    def start(cls, case_spec: str, *, mode: Mode = "watch", budget_usd: float | None = None,
              settings: Settings | None = None, prices: PriceList | None = None,
              persist: bool = True, phraser: Phraser | None = None) -> Session:
        case = load_hidden_case(case_spec)
        if budget_usd is not None and budget_usd < 0:
            raise SessionError("the budget must be zero or more US dollars")
        state = SessionState(id=new_session_id(case.id), case_spec=str(case_spec),
                             case_id=case.id, mode=mode, budget_usd=budget_usd)
        store = SessionStore(settings or Settings()) if persist else None
        session = cls(case, state, prices=prices, store=store, phraser=phraser)
        session.record("system", "opening", f"{case.demographics}. Objective: work up the "
                       "patient and commit a diagnosis and a plan.")
        session.record("patient", "answer", session.patient.guard.redact(case.opening))
        return session

    @classmethod
    def resume(cls, session_id: str, *, settings: Settings | None = None,
               prices: PriceList | None = None, phraser: Phraser | None = None) -> Session:
        store = SessionStore(settings or Settings())
        state = store.load(session_id)
        case = load_hidden_case(state.case_spec)
        known = {f.id for f in case.facts}
        if case.id != state.case_id or not set(state.revealed) <= known:
            raise SessionError(f"the case {state.case_spec} changed since session {session_id} "
                               "was saved; it cannot be resumed")
        session = cls(case, state, prices=prices, store=store, phraser=phraser)
        session.record("system", "note", "session resumed from its checkpoint")
        return session

    # --- bookkeeping --------------------------------------------------------------------
    @property
    def active(self) -> bool:
        return self.state.status == "active"

    @property
    def remaining_usd(self) -> float | None:
        if self.state.budget_usd is None:
            return None
        return self.state.budget_usd - self.state.spent_usd

    def can_afford(self, usd: float) -> bool:
        remaining = self.remaining_usd
        return remaining is None or usd <= remaining + 1e-9

    def elapsed(self) -> float:
        return self._elapsed_before + time.monotonic() - self._started

    def record(self, role: str, kind: EventKind, text: str, *, cost: float = 0.0,
               reveal: Reveal | None = None) -> SessionEvent:
        event = SessionEvent(seq=len(self.state.events) + 1, role=role, kind=kind, text=text,
                             cost_usd=cost, fact_ids=reveal.fact_ids if reveal else [],
                             assumed=reveal.assumed if reveal else False)
        self.state.events.append(event)
        if reveal:
            self.state.revealed += [i for i in reveal.fact_ids if i not in self.state.revealed]
        self.state.elapsed_s = self.elapsed()
        if self.store:
            self.store.save(self.state)
        for listener in self.listeners:
            listener(event)
        return event

    def _charge(self, usd: float, what: str) -> None:
        if not self.active:
            raise SessionError(f"the session is {self.state.status}; start a new one")
        if not self.can_afford(usd):
            raise OverBudgetError(f"{what} costs {usd:.0f} USD but only "
                                  f"{self.remaining_usd or 0:.0f} USD of the budget is left")
        self.state.spent_usd += usd

    def _note_concepts(self, concept_ids: Iterable[str]) -> None:
        for cid in concept_ids:
            if cid not in self.state.asked_concepts:
                self.state.asked_concepts.append(cid)

    # --- the steps ----------------------------------------------------------------------
    def ask(self, question: str, concept_ids: Iterable[str] = ()) -> Reveal:
        """A history question to the simulated patient."""
        cost = self.prices.question.usd
        self._charge(cost, "a question")
        self._note_concepts(concept_ids)
        self.record("doctor", "question", question, cost=cost)
        reveal = self.patient.answer(question, concept_ids)
        self.record("patient", "answer", reveal.text, reveal=reveal)
        return reveal

    def ask_human_patient(self, question: str, answer: str, concept_ids: Iterable[str] = ()
                          ) -> None:
        """Patient mode: the user answers as the patient; the answer becomes evidence."""
        cost = self.prices.question.usd
        self._charge(cost, "a question")
        self._note_concepts(concept_ids)
        self.record("doctor", "question", question, cost=cost)
        self.state.patient_statements.append(answer)
        self.record("patient", "answer", answer)

    def examine(self, request: str, concept_ids: Iterable[str] = (),
                normal_label: str | None = None) -> Reveal:
        full = is_full_examination(request)
        cost = (self.prices.full_examination if full else self.prices.examination).usd
        self._charge(cost, f"examining {request!r}")
        self._note_concepts(concept_ids)
        self.record("doctor", "exam", f"examine: {request}", cost=cost)
        reveal = self.examiner.examine(request, concept_ids)
        self._interpret(reveal, normal_label)
        self.record("examiner", "result", reveal.text, reveal=reveal)
        unreadable = read_vitals(list(reveal.facts)).unreadable
        if unreadable:
            self.record("system", "note", "vital signs not read as numbers (the panel does not "
                        f"use them): {'; '.join(unreadable)}")
        return reveal

    def order(self, test: str, concept_ids: Iterable[str] = (),
              normal_label: str | None = None) -> Reveal:
        cost, basis = self.prices.test_price(test)
        self._charge(cost, f"the test {test!r}")
        self._note_concepts(concept_ids)
        self.record("doctor", "test", f"order: {test} [{basis}]", cost=cost)
        reveal = self.examiner.order(test, concept_ids)
        self._interpret(reveal, normal_label)
        self.record("examiner", "result", reveal.text, reveal=reveal)
        return reveal

    def _interpret(self, reveal: Reveal, label: str | None) -> None:
        """A result ordered for one finding says whether that finding is there."""
        if not label:
            return
        if reveal.assumed or (_NORMAL.search(reveal.text) and not _ABNORMAL.search(reveal.text)):
            self.state.normal_findings.append(label)
        elif _ABNORMAL.search(reveal.text):
            self.state.abnormal_findings.append(label)

    def commit(self, diagnosis: str, plan: str = "", *, by: str = "doctor") -> None:
        """Commit the diagnosis and plan; `finish` then scores the session."""
        if not self.active:
            raise SessionError(f"the session is {self.state.status} already")
        diagnosis = diagnosis.strip()
        if not diagnosis:
            raise SessionError("commit needs a diagnosis")
        self.state.diagnosis, self.state.plan = diagnosis, plan.strip() or None
        self.state.status = "committed"
        plan = plan.strip()
        self.record(by, "commit", f"diagnosis: {diagnosis}" + (f"; plan: {plan}" if plan else ""))

    def finish(self) -> Score:
        """Score the session (the gold diagnosis is shown only now) and save it."""
        if self.state.score is not None:
            return self.state.score
        counts = {kind: sum(1 for e in self.state.events if e.kind == kind)
                  for kind in ("question", "exam", "test")}
        committed = self.state.diagnosis
        self.state.score = Score(
            committed=committed, gold=self.case.gold_diagnosis,
            correct=diagnosis_matches(self.case, committed) if committed else (
                False if self.case.gold_diagnosis else None),
            questions=counts["question"], examinations=counts["exam"], tests=counts["test"],
            cost_usd=round(self.state.spent_usd, 2), budget_usd=self.state.budget_usd,
            seconds=round(self.elapsed(), 2), facts_revealed=len(self.state.revealed),
            facts_total=len(self.case.facts))
        verdict = {True: "correct", False: "incorrect", None: "not scored (no gold)"}
        self.record("system", "score", f"gold diagnosis: {self.case.gold_diagnosis or 'none'}; "
                    f"committed: {committed or 'nothing'}; {verdict[self.state.score.correct]}")
        return self.state.score

    # --- what the panel may see ---------------------------------------------------------
    def working_case(self) -> Case:
        """The case as the doctor knows it so far: revealed facts only, never the gold."""
        facts = [self.case.fact(i) for i in self.state.revealed]
        lines = [self.patient.guard.redact(f.text) for f in facts]
        lines += self.state.patient_statements
        lines += [f"No {label}." for label in self.state.normal_findings]
        lines += [f"{label.capitalize()}." for label in self.state.abnormal_findings]
        base = Case(id=self.case.id, patient=self.case.patient,
                    presenting_complaint=self.patient.guard.redact(self.case.opening))
        case, _unreadable = working_case(self.case.id, base, lines, facts)
        return case
