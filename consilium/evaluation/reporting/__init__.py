"""`consilium report RUN_DIR [OTHER_RUN_DIR]`: Markdown and a self-contained HTML report.

Figures are recomputed from `results.jsonl` (so a report of an interrupted run is still right);
plots are inline SVG, so the HTML file needs nothing beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from consilium.core.errors import InputError
from consilium.evaluation.metrics import URGENCY_LEVELS, CaseOutcome, compute_metrics
from consilium.evaluation.reporting import svg
from consilium.evaluation.reporting.compare import compare_runs, primary_correct
from consilium.evaluation.reporting.plans import PLAN_HEADERS, PLAN_NOTE, plan_rows
from consilium.evaluation.reporting.render import to_html, to_markdown
from consilium.evaluation.store import RUN_FILE, read_json, read_results

__all__ = ["ReportInputError", "Run", "Section", "load_run", "write_reports"]


class ReportInputError(InputError, ValueError):
    """The directory is not a batch run (no results.jsonl) or cannot be read."""


@dataclass
class Run:
    name: str
    config: dict[str, Any]
    outcomes: list[CaseOutcome]
    metrics: dict[str, Any]

    @property
    def primary_accuracy(self) -> float | None:
        flags = [f for f in (primary_correct(o) for o in self.outcomes) if f is not None]
        return sum(flags) / len(flags) if flags else None


@dataclass
class Section:
    title: str
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)
    note: str = ""


def load_run(directory: Path) -> Run:
    if not (directory / "results.jsonl").is_file():
        raise ReportInputError(f"{directory} is not a batch run (no results.jsonl)")
    try:
        records = read_results(directory)
        run_file = directory / RUN_FILE
        config = read_json(run_file).get("config", {}) if run_file.exists() else {}
    except (OSError, ValueError) as exc:
        raise ReportInputError(f"{directory}: cannot read the run: {exc}") from None
    return Run(directory.name or str(directory), config, [CaseOutcome(r) for r in records],
               compute_metrics(records))


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def _with_ci(rate: dict[str, Any]) -> str:
    if rate["value"] is None:
        return "–"
    ci = rate["ci95"]
    return f"{rate['value']:.1%} ({ci[0]:.1%}–{ci[1]:.1%}, n={rate['n']})"


def overview(runs: list[Run]) -> Section:
    rows = []
    for run in runs:
        m = run.metrics
        dx, urgency, usage = m["diagnosis"], m["urgency"], m["usage"]
        rows.append([run.name, str(run.config.get("format", "?")),
                     str(run.config.get("model") or "knowledge engine"),
                     f"{m['cases']['total']} ({m['cases']['error']} errors)",
                     _with_ci(dx["top1"]), _with_ci(dx["top3"]), _with_ci(dx["top5"]),
                     _with_ci(urgency["accuracy"]), _pct(urgency["over_triage"]),
                     _pct(urgency["under_triage"]), _with_ci(m["mcq"]),
                     f"${usage['cost_usd']['total']:.4f}",
                     f"{usage['latency_s']['p50']:.2f} / {usage['latency_s']['p95']:.2f}"])
    headers = ["run", "format", "model", "cases", "top-1 (95% CI)", "top-3", "top-5",
               "urgency", "over-triage", "under-triage", "MCQ", "cost", "latency p50/p95 s"]
    note = ("Confidence intervals: seeded percentile bootstrap over cases. Errors count as "
            "wrong. MCQ: " + runs[0].metrics["mcq"]["method"] + ".")
    return Section("Overview", headers, rows, note=note)


def by_category(runs: list[Run]) -> Section:
    categories = sorted({c for r in runs for c in r.metrics["diagnosis"]["by_category"]})
    rows, series = [], {}
    for run in runs:
        table = run.metrics["diagnosis"]["by_category"]
        series[run.name] = [table.get(c, {}).get("top1", 0.0) for c in categories]
        rows += [[run.name, c, str(table[c]["n"]), _pct(table[c]["top1"]), _pct(table[c]["top3"])]
                 for c in categories if c in table]
    charts = [svg.bar_chart("Top-1 accuracy by category", categories, series)] if categories else []
    return Section("Diagnostic accuracy by category", ["run", "category", "n", "top-1", "top-3"],
                   rows, charts)


def urgency(runs: list[Run]) -> Section:
    rows, charts = [], []
    for run in runs:
        confusion = run.metrics["urgency"]["confusion"]
        counts = [[confusion[g][p] for p in URGENCY_LEVELS] for g in URGENCY_LEVELS]
        rows += [[run.name, g, *map(str, counts[i])] for i, g in enumerate(URGENCY_LEVELS)]
        if run.metrics["urgency"]["n"]:
            charts.append(svg.heatmap(f"Urgency: {run.name}", list(URGENCY_LEVELS), counts))
    return Section("Urgency (rows: gold, columns: predicted)",
                   ["run", "gold", *URGENCY_LEVELS], rows, charts)


def calibration(runs: list[Run]) -> Section:
    rows, series = [], {}
    for run in runs:
        bins = run.metrics["calibration"]
        series[run.name] = [(b["mean_probability"], b["accuracy"]) for b in bins]
        rows += [[run.name, f"{b['bin'][0]:.1f}–{b['bin'][1]:.1f}", str(b["n"]),
                  f"{b['mean_probability']:.2f}", _pct(b["accuracy"])] for b in bins]
    chart = svg.scatter("Calibration of the top-1 probability", "stated probability",
                        "observed top-1 accuracy", series, diagonal=True)
    return Section("Calibration of the differential", ["run", "bin", "n", "mean probability",
                                                       "top-1 accuracy"], rows, [chart],
                   note="The dashed line is perfect calibration.")


def cost_vs_accuracy(runs: list[Run]) -> Section:
    points = {r.name: [(r.metrics["usage"]["cost_usd"]["mean"], r.primary_accuracy or 0.0)]
              for r in runs}
    x_max = max((p[0][0] for p in points.values()), default=0.0) * 1.2 or 1.0
    rows = [[r.name, f"${r.metrics['usage']['cost_usd']['mean']:.5f}", _pct(r.primary_accuracy)]
            for r in runs]
    chart = svg.scatter("Cost against accuracy", "mean cost per case (USD)", "accuracy",
                        points, x_max=x_max)
    return Section("Cost against accuracy", ["run", "mean cost / case", "accuracy"], rows,
                   [chart], note="Accuracy: MCQ answer, else top-1 diagnosis, else urgency.")


def model_use_by_agent(runs: list[Run]) -> Section:
    rows = [[run.name, agent, f"{int(use['llm_calls'])}", f"{int(use['tokens'])}",
             f"${use['cost_usd']:.4f}"]
            for run in runs
            for agent, use in run.metrics["usage"].get("by_agent", {}).items()]
    return Section("Model use by agent", ["run", "agent", "LLM calls", "tokens", "cost"], rows,
                   note="Summed over the cases that completed; empty on the knowledge engine.")


def safety(runs: list[Run]) -> Section:
    rows = [[run.name, pair, str(count)] for run in runs
            for pair, count in sorted(run.metrics["safety"]["by_kind_severity"].items())]
    return Section("Safety findings by kind and severity", ["run", "kind/severity", "count"], rows)


def treatment_plans(directories: list[Path], runs: list[Run]) -> Section:
    rows = [row for directory, run in zip(directories, runs, strict=True)
            for row in plan_rows(run.name, read_results(directory))]
    return Section("Treatment plans", PLAN_HEADERS, rows, note=PLAN_NOTE)


def comparison(a: Run, b: Run) -> tuple[Section, dict[str, Any]]:
    result = compare_runs(a.outcomes, b.outcomes)
    rows = [[k.replace("_", " "), str(result[k])] for k in (
        "paired_cases", "both_right", "a_right_b_wrong", "a_wrong_b_right", "both_wrong")]
    rows += [["accuracy A / B", f"{_pct(result['accuracy_a'])} / {_pct(result['accuracy_b'])}"],
             ["McNemar exact p", f"{result['mcnemar_exact_p']:.4g}"],
             ["McNemar χ² (continuity-corrected)", f"{result['mcnemar_chi2_cc']:.3f}"]]
    note = (f"A = {a.name}, B = {b.name}; paired on the cases both runs scored "
            f"({result['question']}).")
    return Section("Paired comparison (McNemar)", ["", "value"], rows, note=note), result


def write_reports(run_dir: Path, other_dir: Path | None, out_dir: Path) -> dict[str, Any]:
    directories = [run_dir] + ([other_dir] if other_dir else [])
    runs = [load_run(directory) for directory in directories]
    sections = [overview(runs), by_category(runs), urgency(runs), calibration(runs),
                cost_vs_accuracy(runs), model_use_by_agent(runs), safety(runs),
                treatment_plans(directories, runs)]
    result: dict[str, Any] = {}
    if len(runs) == 2:
        section, result = comparison(runs[0], runs[1])
        sections.insert(1, section)
    title = "Batch evaluation: " + " vs ".join(r.name for r in runs)
    out_dir.mkdir(parents=True, exist_ok=True)
    markdown, html = out_dir / "report.md", out_dir / "report.html"
    markdown.write_text(to_markdown(title, sections), encoding="utf-8")
    html.write_text(to_html(title, sections), encoding="utf-8")
    return {"markdown": str(markdown), "html": str(html), "comparison": result or None}
