"""Flat JSON Lines take a fast path; it must store exactly what the general path stores.

The same records are imported once as JSON Lines (fast path) and once as a JSON array (general
path, one record at a time through the shape code), and the two stores are compared column by
column. Ids computed in Python are checked against the SQL macros that define them.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from tests.conftest import write_jsonl
from workbench.cli import app

# Characters that make normalisation interesting: every kind of whitespace wb_norm does and
# does not collapse, non-ASCII letters with and without NFC forms, and control characters.
_TRICKY = [" ", "  ", "\t", "\n", "\r", "\x0b", "\x0c", "\xa0", "\u3000", "\u2028", "e\u0301", "é"]
_TRICKY += ["ß", "Ω", "\x1f", "\x7f", "日本", "😀", '"', "\\", "a", "b", "c", "Paris", "?"]


def _text(rng: random.Random, n: int) -> str:
    """Mostly plain ASCII words (ids computed in Python), else text with tricky characters."""
    if rng.random() < 0.8:
        words = " ".join(rng.choice(["x", "yy", "Paris", "is", "?"]) for _ in range(n // 3 + 1))
        return rng.choice(["", " "]) + words + rng.choice(["", " "])
    return "".join(
        rng.choice(_TRICKY) if rng.random() < 0.3 else rng.choice("xyz ") for _ in range(n)
    )


def tricky_records(seed: int = 3, n: int = 300) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    contexts = [_text(rng, rng.randint(0, 60)) for _ in range(25)] + [None, "", "   "]
    records: list[dict[str, Any]] = []
    for i in range(n):
        rec: dict[str, Any] = {
            "question": f"{i} " + _text(rng, rng.randint(0, 20)),
            "answer": _text(rng, rng.randint(1, 12)) + f" {i}",
        }
        context = rng.choice(contexts)
        if context is not None or rng.random() < 0.5:
            rec["context"] = context
        roll = rng.random()
        if roll < 0.1:
            rec["answer"] = i  # a number: general path only
        elif roll < 0.15:
            rec["answerable"] = False
        elif roll < 0.2:
            rec["meta"] = {"nested": i}
        elif roll < 0.25:
            rec["kind"] = rng.choice(["chat", "weird", "qa"])
        elif roll < 0.3:
            rec["question"] = "   " if i % 2 else None  # blank goes in, null is refused
        if rng.random() < 0.5:
            rec["doc_id"] = rng.choice(["d1", "", 7, None])
            rec["chunk_id"] = rng.choice([0, 3, "c2", ""])
        rec["model"] = rng.choice(["m1", "m2"])
        if rng.random() < 0.3:
            rec["extra"] = {"t": rng.random(), "tags": ["x", _text(rng, 3)]}
        records.append(rec)
    return records


def import_into(store: Path, src: Path) -> int:
    result = CliRunner().invoke(app, ["--store", str(store), "import", str(src), "--source", "s"])
    return result.exit_code


def dump(store: Path) -> dict[str, list[tuple[Any, ...]]]:
    with duckdb.connect(str(store), read_only=True) as con:
        return {
            "pairs": con.execute(
                "SELECT id, context_id, question, answer, answerable, kind, meta "
                "FROM pairs ORDER BY seq"
            ).fetchall(),
            "contexts": con.execute("SELECT * FROM contexts ORDER BY context_id").fetchall(),
            "errors": con.execute(
                "SELECT line, field, message, raw FROM import_errors ORDER BY line, message"
            ).fetchall(),
            "ids": con.execute(
                "SELECT p.id = wb_pair_id(c.text, p.question, p.answer), "
                "p.context_id IS NOT DISTINCT FROM wb_context_id(c.text), p.question, p.answer, c.text "
                "FROM pairs p LEFT JOIN contexts c USING (context_id)"
            ).fetchall(),
        }


def test_fast_path_ids_match_the_sql_macros(tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    assert import_into(store, write_jsonl(tmp_path / "t.jsonl", tricky_records())) == 1
    got = dump(store)
    assert len(got["pairs"]) > 150
    wrong = [row for row in got["ids"] if not (row[0] and row[1])]
    assert wrong == []


def test_fast_path_stores_what_the_general_path_stores(tmp_path: Path) -> None:
    records = tricky_records()
    fast, general = tmp_path / "fast.duckdb", tmp_path / "general.duckdb"
    assert import_into(fast, write_jsonl(tmp_path / "t.jsonl", records)) == 1
    array = tmp_path / "t.json"
    array.write_text("[\n" + ",\n".join(json.dumps(r) for r in records) + "\n]\n")
    assert import_into(general, array) == 1
    a, b = dump(fast), dump(general)
    # Same pairs in the same order (seq values differ: JSON Lines number pairs by line).
    assert a["pairs"] == b["pairs"]
    assert a["contexts"] == b["contexts"]
    # Same refusals; the array reports each element's line, which here is its index + 2.
    assert [(f, m) for _, f, m, _ in a["errors"]] == [(f, m) for _, f, m, _ in b["errors"]]
    assert [json.loads(r) for *_, r in a["errors"]] == [json.loads(r) for *_, r in b["errors"]]


def mixed_records(n: int, broken_every: int) -> list[Any]:
    """Fast lines, lines the fast path hands over (a number answer) and bad JSON, interleaved."""
    records: list[Any] = []
    for i in range(n):
        if i % broken_every == 7:
            records.append("{broken")
        elif i % 10 == 3:
            records.append({"question": f"Q{i}?", "answer": i, "context": "C"})
        else:
            records.append({"question": f"Q{i}?", "answer": f"A{i}", "context": f"C{i // 20}"})
    return records


def import_in_small_batches(store: Path, src: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """Import with batches of 16 rows, so a small file crosses many batch boundaries."""
    import storage.ingest as ingest

    monkeypatch.setattr(ingest, "BATCH", 16)
    return import_into(store, src)


def test_general_path_rows_inside_a_fast_file_keep_order_and_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lines the fast path hands over (numbers, flags, bad JSON) interleave with fast ones across
    several batches; pairs keep file order and line numbers stay true."""
    src = write_jsonl(tmp_path / "mixed.jsonl", mixed_records(250, broken_every=50))
    store = tmp_path / "s.duckdb"
    assert import_in_small_batches(store, src, monkeypatch) == 1
    with duckdb.connect(str(store), read_only=True) as con:
        questions = [
            q for (q,) in con.execute("SELECT question FROM pairs ORDER BY seq").fetchall()
        ]
        lines = [
            n for (n,) in con.execute("SELECT line FROM import_errors ORDER BY line").fetchall()
        ]
        contexts = con.execute("SELECT count(*) FROM contexts").fetchone()[0]
    assert questions == [f"Q{i}?" for i in range(250) if i % 50 != 7]
    assert lines == [i + 1 for i in range(250) if i % 50 == 7]
    assert contexts == 14


def test_duplicates_inside_one_file_keep_the_first(tmp_path: Path) -> None:
    """Repeats are found whether their ids come from Python (plain ASCII) or from SQL
    (whitespace to collapse, non-ASCII), and the first one read is the one kept."""
    records = [
        {"context": "C", "question": "Capital?", "answer": "Paris", "n": 1},
        {"context": "C", "question": "Capital? ", "answer": "Paris", "n": 2},
        {"context": "C", "question": "Capital?\t", "answer": "Paris", "n": 3},
        {"context": "C", "question": "Café?", "answer": "Oui", "n": 4},
        {"context": "C", "question": "Cafe\u0301?", "answer": "Oui", "n": 5},
        {"context": " C\n", "question": "Capital?", "answer": "Paris", "n": 6},
        {"context": "C", "question": "Other?", "answer": "x", "n": 7},
    ]
    store = tmp_path / "s.duckdb"
    result = CliRunner().invoke(
        app,
        [
            "--store",
            str(store),
            "import",
            str(write_jsonl(tmp_path / "d.jsonl", records)),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["added"], summary["duplicates"]) == (3, 4)
    with duckdb.connect(str(store), read_only=True) as con:
        kept = con.execute("SELECT meta->>'n' FROM pairs ORDER BY seq").fetchall()
        assert [int(n) for (n,) in kept] == [1, 4, 7]
        assert con.execute("SELECT count(*) FROM contexts").fetchone()[0] == 1


@pytest.fixture(params=["c-scan", "python-scan"], autouse=True)
def native(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Every test here runs with the C scanner and with the Python scan."""
    from storage.formats import flatjsonl

    native = request.param == "c-scan"
    if native and not flatjsonl.NATIVE:
        pytest.skip("the C scanner is not built (no C compiler at install)")
    monkeypatch.setattr(flatjsonl, "NATIVE", native)
    return native


@pytest.fixture
def parallel(native: bool, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Send even a small file through three worker processes and six byte ranges; the list
    collects how many ranges each parallel import used."""
    import storage.ingest as ingest
    from storage.formats import flatjsonl

    monkeypatch.setattr(ingest, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(ingest.os, "cpu_count", lambda: 3)
    monkeypatch.setattr(ingest, "RANGES_PER_WORKER", 2)
    used: list[int] = []
    start = flatjsonl.Workers.__init__

    def spy(self, path, ranges, spec, out, processes) -> None:  # type: ignore[no-untyped-def]
        assert spec.native is native
        used.append(len(ranges))
        start(self, path, ranges, spec, out, processes)

    monkeypatch.setattr(flatjsonl.Workers, "__init__", spy)
    return used


def test_worker_processes_store_what_the_general_path_stores(tmp_path: Path, parallel) -> None:
    """Six ranges parsed in three processes: same pairs in the same order, same contexts,
    and the same errors at the same (file-wide) line numbers as one process reading it all."""
    records = tricky_records()
    src = write_jsonl(tmp_path / "t.jsonl", records)
    fast, general = tmp_path / "fast.duckdb", tmp_path / "general.duckdb"
    assert import_into(fast, src) == 1
    array = tmp_path / "t.json"
    array.write_text("[\n" + ",\n".join(json.dumps(r) for r in records) + "\n]\n")
    assert import_into(general, array) == 1
    a, b = dump(fast), dump(general)
    assert a["pairs"] == b["pairs"]
    assert a["contexts"] == b["contexts"]
    assert [(line, f, m) for line, f, m, _ in a["errors"]] == [
        (line - 1, f, m) for line, f, m, _ in b["errors"]
    ]
    assert all(row[0] and row[1] for row in a["ids"])
    assert parallel == [6]
    assert not Path(str(fast) + ".import").exists()


def test_worker_ranges_keep_order_lines_and_first_duplicates(
    tmp_path: Path, parallel, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = mixed_records(300, broken_every=60)
    # Repeats of early pairs near the end, in another worker's range: the early ones stay.
    records += [{**records[1], "late": True}, {**records[2], "late": True}]
    src = write_jsonl(tmp_path / "mixed.jsonl", records)
    store = tmp_path / "s.duckdb"
    assert import_in_small_batches(store, src, monkeypatch) == 1
    with duckdb.connect(str(store), read_only=True) as con:
        rows = con.execute("SELECT question, meta FROM pairs ORDER BY seq").fetchall()
        lines = [
            n for (n,) in con.execute("SELECT line FROM import_errors ORDER BY line").fetchall()
        ]
        counts = con.execute("SELECT records, added, duplicates, errors FROM imports").fetchone()
    assert [q for q, _ in rows] == [f"Q{i}?" for i in range(300) if i % 60 != 7]
    assert not any("late" in (meta or "") for _, meta in rows)
    assert lines == [i + 1 for i in range(300) if i % 60 == 7]
    assert counts == (302, 295, 2, 5)
    assert parallel == [6]


def test_worker_ranges_with_every_id_known_store_what_the_general_path_stores(
    tmp_path: Path, parallel, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Plain ASCII text, so the workers compute every id and their pairs go in without SQL
    recomputing anything: same pairs, contexts (with doc ids) and ids as the general path."""
    import storage.ingest as ingest

    exact: list[bool] = []
    load = ingest._FileImport._load_range

    def spy(self, result, line_base, is_exact):  # type: ignore[no-untyped-def]
        exact.append(is_exact)
        load(self, result, line_base, is_exact)

    monkeypatch.setattr(ingest._FileImport, "_load_range", spy)
    records: list[dict[str, Any]] = []
    for i in range(120):
        record = {"question": f"Q {i % 50}?", "answer": f"A {i % 45}", "context": f"C {i // 7}"}
        if i % 3:
            record |= {"doc_id": f"d{i // 21}", "chunk_id": i % 4, "model": "m"}
        records.append(record)
    src = write_jsonl(tmp_path / "plain.jsonl", records)
    fast, general = tmp_path / "fast.duckdb", tmp_path / "general.duckdb"
    assert import_into(fast, src) == 0
    array = tmp_path / "plain.json"
    array.write_text(json.dumps(records))
    assert import_into(general, array) == 0
    a, b = dump(fast), dump(general)
    assert a == b
    assert all(row[0] and row[1] for row in a["ids"])
    assert exact and all(exact)
    assert parallel == [6]
