"""The CLI imports a command's module only when that command runs, and still lists them all."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from workbench import commands
from workbench.cli import COMMANDS, app

ROOT = Path(__file__).resolve().parent.parent


def test_the_command_list_is_what_the_modules_register() -> None:
    """`COMMANDS` names every command and group the modules add, each with its own module."""
    for module in pkgutil.iter_modules(commands.__path__):
        importlib.import_module(f"workbench.commands.{module.name}")
    found = {info.name: info.callback.__module__ for info in app.registered_commands}
    for group in app.registered_groups:
        found[group.name] = group.typer_instance.registered_commands[0].callback.__module__
    found = {name: module.rsplit(".", 1)[1] for name, module in found.items()}
    assert found.pop("open") == "cli"
    assert found == COMMANDS


def test_help_lists_every_command_and_a_typo_gets_a_suggestion() -> None:
    result = CliRunner().invoke(app, ["--help"], terminal_width=200)
    assert result.exit_code == 0
    for name in ("open", *COMMANDS):
        assert f" {name} " in result.output
    typo = CliRunner().invoke(app, ["expor"])
    assert typo.exit_code == 2
    assert "Did you mean 'export'" in typo.output


def test_a_command_imports_only_its_own_module(tmp_path: Path) -> None:
    """`workbench import` loads neither the other commands nor the TUI, polars or torch."""
    script = (
        "import sys\n"
        "from workbench.cli import main\n"
        "sys.argv = ['workbench', '--store', sys.argv[1], 'import', sys.argv[2], '--json']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    data = tmp_path / "pairs.jsonl"
    data.write_text('{"question": "Why?", "answer": "Because.", "context": "So it is."}\n')
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "s.duckdb"), str(data)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = set(done.stdout.splitlines()[-1].split())
    assert "workbench.commands.imports" in loaded
    others = {f"workbench.commands.{m}" for m in set(COMMANDS.values()) - {"imports"}}
    assert not loaded & others
    assert not {m for m in loaded if m.split(".")[0] in ("textual", "polars", "torch")}
