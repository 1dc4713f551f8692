"""The headless shell: `workbench COMMAND`. Each command parses, calls storage/curate, renders."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from pathlib import Path

import click
import typer
from typer.core import TyperGroup, TyperOption

from workbench import __version__
from workbench.console import state

_option_type = TyperOption.display_type_rich


def _flag_type(self: TyperOption, ctx: click.Context) -> str | None:
    """Typer's rich help shows a value type for flags too (`--json <bool>`), though a flag takes
    no value (its plain help leaves it out): show none, as the plain help does."""
    return None if self.is_flag or self.count else _option_type(self, ctx)


TyperOption.display_type_rich = _flag_type  # type: ignore[method-assign]

# Every command and command group that a module of workbench/commands adds, with that module, in
# the order `--help` lists them. A command imports only its own module, so start-up stays short
# (tests/test_cli_lazy.py checks this list against what the modules register).
COMMANDS: dict[str, str] = {
    "analyze": "analyze",
    "undo": "decisions",
    "redo": "decisions",
    "history": "decisions",
    "dedup": "dedup",
    "clusters": "dedup",
    "export": "export",
    "flags": "flags",
    "check": "flags",
    "import": "imports",
    "errors": "imports",
    "info": "info",
    "stats": "stats",
    "gaps": "stats",
    "select": "stats",
    "train": "train",
    "eval": "train",
    "evalset": "flags",
    "models": "models",
    "subset": "subsets",
    "runs": "train",
}


class _LazyGroup(TyperGroup):
    """The top-level group: a command's module is imported when the command is looked up."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        _load(self, COMMANDS.values())
        return [*(name for name in self.commands if name not in COMMANDS), *COMMANDS]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            # An unknown name loads them all, so "did you mean" can suggest any command.
            known = cmd_name in COMMANDS
            _load(self, [COMMANDS[cmd_name]] if known else COMMANDS.values())
        return super().get_command(ctx, cmd_name)


def _load(group: TyperGroup, modules: Iterable[str]) -> None:
    """Import command modules (each adds its commands to `app`) and add what they registered."""
    for module in dict.fromkeys(modules):
        importlib.import_module(f"workbench.commands.{module}")
    for name, command in typer.main.get_command(app).commands.items():  # type: ignore[attr-defined]
        group.commands.setdefault(name, command)


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
    cls=_LazyGroup,
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
    no_mouse: bool = typer.Option(
        False, "--no-mouse", help="With no command: run the TUI without mouse support."
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Global options; with no command, open the review TUI on the store."""
    state.store = store
    if ctx.invoked_subcommand is None:
        _open_tui(None, no_mouse)


@app.command("open")
def open_cmd(
    store: Path | None = typer.Argument(
        None, help="The store to open (default: --store, $WORKBENCH_STORE, ./workbench.duckdb)."
    ),
    no_mouse: bool = typer.Option(False, "--no-mouse", help="Run without mouse support."),
    mode: str = typer.Option("browse", "--mode", help="Start in this mode (browse, clusters, …)."),
) -> None:
    """Open the review TUI: browse, decide, resolve duplicates, check flags, build subsets."""
    _open_tui(store, no_mouse, mode)


def _open_tui(store: Path | None, no_mouse: bool, mode: str = "browse") -> None:
    """Run the TUI; without a terminal (a pipe, CI) print the store summary instead."""
    import sys

    from storage.errors import WorkbenchError
    from workbench.console import fail

    if store is not None:
        state.store = store
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        from workbench.commands.info import show_summary

        show_summary()
        return
    from workbench.tui import run

    try:
        code, message = run(state.store_path, mouse=not no_mouse, mode=mode)
    except WorkbenchError as exc:
        raise fail(str(exc)) from None
    if message:
        raise fail(message, code or 1)
    if code:
        raise typer.Exit(code)


def main() -> None:
    """Console-script entry point."""
    app()
