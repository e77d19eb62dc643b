"""Case simulations: a hidden case revealed step by step, at a price.

    session = Session.start("cases/simulations/post-op-breathless.yaml", budget_usd=400)
    score = run_watch(session)                 # the panel works it; the critic reviews it
    session.ask("Any calf swelling?")          # or take the chair: ask / examine / order / commit
"""

from consilium.simulations.loaders import load_hidden_case
from consilium.simulations.models import HiddenCase, Score, SessionEvent, SessionState
from consilium.simulations.panel import Action, KnowledgeClinician, PanelAdvice, consult
from consilium.simulations.session import OverBudgetError, Session, SessionError
from consilium.simulations.watch import critic_review, run_watch

__all__ = [
    "Action",
    "HiddenCase",
    "KnowledgeClinician",
    "OverBudgetError",
    "PanelAdvice",
    "Score",
    "Session",
    "SessionError",
    "SessionEvent",
    "SessionState",
    "consult",
    "critic_review",
    "load_hidden_case",
    "run_watch",
]
