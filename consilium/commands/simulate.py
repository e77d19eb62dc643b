"""`consilium simulate CASE`: work a hidden case in the terminal, or watch the panel work it.

consilium simulate cases/simulations/post-op-breathless.yaml                # watch the panel
consilium simulate CASE --mode doctor --budget 400                         # you take the chair
consilium simulate CASE --mode patient                                     # you play the patient
consilium simulate ../shared/data/agentclinic/agentclinic_medqa.jsonl#0 --mode watch --json
consilium simulate --resume SESSION_ID
"""

from __future__ import annotations

import json
import sys
import time
from enum import Enum
from typing import Annotated, Any

import typer
from prompt_toolkit import PromptSession
from prompt_toolkit.completion import WordCompleter
from pydantic import ValidationError

from consilium.commands._common import fail
from consilium.core.errors import CaseInputError
from consilium.core.settings import Settings
from consilium.llm.errors import LLMConfigError
from consilium.render.console import stdout
from consilium.render.simulation import (
    SLASH_COMMANDS,
    advice_panel,
    help_panel,
    live_screen,
    prices_table,
    score_panel,
    screen,
    status,
)
from consilium.simulations.panel import KnowledgeClinician, apply, consult
from consilium.simulations.prices import PriceError
from consilium.simulations.session import Session, SessionError
from consilium.simulations.store import UnknownSessionError
from consilium.simulations.watch import Clinician, critic_review, run_watch

# The panel role whose model (CONSILIUM_ROLE_MODELS) plays the doctor and voices the patient.
MODEL_ROLE = "diagnostician"
console = stdout()
app = typer.Typer(help="Case simulations: a hidden case revealed step by step, at a price.")


class SimMode(str, Enum):  # noqa: UP042 (Typer reads choices from a str Enum)
    watch = "watch"
    doctor = "doctor"
    patient = "patient"


class _Leave(Exception):
    """The user asked to leave (/quit, Ctrl-C, end of input); the session is saved."""


class LineReader:
    """prompt_toolkit with slash-command completion in a terminal; plain input() otherwise."""

    def __init__(self, commands: list[str]) -> None:
        self._prompt: PromptSession[str] | None = None
        if sys.stdin.isatty() and sys.stdout.isatty():
            completer = WordCompleter(commands, sentence=True)
            self._prompt = PromptSession(completer=completer, complete_while_typing=False)

    def read(self, label: str) -> str:
        try:
            if self._prompt is not None:
                return str(self._prompt.prompt(f"{label}> "))
            return input(f"{label}> ")
        except (EOFError, KeyboardInterrupt):
            raise _Leave from None


def _draw(session: Session) -> None:
    console.print(screen(session, consult(session)))


def _finish(session: Session, settings: Settings, review: bool) -> None:
    if review and session.state.status == "committed":
        with status("the critic is reviewing the plan..."):
            critic_review(session, settings)
    score = session.finish()
    _draw(session)
    console.print(score_panel(score, session.state.id))
    _saved(session)


def _saved(session: Session) -> None:
    if session.store:
        paths = session.store.paths(session.state.id)
        console.print(f"saved: {paths['md']} and {paths['jsonl']}", style="dim", highlight=False)


def _doctor_step(session: Session, line: str) -> bool:
    """One line typed in doctor mode; True when the session is over."""
    command, _, rest = line.partition(" ") if line.startswith("/") else ("/ask", "", line)
    rest = rest.strip()
    if command not in SLASH_COMMANDS:
        console.print(f"unknown command {command!r}; /help lists them", style="red")
        return False
    if command == "/help":
        console.print(help_panel())
    elif command == "/prices":
        console.print(prices_table(session))
    elif command == "/status":
        _draw(session)
    elif command == "/consult":
        session.record("panel", "consult", "the panel was consulted")
        console.print(advice_panel(consult(session)))
    elif command == "/quit":
        raise _Leave
    elif not rest:
        console.print(f"{command} needs some text: {SLASH_COMMANDS[command]}", style="red")
    elif command == "/commit":
        diagnosis, _, plan = rest.partition(";")
        session.commit(diagnosis, plan)
        return True
    elif command == "/exam":
        session.examine(rest)
        _draw(session)
    elif command == "/order":
        session.order(rest)
        _draw(session)
    else:
        session.ask(rest)
        _draw(session)
    return False


def _run_doctor(session: Session, settings: Settings, review: bool) -> None:
    reader = LineReader(list(SLASH_COMMANDS))
    console.print(help_panel())
    _draw(session)
    while session.active:
        line = reader.read("you").strip()
        if not line:
            continue
        try:
            if _doctor_step(session, line):
                break
        except SessionError as error:
            console.print(f"not done: {error}", style="red", highlight=False)
    _finish(session, settings, review)


def _run_patient(session: Session, settings: Settings, review: bool) -> None:
    reader = LineReader(["/status", "/help", "/quit"])
    panel = KnowledgeClinician()
    console.print(help_panel(patient_mode=True))
    _draw(session)
    while session.active:
        action = panel.next_action(session)
        if action.kind != "ask":
            try:
                apply(session, action, by="panel")
            except SessionError as error:  # the budget ran out: commit on what is known
                session.record("system", "note", f"{error}; the panel commits now")
                apply(session, panel.commit_now(session), by="panel")
            _draw(session)
            continue
        console.print(f"[bold cyan]panel asks:[/bold cyan] {action.text}", highlight=False)
        answer = reader.read("patient").strip()
        while answer in ("/status", "/help"):
            if answer == "/help":
                console.print(help_panel(patient_mode=True))
            else:
                _draw(session)
            answer = reader.read("patient").strip()
        if answer == "/quit":
            raise _Leave
        session.ask_human_patient(action.text, answer or "I don't know.", action.concept_ids)
    _finish(session, settings, review)


def _doctor(model: Any) -> Clinician:
    if model is None:
        return KnowledgeClinician()
    from consilium.simulations.llm_clinician import LLMClinician  # loads the agent framework

    return LLMClinician(model)


def _run_watch_live(session: Session, settings: Settings, review: bool, pace: float,
                    doctor: Clinician) -> None:
    with live_screen(lambda: screen(session, consult(session))) as refresh:
        def redraw(_event: object) -> None:
            refresh()
            if pace:
                time.sleep(pace)

        session.listeners.append(redraw)
        score = run_watch(session, doctor, review=review, settings=settings)
        session.listeners.remove(redraw)
    console.print(score_panel(score, session.state.id))
    _saved(session)


def _model(settings: Settings) -> Any:
    """The model config when one is configured (natural wording, a model as the doctor)."""
    if not settings.llm_enabled:
        return None
    from consilium.llm.config import build_model_config  # loads the agent framework

    return build_model_config(settings, MODEL_ROLE, output_mode="json_object")


def _open(case: str | None, resume: str | None, mode: SimMode, budget: float | None,
          settings: Settings, model: Any) -> Session:
    phraser = None
    if model is not None:
        from consilium.simulations.phrasing import LLMPhraser  # loads the agent framework

        phraser = LLMPhraser(model)
    if resume:
        return Session.resume(resume, settings=settings, phraser=phraser)
    if not case:
        raise SessionError("give a CASE file (or --resume SESSION_ID)")
    return Session.start(case, mode=mode.value, budget_usd=budget, settings=settings,
                         phraser=phraser)


@app.command("simulate")
def simulate_command(
    case: Annotated[str | None, typer.Argument(
        help="Scenario or case file (YAML/JSON), or AgentClinic file.jsonl#N.")] = None,
    mode: Annotated[SimMode, typer.Option("--mode", "-m", help="watch, doctor or patient.")] = (
        SimMode.watch),
    budget: Annotated[float | None, typer.Option("--budget", help="Budget in USD.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Watch mode without a terminal: "
                                          "print the transcript and score as JSON.")] = False,
    resume: Annotated[str | None, typer.Option("--resume", help="Resume a saved session.")] = None,
    review: Annotated[bool, typer.Option("--review/--no-review",
                                         help="The critic reviews the committed plan.")] = True,
    pace: Annotated[float, typer.Option("--pace", help="Seconds between watch steps.")] = 0.0,
) -> None:
    """Work a hidden case step by step: every question and test has a price."""
    try:
        settings = Settings()
        model = _model(settings)
        session = _open(case, resume, mode, budget, settings, model)
    except (CaseInputError, UnknownSessionError, SessionError, PriceError,
            LLMConfigError) as error:
        raise fail(str(error)) from None
    except ValidationError as error:
        raise fail(f"settings: {error}") from None
    if as_json and session.state.mode != "watch":
        raise fail("--json runs without a terminal and needs --mode watch")
    try:
        if as_json:
            score = run_watch(session, _doctor(model), review=review, settings=settings)
            paths = session.store.paths(session.state.id) if session.store else {}
            typer.echo(json.dumps({
                "session_id": session.state.id, "case_id": session.case.id, "mode": "watch",
                "transcript": [e.model_dump() for e in session.state.events],
                "score": score.model_dump(),
                "saved": {k: str(v) for k, v in paths.items()}}, indent=1))
        elif session.state.mode == "watch":
            _run_watch_live(session, settings, review, pace, _doctor(model))
        elif session.state.mode == "doctor":
            _run_doctor(session, settings, review)
        else:
            _run_patient(session, settings, review)
    except _Leave:
        console.print(f"\nleft the session; it is saved. Resume with: consilium simulate "
                      f"--resume {session.state.id}", highlight=False)
        raise typer.Exit(code=0) from None
    except KeyboardInterrupt:
        console.print(f"\ninterrupted; the session is saved. Resume with: consilium simulate "
                      f"--resume {session.state.id}", highlight=False)
        raise typer.Exit(code=130) from None


