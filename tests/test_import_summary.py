"""What `workbench import` says when a whole file is refused, as against some of its records,
and --help that shows no value type for flags."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import write_jsonl
from workbench.cli import app

GOOD = {"question": "What is 2+2?", "answer": "4"}


def test_an_empty_file_is_a_rejected_file(cli, store: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    result = cli("import", empty)
    assert result.code == 1
    assert result.stderr.splitlines() == [
        f"file rejected: {empty}: the file holds no records (empty)",
        "the error is kept in the store: see it with `workbench errors --import 1`",
    ]
    kept = cli("errors", "--import", "1")
    assert kept.code == 0 and "the file holds no records" in kept.stdout


def test_files_refused_and_records_refused_are_told_apart(cli, store: Path, tmp_path: Path) -> None:
    odd = tmp_path / "notes.txt"
    odd.write_text("just some words\n", encoding="utf-8")
    mixed = write_jsonl(tmp_path / "mixed.jsonl", [GOOD, '{"question": "broken"'])
    result = cli("import", odd, mixed)
    assert result.code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"file rejected: {odd}: cannot tell the format")
    assert lines[1] == "1 record(s) rejected and kept in the store:"
    assert lines[2].startswith(f"  {mixed}: line 2: invalid JSON")
    assert lines[3] == "every error is kept in the store: see them all with `workbench errors`"
    assert "1 pair added" in result.stdout


def test_bad_records_alone_keep_the_record_message(cli, store: Path, tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "a.jsonl", [GOOD, {"question": "no answer"}])
    result = cli("import", src)
    assert result.code == 1 and "file rejected" not in result.stderr
    assert result.stderr.startswith("1 record(s) rejected and kept in the store:")


@pytest.mark.parametrize("command", [[], ["import"], ["dedup"], ["history"], ["export"]])
def test_help_shows_no_type_for_flags(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "--help" in result.output and "<bool>" not in result.output
    if command:
        assert "--json" in result.output
