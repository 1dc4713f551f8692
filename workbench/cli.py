"""The headless shell: `workbench COMMAND`. Each command parses, calls storage/curate, renders."""

from __future__ import annotations

from pathlib import Path

import typer

from workbench import __version__
from workbench.console import state

app = typer.Typer(
    name="workbench",
    help=(
        "Review LLM-generated QA and instruction pairs and curate a clean, diverse training subset.\n\n"
        "Start with `workbench import sample_data/pairs/`, then `workbench info`."
    ),
    no_args_is_help=False,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"workbench {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    store: Path | None = typer.Option(
        None,
        "--store",
        "-s",
        envvar="WORKBENCH_STORE",
        help="The DuckDB store file (default ./workbench.duckdb).",
        show_envvar=True,
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Global options; with no command, show the store."""
    state.store = store
    if ctx.invoked_subcommand is None:
        from workbench.commands.info import show_summary

        show_summary()


def _register() -> None:
    """Every module in workbench/commands adds its commands to `app` when imported."""
    import importlib
    import pkgutil

    from workbench import commands

    for module in pkgutil.iter_modules(commands.__path__):
        importlib.import_module(f"workbench.commands.{module.name}")


_register()


def main() -> None:
    """Console-script entry point."""
    app()
