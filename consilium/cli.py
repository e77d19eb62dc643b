"""The `consilium` command: the sub-commands of `consilium.commands`, each imported only when it
runs, so `consilium --version` and `consilium --help` load neither LangGraph, AG2 nor the
knowledge.

Exit codes: 0 approved (with or without warnings), 3 escalated, 2 input error.
"""

from __future__ import annotations

from importlib import import_module
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from consilium import __version__
from consilium.commands import COMMANDS


class LazyCommands(TyperGroup):
    """A command group that imports a sub-command's module only when that command is used;
    the help lists every command from its one-line help in `COMMANDS`, importing nothing."""

    _listing = False

    def list_commands(self, ctx: Any) -> list[str]:
        return [*super().list_commands(ctx), *COMMANDS]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        module_name, short_help = COMMANDS[cmd_name]
        if self._listing:
            return TyperCommand(cmd_name, help=short_help, short_help=short_help)
        command = typer.main.get_command(import_module(module_name).app)
        command.name = cmd_name
        return command

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


app = typer.Typer(
    name="consilium",
    cls=LazyCommands,
    help="A panel of clinical agents (triage, diagnostician, pharmacist, critic) works a case "
    "up to one consensus recommendation, behind a deterministic safety gate. Decision support "
    "for clinicians, not a diagnosis for patients.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"consilium {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """consilium — multi-agent clinical decision support."""


def run(*args: Any) -> None:  # pragma: no cover - the console script's entry point
    app(*args)
