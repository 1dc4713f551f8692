"""`workbench analyze`: stages that are not written yet are skipped, a summary fits one screen,
config and mistakes behave."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_jsonl
from workbench.curate import analyze as analyze_module

CONTEXT = "Paris is the capital of France and home to the Louvre."


@pytest.fixture
def imported(cli, tmp_path: Path) -> None:
    rows = [
        {"context": CONTEXT, "question": "What is the capital of France?", "answer": "Paris"},
        {"context": CONTEXT, "question": "Which museum is in Paris?", "answer": "the Prado"},
        {"context": CONTEXT, "question": "Capital?", "answer": "N/A"},
    ]
    assert cli("import", write_jsonl(tmp_path / "p.jsonl", rows)).code == 0


@pytest.fixture
def only_flags_and_ghost(monkeypatch: pytest.MonkeyPatch) -> None:
    """A registry with flags and a stage whose module does not exist yet."""
    for name in [n for n in analyze_module.STAGES if n != "flags"]:
        monkeypatch.delitem(analyze_module.STAGES, name)
    monkeypatch.setitem(analyze_module.STAGES, "ghost", "workbench.curate.no_such_stage:run")


def test_default_runs_available_stages_and_skips_missing(
    cli, imported, only_flags_and_ghost
) -> None:
    result = cli("analyze", "--json")
    assert result.code == 0, result.stderr
    data = result.json()
    assert list(data["stages"]) == ["flags"] and data["skipped"] == ["ghost"]
    assert data["stages"]["flags"]["processed"] == 3 and data["stages"]["flags"]["seconds"] >= 0
    by_code = {row["code"]: row["pairs"] for row in data["flags"]}
    assert by_code == {"answer_not_in_context": 1, "empty_field": 1, "junk_question": 1}
    assert data["clusters"] == []


def test_summary_screen(cli, imported, only_flags_and_ghost) -> None:
    result = cli("analyze", "--only", "flags,ghost")
    assert result.code == 0, result.stderr
    text = result.stdout
    assert "ghost" in text and "skipped (not available)" in text
    assert "flags by code" in text and "answer_not_in_context" in text and "empty_field" in text
    assert "no clusters" in text or "clusters by method" in text
    assert len(text.splitlines()) <= 24
    again = cli("analyze", "--only", "flags", "--json").json()
    assert again["stages"]["flags"]["processed"] == 0


def test_config_beside_the_store_and_explicit(cli, store: Path, imported, tmp_path: Path) -> None:
    (store.parent / "workbench.toml").write_text("[flags.answer_not_in_context]\nenabled = false\n")
    codes = {r["code"] for r in cli("analyze", "--only", "flags", "--json").json()["flags"]}
    assert "answer_not_in_context" not in codes
    other = tmp_path / "other.toml"
    other.write_text("[flags.empty_field]\nseverity = 'info'\n")
    rows = cli("analyze", "--only", "flags", "--config", other, "--json").json()["flags"]
    assert {"code": "empty_field", "severity": "info"}.items() <= next(
        r for r in rows if r["code"] == "empty_field"
    ).items()
    assert "answer_not_in_context" in {r["code"] for r in rows}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--only", "flgs"), "--only: unknown stage flgs"),
        (("--config", "missing.toml"), "config missing.toml"),
    ],
)
def test_mistakes_are_one_line(cli, imported, args, expected) -> None:
    result = cli("analyze", *args)
    assert result.code == 1 and expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_config_value_names_the_rule(cli, store: Path, imported) -> None:
    (store.parent / "workbench.toml").write_text("[flags.long_answer]\nmax_words = 'many'\n")
    result = cli("analyze", "--only", "flags")
    assert result.code == 1 and "[flags.long_answer]: 'max_words' must be int" in result.stderr


def test_no_store_is_a_clear_error(cli) -> None:
    result = cli("analyze", "--only", "flags")
    assert result.code == 1 and "error" in result.stderr
