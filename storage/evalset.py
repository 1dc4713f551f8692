"""Held-out evaluation items: registered once, streamed to the contamination check.

Items are read with the same format readers and shapes as imports, so any file `workbench import`
takes works here too. An item's id comes from its record (eval_id, id, qid, uid) or its place in
the file; adding an item with a known id replaces it, so re-adding a file changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from storage.db import transaction
from storage.errors import FormatError
from storage.formats.detect import detect_container, expand_paths
from storage.formats.readers import READERS
from storage.formats.records import Record
from storage.formats.shapes import detect_shape, to_pairs
from storage.sql import dicts, one

ID_KEYS = ("eval_id", "id", "qid", "uid", "_id", "example_id")
_SCHEMA = pa.schema(
    [
        ("eval_id", pa.string()),
        ("question", pa.string()),
        ("answer", pa.string()),
        ("context", pa.string()),
    ]
)


def read_items(path: Path, encoding: str = "utf-8") -> tuple[pa.Table, list[str]]:
    """Eval items of a file (or folder) as a table, plus a line per record that could not be read."""
    files, _ = expand_paths([path])
    if not files:
        raise FormatError(f"{path}: no data files found")
    columns: dict[str, list[Any]] = {name: [] for name in _SCHEMA.names}
    problems: list[str] = []
    for file in files:
        records = list(READERS[detect_container(file)](file, encoding))
        good = [r for r in records if r.error is None and r.data is not None]
        problems += [f"{file}: {r.location}: {r.error}" for r in records if r.error is not None]
        if not good:
            continue
        shape = detect_shape([r.data for r in good[:200]], str(file))
        for rec in good:
            for item in to_pairs(rec, shape):
                if isinstance(item, Record):
                    problems.append(f"{file}: {item.location}: {item.error}")
                    continue
                key = next(
                    (str(item.meta[k]) for k in ID_KEYS if item.meta.get(k) is not None), None
                )
                columns["eval_id"].append(key or f"{file.name}:{item.location}")
                columns["question"].append(item.question)
                columns["answer"].append(item.answer)
                columns["context"].append(item.context)
    return pa.table(columns, schema=_SCHEMA), problems


def add_items(con: duckdb.DuckDBPyConnection, items: pa.Table, source: str) -> dict[str, int]:
    """Insert items, replacing any with the same eval_id; returns counts of added and replaced."""
    with transaction(con):
        con.register("_wb_eval", items)
        try:
            replaced = int(
                one(
                    con,
                    "SELECT count(*) FROM evalset WHERE eval_id IN (SELECT eval_id FROM _wb_eval)",
                )[0]
            )
            con.execute("DELETE FROM evalset WHERE eval_id IN (SELECT eval_id FROM _wb_eval)")
            con.execute(
                "INSERT INTO evalset SELECT DISTINCT ON (eval_id) eval_id, question, answer, context, ?, ? "
                "FROM _wb_eval",
                [source, datetime.now(UTC).replace(tzinfo=None)],
            )
        finally:
            con.unregister("_wb_eval")
    distinct = len(set(items.column("eval_id").to_pylist()))
    return {"items": distinct, "added": distinct - replaced, "replaced": replaced}


def list_sources(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Items per source, oldest first."""
    return dicts(
        con.execute(
            "SELECT source, count(*) AS items, strftime(min(added_at), '%Y-%m-%d %H:%M:%S') AS added "
            "FROM evalset GROUP BY source ORDER BY min(added_at), source"
        )
    )


def digest(con: duckdb.DuckDBPyConnection) -> tuple[int, str]:
    """Number of items and an order-free hash of their text: any change re-runs the check."""
    n, h = one(
        con,
        "SELECT count(*), coalesce(bit_xor(hash(eval_id || chr(31) || question || chr(31) || "
        "coalesce(answer, ''))), 0) FROM evalset",
    )
    return int(n), f"{int(n)}:{int(h):x}"


def iter_items(
    con: duckdb.DuckDBPyConnection, batch_size: int = 50_000
) -> Iterator[pa.RecordBatch]:
    """All items (eval_id, question, answer) in batches; read to the end before other queries."""
    rel = con.sql(
        "SELECT eval_id, question, coalesce(answer, '') AS answer FROM evalset ORDER BY eval_id"
    )
    yield from rel.to_arrow_reader(batch_size)
