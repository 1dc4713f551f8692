"""The basic loop works end to end through the real CLI and a real DuckDB file."""

from __future__ import annotations

from pathlib import Path

import duckdb

from tests.conftest import write_jsonl


def test_import_then_info(cli, store: Path, tmp_path: Path) -> None:
    src = write_jsonl(
        tmp_path / "a.jsonl",
        [
            {
                "context": "Paris is the capital of France.",
                "question": "Capital of France?",
                "answer": "Paris",
            },
            {
                "context": "Rome is the capital of Italy.",
                "question": "Capital of Italy?",
                "answer": "Rome",
            },
        ],
    )
    first = cli("import", src)
    assert first.code == 0, first.stderr
    again = cli("import", src, "--json")
    assert again.code == 0
    assert again.json()["added"] == 0 and again.json()["duplicates"] == 2
    info = cli("info", "--json").json()
    assert info["pairs"] == 2 and info["contexts"] == 2
    with duckdb.connect(str(store), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM pairs").fetchone()[0] == 2
