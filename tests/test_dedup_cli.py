"""`workbench dedup` and `workbench clusters` through the real CLI."""

from __future__ import annotations

from pathlib import Path

import duckdb

from storage.db import connect
from storage.decisions import undo
from tests.conftest import write_jsonl

CTX = "Apollo 11 lifted off from Kennedy Space Center on 16 July 1969 atop a Saturn V rocket."
RECORDS = [
    {
        "context": CTX,
        "question": "From which launch site did Apollo 11 lift off?",
        "answer": "Kennedy Space Center",
    },
    {
        "context": CTX,
        "question": "from which launch site did apollo 11 lift off",
        "answer": "Kennedy Space Center.",
    },
    {
        "context": CTX,
        "question": "From which lanuch site did Apollo 11 lift off?",
        "answer": "Kennedy Space Center",
    },
    {"context": CTX, "question": "What rocket carried Apollo 11?", "answer": "a Saturn V rocket"},
    {"context": CTX, "question": "On what date did Apollo 11 lift off?", "answer": "16 July 1969"},
]


def _store(cli, tmp_path: Path) -> None:
    assert cli("import", write_jsonl(tmp_path / "a.jsonl", RECORDS)).code == 0


def _statuses(store: Path) -> dict[str, str]:
    with duckdb.connect(str(store), read_only=True) as con:
        return dict(con.execute("SELECT question, status FROM current_pairs").fetchall())


def test_dedup_reports_clusters_and_runs_incrementally(cli, store, tmp_path) -> None:
    _store(cli, tmp_path)
    first = cli("dedup", "--json")
    assert first.code == 0, first.stderr
    data = first.json()
    assert data["stages"]["exact"]["processed"] == 5 and data["stages"]["near"]["processed"] == 5
    by_method = {row["method"]: row for row in data["clusters"]}
    assert by_method["exact_pair"]["pairs"] == 2 and by_method["near"]["pairs"] == 3
    again = cli("dedup", "--json").json()
    assert again["stages"]["near"]["processed"] == 0
    text = cli("dedup")
    assert text.code == 0 and "near" in text.stdout


def test_clusters_lists_members_and_pair_membership(cli, store, tmp_path) -> None:
    _store(cli, tmp_path)
    cli("dedup")
    rows = cli("clusters", "--method", "near", "--json").json()
    assert len(rows) == 1 and rows[0]["size"] == 3 and rows[0]["method"] == "near"
    members = cli("clusters", "--id", rows[0]["cluster_id"], "--json").json()
    assert members[0]["is_representative"] and members[0]["similarity"] == 1.0
    assert sorted(m["similarity"] for m in members)[0] < 1.0
    membership = cli("clusters", "--pair", members[1]["pair_id"], "--json").json()
    near = next(m for m in membership if m["method"] == "near")
    assert near["cluster_id"] == rows[0]["cluster_id"] and near["size"] == 3
    assert near["representative"] == members[0]["pair_id"]
    assert cli("clusters", "--method", "exact", "--json").code == 0
    missing = cli("clusters", "--id", "near:nope")
    assert missing.code == 1 and "no cluster" in missing.stderr


def test_apply_dry_run_writes_nothing_then_apply_is_undoable(cli, store, tmp_path) -> None:
    _store(cli, tmp_path)
    dry = cli("dedup", "--method", "near", "--apply", "default", "--dry-run", "--json")
    assert dry.code == 0, dry.stderr
    assert dry.json()["apply"]["methods"]["near"]["to_reject"] == 2
    assert set(_statuses(store).values()) == {"pending"}
    done = cli("dedup", "--method", "near", "--apply", "default", "--json").json()
    assert done["apply"]["methods"]["near"]["rejected"] == 2
    statuses = _statuses(store)
    assert sorted(statuses.values()).count("rejected") == 2
    assert statuses["From which launch site did Apollo 11 lift off?"] == "pending"
    with connect(store) as con:
        undo(con)
    assert set(_statuses(store).values()) == {"pending"}


def test_apply_never_overrides_an_accepted_pair(cli, store, tmp_path) -> None:
    _store(cli, tmp_path)
    with connect(store) as con:
        typo = con.execute("SELECT id FROM pairs WHERE question LIKE '%lanuch%'").fetchone()[0]
        from storage.decisions import record

        record(con, [typo], "accept")
    data = cli("dedup", "--method", "near", "--apply", "first", "--json").json()
    near = data["apply"]["methods"]["near"]
    assert near["rejected"] == 2  # the accepted pair is kept, the other two go
    assert _statuses(store)["From which lanuch site did Apollo 11 lift off?"] == "accepted"


def test_user_mistakes_are_one_red_line(cli, store, tmp_path) -> None:
    _store(cli, tmp_path)
    for args, needle in (
        (("dedup", "--method", "fuzzy"), "unknown fuzzy"),
        (("dedup", "--apply", "biggest"), "unknown term biggest"),
        (("dedup", "--dry-run"), "--dry-run goes with --apply"),
        (("dedup", "--field", "context"), "field 'context'"),
        (("dedup", "--threshold", "1.5"), "threshold"),
        (("clusters", "--method", "fuzzy"), "--method fuzzy"),
    ):
        result = cli(*args)
        assert result.code == 1, args
        assert needle in result.stderr and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) <= 2
