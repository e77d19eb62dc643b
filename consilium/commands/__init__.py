"""One thin module per sub-command of `consilium`, loaded only when that command runs.

Each module holds `app`, a Typer app with its one command (or its group of commands): it
parses options, calls the work (`api`, `tools`, `evaluation`, ...) and leaves all output for
people to `consilium.render`; bad input goes through `_common.fail` (one line on stderr, exit 2).

To add a sub-command NAME: write `consilium/commands/NAME.py` with `app = typer.Typer()` and its
command, then add one line to `COMMANDS` below (the help line is shown by `consilium --help`
without importing the module).
"""

from __future__ import annotations

# name -> (module, one-line help). The order is the order `consilium --help` lists them in.
COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("consilium.commands.run", "Run one case through the full panel and show the "
            "consensus report."),
    "resume": ("consilium.commands.resume", "Continue a case paused for clinician sign-off "
               "(`run --review`)."),
    "cases": ("consilium.commands.cases", "List the bundled example cases."),
    "calc": ("consilium.commands.calc", "Clinical calculators, each with its published source."),
    "drugs": ("consilium.commands.drugs", "Medication safety: interactions, allergies, dosing "
              "and the drug lexicon."),
    "guidelines": ("consilium.commands.guidelines", "Search the guideline summaries, list them, "
                   "or index your own folder of guidelines."),
    "eval": ("consilium.commands.eval", "Run a published-data benchmark: eval NAME PATH."),
    "simulate": ("consilium.commands.simulate", "Work a hidden case step by step: every "
                 "question and test has a price."),
    "batch": ("consilium.commands.batch", "Run every case of a JSONL file through the panel; "
              "re-running resumes."),
    "report": ("consilium.commands.report", "Write report.md and report.html for one run, or "
               "two compared."),
    "worker": ("consilium.commands.worker", "Start a Celery worker that runs cases for "
               "`batch --backend celery`."),
    "serve": ("consilium.commands.serve", "Run the HTTP service (OpenAPI docs at /docs)."),
    "mcp": ("consilium.commands.mcp", "Serve the clinical tools over MCP (stdio, or --http)."),
    "keys": ("consilium.commands.keys", "API keys of the HTTP service (stored hashed in the "
             "state directory)."),
}
