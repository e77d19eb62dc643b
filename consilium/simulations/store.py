"""Where sessions live: `<state_dir>/sessions/<id>.json` (the checkpoint), `.jsonl` (one event
per line) and `.md` (the transcript for people). Each write goes to a temporary file first, so
an interrupted save never leaves half a checkpoint.
"""

from __future__ import annotations

import os
from pathlib import Path

from consilium.core.errors import InputError
from consilium.core.settings import Settings
from consilium.simulations.models import SessionState


class UnknownSessionError(InputError, LookupError):
    """No saved session has this id."""


def _write(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def markdown(state: SessionState) -> str:
    lines = [f"# Simulation {state.id}", "",
             f"- case: `{state.case_id}` ({state.case_spec})", f"- mode: {state.mode}",
             f"- budget: {'none' if state.budget_usd is None else f'{state.budget_usd:.0f} USD'}",
             f"- spent: {state.spent_usd:.0f} USD", f"- status: {state.status}", ""]
    for event in state.events:
        cost = f" *({event.cost_usd:.0f} USD)*" if event.cost_usd else ""
        lines.append(f"**{event.role}** ({event.kind}){cost}: {event.text}  ")
    if state.score:
        s = state.score
        verdict = {True: "correct", False: "incorrect", None: "not scored"}[s.correct]
        lines += ["", "## Score", "",
                  f"- committed: {s.committed}", f"- gold: {s.gold}", f"- verdict: {verdict}",
                  f"- questions {s.questions}, examinations {s.examinations}, tests {s.tests}",
                  f"- cost {s.cost_usd:.0f} USD, time {s.seconds:.1f} s"]
    return "\n".join(lines) + "\n"


class SessionStore:
    def __init__(self, settings: Settings) -> None:
        self.directory = settings.state_dir / "sessions"

    def paths(self, session_id: str) -> dict[str, Path]:
        base = self.directory / session_id
        return {suffix: base.with_suffix(f".{suffix}") for suffix in ("json", "jsonl", "md")}

    def save(self, state: SessionState) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        paths = self.paths(state.id)
        _write(paths["json"], state.model_dump_json(indent=1))
        _write(paths["jsonl"], "".join(e.model_dump_json() + "\n" for e in state.events))
        _write(paths["md"], markdown(state))

    def load(self, session_id: str) -> SessionState:
        if not session_id or "/" in session_id or session_id.startswith("."):
            raise UnknownSessionError(f"not a session id: {session_id!r}")
        path = self.paths(session_id)["json"]
        if not path.is_file():
            raise UnknownSessionError(f"no saved session {session_id!r} in {self.directory}")
        return SessionState.model_validate_json(path.read_text(encoding="utf-8"))
