"""The flags stage is incremental and resumable: re-runs touch only new or edited pairs, and an
interrupted run (Ctrl+C or SIGKILL) leaves flags and analysis state in agreement."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from storage.db import open_store
from storage.decisions import record
from storage.ingest import import_paths
from tests.conftest import ROOT, write_jsonl
from workbench.curate.flags import run_rules
from workbench.curate.progress import Silent
from workbench.curate.rules.registry import builtin_rules

CONTEXT = "The Peace of Westphalia was signed in 1648 in Osnabrück and Münster by 109 delegations."
ANSWERS = ["1648", "N/A", "1748", "Based on the passage, 1648.", "Osnabrück", "jane@example.org"]


def make_pairs(tmp_path: Path, n: int = 60) -> Path:
    """n pairs over the same context, a mix of clean and flagged answers."""
    rows = [
        {
            "context": CONTEXT,
            "question": f"Question number {i}: when was the Peace of Westphalia signed?",
            "answer": ANSWERS[i % len(ANSWERS)],
        }
        for i in range(n)
    ]
    return write_jsonl(tmp_path / "pairs.jsonl", rows)


def processed(cli) -> int:
    result = cli("analyze", "--only", "flags", "--json")
    assert result.code == 0, result.stderr
    return result.json()["stages"]["flags"]["processed"]


def snapshot(store: Path) -> set[tuple[str, str, str]]:
    with duckdb.connect(str(store), read_only=True) as con:
        return set(con.execute("SELECT pair_id, code, message FROM flags").fetchall())


def agree(store: Path) -> tuple[int, int]:
    """(flags on pairs with no state, pairs with state); the first must be 0."""
    with duckdb.connect(str(store), read_only=True) as con:
        orphans = con.execute(
            "SELECT count(*) FROM flags f WHERE NOT EXISTS (SELECT 1 FROM analysis_state s "
            "WHERE s.pair_id = f.pair_id AND s.stage = 'flags')"
        ).fetchone()[0]
        done = con.execute("SELECT count(*) FROM analysis_state WHERE stage = 'flags'").fetchone()[
            0
        ]
    return orphans, done


def test_rerun_processes_nothing_and_an_edit_one_pair(cli, store: Path, tmp_path: Path) -> None:
    assert cli("import", make_pairs(tmp_path)).code == 0
    assert processed(cli) == 60
    before = snapshot(store)
    assert processed(cli) == 0
    assert snapshot(store) == before
    with open_store(store) as con:
        pair_id = con.execute(
            "SELECT id FROM current_pairs WHERE answer = '1648' ORDER BY seq LIMIT 1"
        ).fetchone()[0]
        record(con, [pair_id], "edit", {"answer": "N/A"})
    assert processed(cli) == 1
    after = snapshot(store)
    assert {(p, c) for p, c, _ in after - before} == {(pair_id, "empty_field")}
    assert processed(cli) == 0


def test_new_pairs_and_changed_thresholds(cli, store: Path, tmp_path: Path) -> None:
    assert cli("import", make_pairs(tmp_path, 30)).code == 0
    assert processed(cli) == 30
    extra = write_jsonl(
        tmp_path / "more.jsonl",
        [{"context": CONTEXT, "question": "Who signed it, in 1648?", "answer": "the delegations"}],
    )
    assert cli("import", extra).code == 0
    assert processed(cli) == 1
    config = tmp_path / "strict.toml"
    config.write_text("[flags.long_answer]\nmax_words = 2\n", encoding="utf-8")
    result = cli("analyze", "--only", "flags", "--config", config, "--json")
    assert result.json()["stages"]["flags"]["processed"] == 31  # a new threshold re-checks all
    codes = {c for _, c, _ in snapshot(store)}
    assert "long_answer" in codes


def test_interrupt_keeps_state_and_flags_in_step(cli, store: Path, tmp_path: Path) -> None:
    assert cli("import", make_pairs(tmp_path)).code == 0
    rules = builtin_rules({})
    calls = {"n": 0}
    victim = rules[0]
    original = victim.check

    def flaky(frame):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return original(frame)

    victim.check = flaky
    with open_store(store) as con, pytest.raises(KeyboardInterrupt):
        run_rules(con, rules, Silent(), batch_size=10)
    orphans, done = agree(store)
    assert orphans == 0 and done == 20  # two committed batches, the third rolled back
    victim.check = original
    with open_store(store) as con:
        report = run_rules(con, rules, Silent(), batch_size=10)
    assert report["processed"] == 40
    assert agree(store) == (0, 60)
    fresh = tmp_path / "fresh.duckdb"
    with open_store(fresh, create=True) as con:
        import_paths(con, [make_pairs(tmp_path)])
        run_rules(con, builtin_rules({}), Silent())
    resumed = snapshot(store)
    assert resumed == snapshot(fresh)
    assert {c for _, c, _ in resumed} >= {"empty_field", "answer_not_in_context", "pii"}


_CHILD = textwrap.dedent(
    """
    import sys, time
    from storage.db import open_store
    from workbench.curate.flags import run_rules
    from workbench.curate.rules.registry import builtin_rules

    class Ticker:
        def start(self, label, total):
            pass
        def advance(self, amount):
            print("batch", flush=True)
            time.sleep(0.3)

    with open_store(sys.argv[1]) as con:
        run_rules(con, builtin_rules({}), Ticker(), batch_size=5)
    """
)


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_sigkill_mid_run_then_resume(cli, store: Path, tmp_path: Path) -> None:
    assert cli("import", make_pairs(tmp_path)).code == 0
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(store)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    for _ in range(3):
        assert child.stdout.readline().strip() == "batch"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    orphans, done = agree(store)
    assert orphans == 0 and 15 <= done < 60
    left = processed(cli)
    assert left == 60 - done
    assert agree(store) == (0, 60)


def test_fast_pending_agrees_with_the_analysis_state(cli, store: Path, tmp_path: Path) -> None:
    """storage.flags.pending_pairs must find exactly what storage.analysis.pending_count finds."""
    from storage.analysis import pending_count, pending_table
    from storage.decisions import undo
    from storage.flags import pending_pairs

    assert cli("import", make_pairs(tmp_path, 12)).code == 0
    assert processed(cli) == 12

    def both(con, config: str) -> tuple[set[str], set[str]]:
        table = pending_table("flags")
        pending_count(con, "flags", config)
        slow = {r[0] for r in con.execute(f"SELECT id FROM {table}").fetchall()}
        pending_pairs(con, "flags", config)
        fast = {r[0] for r in con.execute(f"SELECT id FROM {table}").fetchall()}
        return slow, fast

    with open_store(store) as con:
        config = con.execute("SELECT any_value(config) FROM analysis_state").fetchone()[0]
        ids = [r[0] for r in con.execute("SELECT id FROM pairs ORDER BY seq LIMIT 3").fetchall()]
        assert both(con, config) == (set(), set())
        record(con, ids[:2], "edit", {"answer": "edited"})
        record(con, [ids[2]], "accept")
        slow, fast = both(con, config)
        assert slow == fast == set(ids[:2])
        undo(con)  # the accept
        undo(con)  # the edit: the text is back to what the stage saw
        assert both(con, config) == (set(), set())
        slow, fast = both(con, "another-config")
        assert slow == fast and len(fast) == 12


def _trusted_mark(store: Path) -> tuple[int, int] | None:
    """The flags stage's mark, when the next run will use it."""
    from storage.analysis import read_mark

    with duckdb.connect(str(store), read_only=True) as con:
        row = con.execute("SELECT config FROM analysis_marks WHERE stage = 'flags'").fetchone()
        return None if row is None else read_mark(con, "flags", row[0])


def _full_run_flags(tmp_path: Path, store: Path) -> set[tuple[str, str, str]]:
    """The flags a run from scratch writes on a copy of the store (state, marks, flags gone)."""
    fresh = tmp_path / "full.duckdb"
    fresh.write_bytes(store.read_bytes())
    with open_store(fresh) as con:
        for table in ("analysis_state", "analysis_marks"):
            con.execute(f"DELETE FROM {table} WHERE stage LIKE 'flags%'")
        con.execute("DELETE FROM flags")
        run_rules(con, builtin_rules({}), Silent())
    return snapshot(fresh)


def test_the_mark_finds_new_and_edited_pairs(cli, store: Path, tmp_path: Path) -> None:
    assert cli("import", make_pairs(tmp_path, 30)).code == 0
    assert processed(cli) == 30
    assert _trusted_mark(store) is not None
    more = [
        {"context": CONTEXT, "question": f"Late question {i} about 1648?", "answer": a}
        for i, a in enumerate(["1648", "N/A", "x@example.com", "Osnabrück", "1748"])
    ]
    assert cli("import", write_jsonl(tmp_path / "more.jsonl", more)).code == 0
    assert processed(cli) == 5
    with open_store(store) as con:
        pair_id = con.execute(
            "SELECT id FROM current_pairs WHERE answer = '1648' ORDER BY seq LIMIT 1"
        ).fetchone()[0]
        record(con, [pair_id], "edit", {"answer": "N/A"})
    assert _trusted_mark(store) is not None
    assert processed(cli) == 1
    assert (pair_id, "empty_field") in {(p, c) for p, c, _ in snapshot(store)}
    assert processed(cli) == 0
    with duckdb.connect(str(store), read_only=True) as con:
        rows, pairs = con.execute(
            "SELECT count(*), count(DISTINCT pair_id) FROM analysis_state WHERE stage = 'flags'"
        ).fetchone()
    assert rows == pairs == 35
    assert snapshot(store) == _full_run_flags(tmp_path, store)


def test_a_stale_mark_is_not_trusted(cli, store: Path, tmp_path: Path) -> None:
    assert cli("import", make_pairs(tmp_path, 20)).code == 0
    assert processed(cli) == 20
    with open_store(store) as con:
        con.execute(
            "DELETE FROM analysis_state WHERE stage = 'flags' "
            "AND pair_id IN (SELECT id FROM pairs ORDER BY seq LIMIT 3)"
        )
    assert _trusted_mark(store) is None
    assert processed(cli) == 3
    assert _trusted_mark(store) is not None
    assert processed(cli) == 0
    config = tmp_path / "strict.toml"
    config.write_text("[flags.long_answer]\nmax_words = 2\n", encoding="utf-8")
    result = cli("analyze", "--only", "flags", "--config", config, "--json")
    assert result.json()["stages"]["flags"]["processed"] == 20
    assert processed(cli) == 20  # back to the default config: its mark was replaced


def test_marked_pending_agrees_with_the_analysis_state(cli, store: Path, tmp_path: Path) -> None:
    """With a mark, the pending pairs are still exactly those `pending_count` finds."""
    from storage.analysis import pending_count, pending_table
    from storage.flags import pending_pairs

    assert cli("import", make_pairs(tmp_path, 12)).code == 0
    assert processed(cli) == 12
    with open_store(store) as con:
        config = con.execute("SELECT config FROM analysis_marks WHERE stage = 'flags'").fetchone()
        ids = [r[0] for r in con.execute("SELECT id FROM pairs ORDER BY seq").fetchall()]
        record(con, [ids[0]], "edit", {"answer": "edited"})
        record(con, [ids[1]], "edit", {"answer": "x"})
        record(con, [ids[1]], "edit", {"answer": ANSWERS[1]})  # back to the text it was seen with
    assert (
        cli("import", write_jsonl(tmp_path / "b.jsonl", [{"question": "q?", "answer": "a"}])).code
        == 0
    )
    table = pending_table("flags")
    with open_store(store) as con:
        pending_count(con, "flags", config[0])
        slow = {r[0] for r in con.execute(f"SELECT id FROM {table}").fetchall()}
        assert pending_pairs(con, "flags", config[0]) == len(slow)
        fast = {r[0] for r in con.execute(f"SELECT id FROM {table}").fetchall()}
    assert fast == slow and ids[0] in fast and ids[1] not in fast and len(fast) == 2
