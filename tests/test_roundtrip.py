"""Round trip: import → export → import into a fresh store gives the same pairs (a property test).

Native formats (jsonl, parquet, csv, hf) keep everything: ids, text, context, kind, answerability,
doc/chunk ids and meta. Alpaca and SQuAD keep the pair ids of what they can hold.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage.export import export_pairs
from storage.ingest import import_paths
from storage.migrations import migrate

pytest.importorskip("datasets")

_chars = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
text = st.text(_chars, max_size=24) | st.sampled_from(
    ['a "quoted", comma', "line\nbreak\r\nand\ttab", "  padded  ", "ünïcødé ✓ 日本", "{}", "[1]"]
)
nonblank = text.filter(lambda s: bool(s.strip()))
leaf = (
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | text
)
json_value = st.recursive(
    leaf,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=6,
)
# Extra fields the importer keeps in meta; "id" is also a field --with-analysis would add.
meta_key = st.sampled_from(["id", "generator", "score", "nested"]) | st.text(
    _chars, min_size=1, max_size=6
).map(lambda k: "x_" + k)


@st.composite
def record(draw: st.DrawFn) -> dict[str, Any]:
    rec: dict[str, Any] = {"question": draw(nonblank)}
    if draw(st.booleans()):
        rec["context"] = draw(st.sampled_from(["", "   "]) | nonblank)
    if draw(st.integers(0, 4)) == 0:
        rec["is_impossible"] = True
        rec["answer"] = draw(st.just("") | nonblank)
    else:
        rec["answer"] = draw(nonblank)
    for name in ("doc_id", "chunk_id"):
        if draw(st.booleans()):
            rec[name] = draw(nonblank)
    kind = draw(st.sampled_from([None, "qa", "instruction", "chat", "weird"]))
    if kind is not None:
        rec["kind"] = kind
    rec.update(draw(st.dictionaries(meta_key, json_value, max_size=3)))
    return rec


def _store() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(config={"threads": 1})
    migrate(con)
    return con


# Migrating a store costs more than a whole small round trip, so two stores are made once and
# emptied before each import: an emptied store holds no pairs, contexts or imports, like a new one.
_STORES: dict[str, duckdb.DuckDBPyConnection] = {}


def _import(path: Path, store: str = "again") -> duckdb.DuckDBPyConnection:
    con = _STORES.get(store) or _STORES.setdefault(store, _store())
    for table in ("pairs", "contexts", "imports", "import_errors"):
        con.execute(f"DELETE FROM {table}")
    import_paths(con, [path])
    return con


def _pairs(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[Any, ...]]:
    rows = con.execute(
        "SELECT id, question, answer, context, kind, answerable, doc_id, chunk, meta "
        "FROM current_pairs"
    ).fetchall()
    return {r[0]: (*r[1:-1], json.loads(r[-1]) if r[-1] else {}) for r in rows}


def _ids(con: duckdb.DuckDBPyConnection, where: str = "true", answer: str = "answer") -> set[str]:
    sql = f"SELECT wb_pair_id(context, question, {answer}) FROM current_pairs WHERE {where}"
    return {r[0] for r in con.execute(sql).fetchall()}


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(record(), min_size=1, max_size=8))
def test_import_export_import_keeps_the_pairs(records: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        src = folder / "src.jsonl"
        src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        store = _import(src, "first")
        before = _pairs(store)
        assert before, "every generated record is a valid pair"
        for fmt, name in (
            ("jsonl", "n.jsonl"),
            ("parquet", "n.parquet"),
            ("csv", "n.csv"),
            ("hf", "n_hf"),
        ):
            export_pairs(store, folder / name, fmt=fmt)
            assert _pairs(_import(folder / name)) == before, fmt

        export_pairs(store, folder / "a.json", fmt="alpaca")
        # Alpaca cannot mark a pair unanswerable, but every pair comes back with its id.
        assert set(_pairs(_import(folder / "a.json"))) == _ids(store, "true")

        squad = export_pairs(store, folder / "s.json", fmt="squad")
        has_context = "kind = 'qa' AND context_id IS NOT NULL"
        if squad.pairs:
            expected = _ids(store, has_context, "CASE WHEN answerable THEN answer ELSE '' END")
            assert set(_pairs(_import(folder / "s.json"))) == expected
