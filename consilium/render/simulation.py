"""All Rich rendering of a simulation: the transcript, the side panels, the score, the help."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Group, RenderableType
from rich.live import Live
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from consilium.render.console import stdout
from consilium.simulations.models import Score, SessionEvent
from consilium.simulations.panel import PanelAdvice
from consilium.simulations.session import Session

TRANSCRIPT_LINES = 14
ROLE_STYLES = {"doctor": "bold cyan", "panel": "bold cyan", "patient": "bold green",
               "examiner": "bold magenta", "critic": "bold yellow", "system": "dim"}

SLASH_COMMANDS = {
    "/ask": "ask the patient a question (plain text is a question too)",
    "/exam": "examine something, e.g. /exam abdomen",
    "/order": "order a test, e.g. /order chest x-ray",
    "/consult": "ask the panel for its differential and next steps (free)",
    "/commit": "commit a diagnosis and plan: /commit DIAGNOSIS ; PLAN",
    "/status": "redraw the transcript, differential and spend",
    "/prices": "show the price list",
    "/help": "show this help",
    "/quit": "save and leave (resume later with --resume ID)",
}
PATIENT_MODE_COMMANDS = ("/status", "/help", "/quit")


def event_line(event: SessionEvent) -> Text:
    style = ROLE_STYLES.get(event.role, "")
    line = Text.assemble((f"{event.role:>8} ", style))
    line.append(event.text)
    if event.cost_usd:
        line.append(f"  [{event.cost_usd:.0f} USD]", style="dim")
    if event.assumed:
        line.stylize("italic", len(event.role) + 2)
    return line


def transcript_panel(session: Session, lines: int = TRANSCRIPT_LINES) -> Panel:
    events = [e for e in session.state.events if e.kind != "score"][-lines:]
    return Panel(Group(*(event_line(e) for e in events)) if events else Text("(empty)"),
                 title=f"Transcript: {escape(session.case.title or session.case.id)}",
                 border_style="blue")


def differential_panel(advice: PanelAdvice) -> Panel:
    table = Table.grid(padding=(0, 1))
    table.add_column(justify="right")
    table.add_column()
    for name, probability in advice.differential:
        table.add_row(f"{probability:.0%}", escape(name))
    body: RenderableType = table if advice.differential else Text("no candidate yet", "dim")
    return Panel(body, title="Differential", border_style="green")


def spend_panel(session: Session) -> Panel:
    state = session.state
    counts = {k: sum(1 for e in state.events if e.kind == k) for k in ("question", "exam", "test")}
    table = Table.grid(padding=(0, 1))
    table.add_column()
    table.add_column(justify="right")
    table.add_row("spent", f"{state.spent_usd:.0f} USD")
    if state.budget_usd is not None:
        table.add_row("budget", f"{state.budget_usd:.0f} USD")
        table.add_row("left", f"{session.remaining_usd or 0:.0f} USD")
    table.add_row("questions", str(counts["question"]))
    table.add_row("exams", str(counts["exam"]))
    table.add_row("tests", str(counts["test"]))
    return Panel(table, title="Spend", border_style="yellow")


def screen(session: Session, advice: PanelAdvice) -> Table:
    """The transcript on the left; the differential and the spend on the right."""
    layout = Table.grid(expand=True, padding=(0, 1))
    layout.add_column(ratio=3)
    layout.add_column(ratio=1, min_width=30)
    layout.add_row(transcript_panel(session), Group(differential_panel(advice),
                                                    spend_panel(session)))
    return layout


def advice_panel(advice: PanelAdvice) -> Panel:
    lines = [Text(advice.rationale, "dim")]
    if advice.working_diagnosis:
        lines.append(Text(f"working diagnosis: {advice.working_diagnosis}", "bold"))
    for action in advice.suggestions:
        verb = {"ask": "ask", "examine": "/exam", "order": "/order"}.get(action.kind, action.kind)
        lines.append(Text(f"  {verb} {action.text}  ({action.why})"))
    if not advice.suggestions:
        lines.append(Text("  nothing informative left to ask: consider committing"))
    return Panel(Group(*lines), title="The panel suggests", border_style="cyan")


def score_panel(score: Score, session_id: str) -> Panel:
    verdict = {True: ("correct", "bold green"), False: ("incorrect", "bold red"),
               None: ("not scored (no gold diagnosis)", "dim")}[score.correct]
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    table.add_row("diagnosis", Text(score.committed or "none"))
    table.add_row("gold", Text(score.gold or "none"))
    table.add_row("verdict", Text(verdict[0], verdict[1]))
    table.add_row("questions", str(score.questions))
    table.add_row("examinations", str(score.examinations))
    table.add_row("tests", str(score.tests))
    budget = f" of {score.budget_usd:.0f}" if score.budget_usd is not None else ""
    table.add_row("cost", f"{score.cost_usd:.0f}{budget} USD")
    table.add_row("time", f"{score.seconds:.1f} s")
    table.add_row("revealed", f"{score.facts_revealed} of {score.facts_total} facts")
    return Panel(table, title=f"Score: session {session_id}", border_style="magenta")


def help_panel(patient_mode: bool = False) -> Panel:
    table = Table.grid(padding=(0, 2))
    for name, text in SLASH_COMMANDS.items():
        if not patient_mode or name in PATIENT_MODE_COMMANDS:
            table.add_row(Text(name, "bold"), text)
    intro = ("Answer the panel's questions as the patient would; an empty answer means "
             "'I don't know'." if patient_mode else
             "Type a question for the patient, or a command:")
    return Panel(Group(Text(intro), table), title="Help", border_style="blue")


def prices_table(session: Session) -> Table:
    prices = session.prices
    table = Table(title=f"Prices ({prices.source})")
    table.add_column("step")
    table.add_column("USD", justify="right")
    table.add_column("basis")
    table.add_row("question", f"{prices.question.usd:.0f}", prices.question.basis)
    table.add_row("examination", f"{prices.examination.usd:.0f}", prices.examination.basis)
    for entry in prices.tests:
        table.add_row(entry.name, f"{entry.usd:.0f}", entry.basis)
    table.add_row("other test", f"{prices.default_test.usd:.0f}", prices.default_test.basis)
    return table


@contextmanager
def live_screen(render: Callable[[], RenderableType]) -> Iterator[Callable[[], None]]:
    """A screen redrawn in place; yields the function that redraws it."""
    with Live(render(), console=stdout(), auto_refresh=False) as live:
        yield lambda: live.update(render(), refresh=True)


@contextmanager
def status(message: str) -> Iterator[None]:
    """A spinner with a message while something slow runs."""
    with stdout().status(message):
        yield
