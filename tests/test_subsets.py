"""Subsets are frozen, hashed snapshots: versions change only when the members do."""

from __future__ import annotations

from pathlib import Path

from storage import decisions
from storage.db import open_store
from tests.conftest import write_jsonl


def _import(cli, tmp_path: Path, n: int = 6) -> None:
    src = write_jsonl(
        tmp_path / "p.jsonl",
        [
            {"question": f"Question number {i}?", "answer": f"answer {i}", "source_kind": "k"}
            for i in range(n)
        ],
    )
    assert cli("import", src).code == 0


def test_create_freeze_versions_and_show(cli, store: Path, tmp_path: Path) -> None:
    _import(cli, tmp_path)
    first = cli("subset", "create", "keep", "--where", "status <> 'rejected'", "--json").json()
    assert first["version"] == 1 and first["pairs"] == 6
    same = cli("subset", "freeze", "keep", "--json").json()
    assert same["created"] is False and same["version"] == 1
    with open_store(store) as con:
        decisions.record(
            con, "SELECT id FROM pairs WHERE answer IN ('answer 1', 'answer 2')", "reject"
        )
    second = cli("subset", "freeze", "keep", "--json").json()
    assert (
        second["version"] == 2 and second["pairs"] == 4 and second["ids_hash"] != first["ids_hash"]
    )
    shown = cli("subset", "show", "keep", "--json").json()
    assert shown["change"] == {"from_version": 1, "added": 0, "removed": 2}
    assert cli("subset", "show", "keep@1", "--json").json()["pairs"] == 6
    listed = cli("subset", "list", "--json").json()
    assert [(r["name"], r["version"], r["versions"]) for r in listed] == [("keep", 2, 2)]


def test_ids_file_combine_and_errors(cli, store: Path, tmp_path: Path) -> None:
    _import(cli, tmp_path)
    with open_store(store, read_only=True) as con:
        ids = [r[0] for r in con.execute("SELECT id FROM pairs ORDER BY seq").fetchall()]
    (tmp_path / "ids.txt").write_text("# picked\n" + "\n".join(ids[:3]) + "\n\n")
    assert cli("subset", "create", "a", "--ids", tmp_path / "ids.txt").code == 0
    assert cli("subset", "create", "b", "--where", "answer IN ('answer 2', 'answer 3')").code == 0
    assert cli("subset", "combine", "u", "a", "union", "b", "--json").json()["pairs"] == 4
    assert cli("subset", "combine", "i", "a", "intersect", "b", "--json").json()["pairs"] == 1
    assert cli("subset", "combine", "m", "a", "minus", "b", "--json").json()["pairs"] == 2

    bad_sql = cli("subset", "create", "c", "--where", "nosuchcolumn = 1")
    assert (
        bad_sql.code == 1 and "nosuchcolumn" in bad_sql.stderr and "Traceback" not in bad_sql.stderr
    )
    assert "without ';'" in cli("subset", "create", "c", "--where", "true; DROP TABLE pairs").stderr
    assert "no subset 'zzz'" in cli("subset", "show", "zzz").stderr
    (tmp_path / "bad.txt").write_text("deadbeef\n")
    assert "not in the store" in cli("subset", "create", "d", "--ids", tmp_path / "bad.txt").stderr
    assert "name" in cli("subset", "create", "bad@name", "--where", "true").stderr
    with open_store(store, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM pairs").fetchall() == [(6,)]
        assert con.execute("SELECT count(DISTINCT name) FROM subsets").fetchall() == [(5,)]
