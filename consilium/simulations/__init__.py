"""Case simulations: a hidden case revealed step by step, at a price.

    session = Session.start("cases/simulations/post-op-breathless.yaml", budget_usd=400)
    score = run_watch(session)                 # the panel works it; the critic reviews it
    session.ask("Any calf swelling?")          # or take the chair: ask / examine / order / commit
"""

from __future__ import annotations

from consilium._lazy import lazy_exports

# Imported lazily: the session and UI modules do not need the workflow (`run_watch` does).
_EXPORTS = {
    "load_hidden_case": "consilium.simulations.loaders",
    "HiddenCase": "consilium.simulations.models",
    "Score": "consilium.simulations.models",
    "SessionEvent": "consilium.simulations.models",
    "SessionState": "consilium.simulations.models",
    "Action": "consilium.simulations.panel",
    "KnowledgeClinician": "consilium.simulations.panel",
    "PanelAdvice": "consilium.simulations.panel",
    "consult": "consilium.simulations.panel",
    "OverBudgetError": "consilium.simulations.session",
    "Session": "consilium.simulations.session",
    "SessionError": "consilium.simulations.session",
    "critic_review": "consilium.simulations.watch",
    "run_watch": "consilium.simulations.watch",
}

__all__ = sorted(_EXPORTS)

__getattr__ = lazy_exports(__name__, _EXPORTS)
