"""Big flat JSON Lines are taken apart by DuckDB (storage/formats/flatsql.py); that must store
exactly what the Python scan stores, line for line, error for error.

One file of lines sharing a key layout, with tricky values in every field and bad or unusual
lines in between, is imported through the DuckDB path (in several small chunks) and through
the Python scan, and the stores are compared. A spy checks DuckDB really took most lines.
"""

from __future__ import annotations

import io
import json
import random
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from storage.formats import flatsql
from tests.test_import_fastpath import dump
from workbench.cli import app

_WS = [" ", "  ", "\t", "\n", "\r", "\x0b", "\x0c", "\xa0", "\u3000", "\u2028", "\x1c", "\x85"]
_ODD = ["e\u0301", "é", "ß", "日本", "😀", '"', "\\", "/", "\x1f", "\x7f", "\x00", "{", "}"]
_NUMBERS = [0, -0.0, 1.0, 0.7, 1e5, 1e16, 1e22, 1.5e-7, 1e-5, 0.000001, 2**63, 2**64 + 1, -7]
_NUMBERS += [123456789012345678, 3.14159265358979, 1e308, True, False, None]


def _text(rng: random.Random, n: int) -> str:
    if rng.random() < 0.7:
        return " ".join(rng.choice(["x", "Paris", "is", "?", "a,1e5"]) for _ in range(n // 3 + 1))
    pool = _WS + _ODD
    return "".join(rng.choice(pool) if rng.random() < 0.3 else rng.choice("xyz ") for _ in range(n))


def _record(rng: random.Random, i: int, contexts: list[Any]) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "context": rng.choice(contexts),
        "question": f"Q{i} " + _text(rng, rng.randint(0, 20)),
        "answer": _text(rng, rng.randint(0, 12)) + f" {i}",
        "doc_id": rng.choice(["d1", "", 7, -3, 0, None, "d2"]),
        "chunk_id": rng.choice([0, 3, "c2", "", None]),
        "model": rng.choice(["m1", "m2", _text(rng, 4)]),
        "temperature": rng.choice(_NUMBERS) if rng.random() < 0.3 else 0.7,
        "tags": [rng.choice(["x", _text(rng, 3)]), rng.choice(_NUMBERS) if i % 5 == 0 else 1],
    }
    roll = rng.random()
    if roll < 0.04:
        rec["question"] = rng.choice(["", "   ", "\u3000", "\t\n", None, 5, ["x"]])
    elif roll < 0.08:
        rec["answer"] = rng.choice(["", " \x0b ", "\xa0", 0, False, {"a": 1}])
    elif roll < 0.1:
        rec["context"] = rng.choice([3, ["c"], {"c": 1}])
    elif roll < 0.13:
        rec["tags"] = {"nested": rng.choice(_NUMBERS), "deeper": {"k": _text(rng, 3)}}
    elif roll < 0.15:
        rec["doc_id"] = rng.choice([1.5, True, 2**70, "x" * 3])
    elif roll < 0.17:
        rec["question"] = "q" * 210  # over the test's field limit
    elif roll < 0.18:
        rec["tags"] = ["t" * 190]  # meta over the limit
    return rec


def _odd_lines(i: int) -> list[str]:
    """Lines DuckDB must leave to Python (or treat exactly as Python does)."""
    base = f'"context": "C", "question": "Q{i}", "answer": "A", "doc_id": "d", "chunk_id": 1, '
    meta = '"model": "m", "temperature": 0.5, "tags": []'
    return [
        "",
        "   ",
        "{broken",
        "[1, 2]",
        '"just text"',
        "{" + base + meta + ",}",  # trailing comma: DuckDB reads it, orjson does not
        "{" + base + '"model": "m", "temperature": NaN, "tags": []}',
        "{" + base + '"model": "m", "temperature": 1, "tags": [1,]}',
        "{" + base + '"model": "m", "temperature": 1e400, "tags": []}',
        "{" + base + '"model": "m", "temperature": 12345678901234567890123, "tags": []}',
        "{" + base + '"model": "m\\u0000", "temperature": 1, "tags": []}',
        "{" + base + '"model": "\\ud800", "temperature": 1, "tags": []}',
        "{" + base + '"model": "\\ud83d\\ude00 \\u00e9 \\/ \\u001f", "temperature": 1, "tags": []}',
        "{" + base + meta + ', "model": "again"}',  # duplicate key: orjson keeps the last
        f'{{"context": "C", "question": "Q{i}", "question": "dup", "answer": "A", '
        + '"doc_id": "d", "chunk_id": 1, '
        + meta
        + "}",
        "{" + base + '"model": "m", "temperature": 1, "tags": {"k": 1, "k": 2}}',
        "{" + base + meta + ', "extra": 1}',  # another layout
        f'{{"question": "Q{i}", "context": "C", "answer": "A", "doc_id": "d", "chunk_id": 1, '
        + meta
        + "}",  # same keys, another order
        "{" + base + meta + "} trailing",
        "{" + base + meta + "}\r",  # CRLF
        "\x0c{" + base + meta + "}",
        f'{{"con\\u0074ext": "C", "question": "Q{i}", "answer": "A", "doc_id": "d", '
        + '"chunk_id": 1, '
        + meta
        + "}",
        "{" + base.replace('"C"', '"\\u3000"') + meta + "}",
        "{" + base.replace('"C"', "null") + meta + "}",
        "{" + base.replace('"C"', '""').replace('"d"', '""').replace("1,", '"",') + meta + "}",
        "{"
        + base.replace('"C"', '"  "').replace('"d"', "null").replace("1,", "null,")
        + meta
        + "}",
        "{" + base + '"model": "m", "temperature": 1, "tags": ["x"], "kind": "chat"}',
        "{" + base + '"model": "m", "temperature": 1, "tags": ["\u2028\u00e9\\n"]}',
        b"\xff\xfe bad utf-8".decode("latin-1"),
    ]


def tricky_file(path: Path, seed: int = 5, n: int = 600) -> Path:
    rng = random.Random(seed)
    contexts = [_text(rng, rng.randint(1, 50)) for _ in range(20)] + [None, "", "   ", "\u3000"]
    lines: list[str] = []
    for i in range(n):
        lines.append(json.dumps(_record(rng, i, contexts), ensure_ascii=rng.random() < 0.3))
        if i % 40 == 13:
            lines.extend(_odd_lines(i))
    # Repeats of earlier pairs, some through the other path: the first stays.
    lines += [lines[1], lines[2], lines[len(lines) // 2]]
    data = "\ufeff" + "\n".join(lines)  # a byte-order mark, no newline at the end
    path.write_bytes(data.encode("utf-8").replace(b"bad utf-8", b"\xff bad"))
    return path


def _import(store: Path, src: Path) -> dict[str, list[tuple[Any, ...]]]:
    args = ["--store", str(store), "import", str(src), "--source", "s", "--max-field-chars", "200"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1, result.output
    got = dump(store)
    import duckdb

    with duckdb.connect(str(store), read_only=True) as con:
        got["imports"] = con.execute(
            "SELECT records, added, duplicates, errors FROM imports"
        ).fetchall()
        got["seq"] = con.execute("SELECT seq, id FROM pairs ORDER BY seq").fetchall()
        got["locations"] = con.execute(
            "SELECT line, location, field, message, raw FROM import_errors ORDER BY line"
        ).fetchall()
    return got


@pytest.fixture
def taken(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Route every flat file through DuckDB in chunks of a few lines; collects what it took."""
    import storage.ingest as ingest

    monkeypatch.setattr(ingest, "SQL_MIN_BYTES", 0)
    monkeypatch.setattr(flatsql, "CHUNK_BYTES", 4096)
    monkeypatch.setattr(flatsql, "BATCH_ROWS", 7)
    counts: list[int] = []
    load = flatsql.Loader.load

    def spy(self, chunk, params):  # type: ignore[no-untyped-def]
        n, slow = load(self, chunk, params)
        counts.append(n)
        return n, slow

    monkeypatch.setattr(flatsql.Loader, "load", spy)
    return counts


def test_duckdb_path_stores_what_the_python_scan_stores(
    tmp_path: Path, taken: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tricky_file(tmp_path / "t.jsonl")
    ours = _import(tmp_path / "sql.duckdb", src)
    assert len(taken) > 20 and sum(taken) > 200
    import storage.ingest as ingest

    monkeypatch.setattr(ingest, "SQL_MIN_BYTES", 1 << 60)
    monkeypatch.setattr(ingest, "PARALLEL_MIN_BYTES", 1 << 60)
    python = _import(tmp_path / "py.duckdb", src)
    assert ours["imports"] == python["imports"]
    assert ours["seq"] == python["seq"]
    assert ours["pairs"] == python["pairs"]
    assert ours["contexts"] == python["contexts"]
    assert ours["locations"] == python["locations"]
    assert all(row[0] and row[1] for row in ours["ids"])
    assert ours["imports"][0][2] >= 3  # the repeats were dropped


def test_chunks_split_lines_as_the_python_scan_does() -> None:
    for data in [b"", b"a", b"a\n", b"a\nb", b"\n\n", b"\xef\xbb\xbfab\ncd\n", b"a\r\nb\r\n\n\nc"]:
        data += b"x" * 50 + b"\n" + b"y" * 7 + b"\nzz"
        expected = data.removeprefix(b"\xef\xbb\xbf").split(b"\n")
        if expected[-1] == b"":
            expected.pop()
        for size in (1, 2, 3, 5, 8, 100):
            got = [
                (chunk.first + k, chunk.raw(chunk.first + k))
                for chunk in flatsql.chunks(io.BytesIO(data), size)
                for k in range(len(chunk))
            ]
            assert got == list(enumerate(expected, start=1)), (data, size)


def test_mixed_layouts_leave_the_file_to_python(tmp_path: Path, taken: list[int]) -> None:
    records = [
        {"question": f"Q{i}", "answer": "A", **({"context": "C"} if i % 2 else {"x": i})}
        for i in range(50)
    ]
    src = tmp_path / "m.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    result = CliRunner().invoke(app, ["--store", str(tmp_path / "s.duckdb"), "import", str(src)])
    assert result.exit_code == 0, result.output
    assert taken == []
    assert len(dump(tmp_path / "s.duckdb")["pairs"]) == 50


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="needs /proc/PID/io")
def test_ctrl_c_in_the_duckdb_path_rolls_back_with_one_line(tmp_path: Path) -> None:
    """The CLI with the DuckDB path on, interrupted half-way through a big file: exit 130, one
    line, and the store holds exactly what it held before."""
    from tests.test_import_safety import FIRST, ROOT, big_jsonl, counts, wait_for_bytes

    store = tmp_path / "s.duckdb"
    first = tmp_path / "first.jsonl"
    first.write_text("\n".join(json.dumps(r) for r in FIRST) + "\n")
    assert CliRunner().invoke(app, ["--store", str(store), "import", str(first)]).exit_code == 0
    before = counts(store)
    src = big_jsonl(tmp_path / "big.jsonl", 150_000)
    code = (
        "import sys, storage.ingest as ingest; ingest.SQL_MIN_BYTES = 0; "
        "from workbench.cli import app; sys.argv[0] = 'workbench'; app()"
    )
    args = [sys.executable, "-c", code, "--store", str(store), "import", str(src)]
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert wait_for_bytes(proc, src.stat().st_size // 2)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert [line for line in err.decode().splitlines() if line.strip()] == [
        "error: interrupted: nothing was written by the unfinished step"
    ]
    assert counts(store) == before
