"""Watch mode: the panel works the hidden case by itself, commits, and the critic reviews it."""

from __future__ import annotations

from typing import Protocol

from consilium.api import run_case
from consilium.core.report import ConsensusReport
from consilium.core.settings import Settings
from consilium.simulations.models import Score
from consilium.simulations.panel import Action, KnowledgeClinician, apply
from consilium.simulations.session import OverBudgetError, Session

# A runaway policy (a model that never commits) is stopped after this many actions.
MAX_ACTIONS = 60


class Clinician(Protocol):
    name: str

    def next_action(self, session: Session) -> Action: ...


def critic_review(session: Session, settings: Settings | None = None) -> ConsensusReport:
    """Run the full panel and its critic on what was revealed, and record the verdict."""
    report = run_case(session.working_case(), settings=settings)
    committed = (session.state.diagnosis or "").lower()
    in_differential = any(committed and committed in c.diagnosis.lower()
                          for c in report.differential)
    serious = [f for f in report.safety_findings if f.severity in ("contraindicated", "major")]
    parts = [f"report {report.status}",
             f"verdict {report.critic.verdict}: {report.critic.reasoning}" if report.critic
             else "no critic verdict",
             ("the committed diagnosis is in the panel's differential" if in_differential
              else "the committed diagnosis is NOT in the panel's differential"),
             f"{len(report.safety_findings)} safety findings "
             f"({len(serious)} major or contraindicated)"]
    parts += [f"- {f.severity}: {f.message}" for f in serious[:3]]
    parts += [f"escalated: {reason}" for reason in report.escalation_reasons[:2]]
    session.record("critic", "review", "; ".join(parts[:4]) + "".join(
        f"\n{line}" for line in parts[4:]))
    return report


def run_watch(session: Session, clinician: Clinician | None = None, *, review: bool = True,
              settings: Settings | None = None) -> Score:
    """Let `clinician` (the knowledge panel by default) work the case to a committed diagnosis."""
    doctor = clinician or KnowledgeClinician()
    fallback = KnowledgeClinician()
    for _ in range(MAX_ACTIONS):
        if not session.active:
            break
        action = doctor.next_action(session)
        try:
            apply(session, action, by=doctor.name)
        except OverBudgetError as error:
            session.record("system", "note", f"{error}; the panel commits now")
            apply(session, fallback.commit_now(session), by=doctor.name)
    if session.active:
        session.record("system", "note", f"no commitment after {MAX_ACTIONS} actions")
        apply(session, fallback.commit_now(session), by=doctor.name)
    if review and session.state.status == "committed":
        critic_review(session, settings)
    return session.finish()
