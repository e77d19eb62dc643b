"""The consensus report and the live transcript lines, for people (programs read `--json`)."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from consilium.core.report import ConsensusReport, TranscriptEntry

AGENT_STYLES = {
    "intake": "cyan", "triage": "magenta", "diagnostician": "blue", "pharmacist": "green",
    "consensus": "white", "critic": "yellow", "clinician": "bold white",
}
SEVERITY_STYLES = {
    "contraindicated": "bold white on red", "major": "bold red", "moderate": "yellow",
    "minor": "dim", "info": "dim",
}
STATUS_STYLES = {
    "approved": "bold green", "approved_with_warnings": "bold yellow", "escalated": "bold red",
}


def render_entry(console: Console, entry: TranscriptEntry) -> None:
    """One live line per transcript entry: who did what."""
    style = AGENT_STYLES.get(entry.agent, "white")
    label = Text(f"{entry.agent:>13} ", style=style)
    if entry.kind == "tool_call":
        label.append(f"⚙ {entry.tool}", style="dim")
        if entry.duration_ms is not None:
            label.append(f" ({entry.duration_ms:.1f} ms)", style="dim")
    else:
        first, *rest = (entry.content or "").splitlines() or [""]
        label.append(("↻ " if entry.round else "") + first)
        for line in rest:
            label.append("\n" + " " * 14 + line, style="yellow" if entry.kind == "gate" else "")
    console.print(label)


def _triage_table(report: ConsensusReport) -> Table:
    table = Table(title="Triage", show_header=False, expand=True)
    triage = report.triage
    table.add_row("ESI", str(triage.esi))
    table.add_row("Urgency", triage.urgency.replace("_", "-"))
    table.add_row("Red flags", ", ".join(triage.red_flags) or "none")
    for score in triage.scores or [s for s in report.derived if s.id != "age_group"]:
        unit = f" {score.unit}" if score.unit else ""
        table.add_row(score.name, f"{score.value:g}{unit} {score.interpretation or ''}")
    table.add_row("Rationale", triage.rationale)
    return table


def _differential_table(report: ConsensusReport) -> Table:
    table = _table("Differential", ("#", "Diagnosis", "ICD-10", "P", "For", "Against"))
    for rank, item in enumerate(report.differential[:8], start=1):
        name = Text(item.diagnosis, style="bold red" if item.must_not_miss else "")
        if item.must_not_miss:
            name.append(" (must not miss)", style="red")
        table.add_row(str(rank), name, item.icd10 or "", f"{item.probability:.0%}",
                      ", ".join(item.supporting[:4]), ", ".join(item.against[:3]))
    return table


ACTION_STYLES = {"avoid": "bold red", "stop": "bold red", "start_if": "yellow",
                 "consider": "cyan"}


def _table(title: str, columns: tuple[str, ...]) -> Table:
    table = Table(title=title, expand=True)
    for column in columns:
        table.add_column(column)
    return table


def _medication_table(report: ConsensusReport) -> Table:
    table = _table("Medication plan (start if / consider: a suggestion, never an order)",
                   ("Action", "Drug", "Dose", "For", "Only if", "Rationale"))
    for item in report.medication_plan:
        dose = "\n".join(p for p in (item.dosage, item.dose_basis and f"({item.dose_basis})",
                                      item.timing) if p)
        table.add_row(Text(item.action.replace("_", " "), style=ACTION_STYLES.get(item.action, "")),
                      item.drug, dose, item.indication.label if item.indication else "none given",
                      "\n".join(item.conditions), item.rationale)
    return table


def _care_steps_table(report: ConsensusReport) -> Table:
    table = _table("Care steps", ("Kind", "Step", "Amount / timing", "Only if", "For"))
    for step in report.care_steps:
        amount = " ".join(p for p in (step.amount, step.amount_basis and f"({step.amount_basis})",
                                      step.timing) if p)
        table.add_row(step.kind, step.step, amount, "\n".join(step.conditions),
                      step.indication.label)
    return table


def _findings_table(report: ConsensusReport) -> Table:
    table = _table("Safety findings (worst first)", ("Severity", "Kind", "Items", "Finding",
                                                       "Source"))
    for finding in report.safety_findings:
        label = finding.severity + (f" ({finding.source_label})" if finding.source_label else "")
        message = finding.message + (f"\n→ {finding.management}" if finding.management else "")
        table.add_row(Text(label, style=SEVERITY_STYLES[finding.severity]), finding.kind,
                      ", ".join(finding.items), message, finding.source)
    return table


def render_report(console: Console, report: ConsensusReport) -> None:
    status = Text(report.status.upper().replace("_", " "), style=STATUS_STYLES[report.status])
    header = Text.assemble(
        status, f"  case {report.case_id}  ·  confidence {report.confidence.label} "
        f"({report.confidence.value:.0%})  ·  {report.rounds} revision round(s)",
    )
    console.print(Panel(Group(header, Text(report.disclaimer, style="italic dim")),
                        title="consilium consensus report"))
    console.print(_triage_table(report))
    if report.differential:
        console.print(_differential_table(report))
    if report.medication_plan:
        console.print(_medication_table(report))
    if report.care_steps:
        console.print(_care_steps_table(report))
    if report.safety_findings:
        console.print(_findings_table(report))
    console.print(Panel(report.recommendation, title="Recommendation",
                        border_style="red" if report.status == "escalated" else "green"))
    if report.citations:
        citations = Table(title="Citations", show_header=False, expand=True)
        for citation in report.citations:
            citations.add_row(citation.id, f"{citation.title} — {citation.body or ''} "
                              f"{citation.year or ''}")
        console.print(citations)
    usage = report.usage
    console.print(
        f"[dim]engine: {report.engine} · LLM calls {usage.llm_calls} · tokens {usage.tokens} · "
        f"cost ${usage.cost_usd:.4f} · {usage.wall_ms:.0f} ms · thread {report.thread_id}[/dim]"
    )
    if report.awaiting_review:
        console.print(
            f"[bold]Paused for clinician sign-off.[/bold] Continue with:\n  consilium resume "
            f"{report.thread_id} --decision approve|reject --note '...'"
        )
