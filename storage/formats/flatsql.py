"""Flat JSON Lines checked and taken apart by DuckDB's JSON functions, for big files.

Python parsing costs about 10 µs a line; DuckDB's JSON functions do the same work in C++ on
every core. A chunk of lines goes to DuckDB as an Arrow column (no copy) and DuckDB takes a
line only when it can prove the fast path (`flatjsonl.scan`) would store it unchanged:

* the line has exactly the file's usual keys in the usual order (`layout`), once each, which
  rules out duplicate keys and lets `meta` be put together from the values DuckDB writes;
* question and answer are text holding a visible ASCII character (so Python's `strip()` leaves
  something), context is text or absent, doc id and chunk text or small whole numbers, kind
  absent or one of KINDS, nothing over the size limit counted in bytes;
* nothing where DuckDB and Python differ: trailing commas, NaN, escaped NUL, numbers that
  orjson writes another way (exponents, 16+ digits), escaped control characters, nested
  objects (their duplicate keys would hide) in what goes to meta.

Every other line goes to the general path by line number and raw bytes, in file order, so its
pairs and errors are what they always were. Ids: each distinct context of a chunk is
normalised once (the `wb_norm_fast` macro) and hashed in Python, and pair ids are sha256 of
context, question and answer continued from the context's hash state (DuckDB's sha256 over the
whole context again for every pair costs several times more).
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any, BinaryIO

import duckdb
import numpy as np
import pyarrow as pa

from storage.formats.flatjsonl import BOM, KINDS, NO_CONTEXT, Spec
from storage.migrations import _MACROS as MACROS

# Lines handed to DuckDB at once: big enough that per-query costs vanish, small enough that a
# chunk's rows stay a small part of the import's memory.
CHUNK_BYTES = 32 << 20
PARSER_MEMORY = "256MB"
# Rows per Arrow record batch of a chunk, the unit DuckDB's threads take.
BATCH_ROWS = 8192
# The usual key layout must cover this share of the sample, else the file is left to Python.
LAYOUT_SHARE = 0.8
_SIMPLE_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_FLAGS = ("is_impossible", "answerable", "meta")
# In the meta DuckDB writes: anything orjson would write differently (exponents, long runs of
# digits, tiny fractions, NaN/Infinity, \u00XX escapes) or that could hide a duplicate key.
_META_RISK = r"[0-9.][eE]|[0-9]{16}|\.0{5}|[:,\[]-?[nNiI]|\\u00|.\{"
# In the raw line: what DuckDB's JSON reader accepts and orjson refuses, or an escaped NUL.
_LINE_RISK = r",[ \t\r\n]*[\]}]"


def layout(sample: list[dict[str, Any]], spec: Spec) -> tuple[str, ...] | None:
    """The key order most sample records share, when DuckDB can take such lines: most of the
    sample, plain key names, a question and an answer, and none of the flags Python handles."""
    if not sample or spec.question is None or spec.answer is None:
        return None
    keys, count = Counter(tuple(d) for d in sample).most_common(1)[0]
    if count < LAYOUT_SHARE * len(sample) or {spec.question, spec.answer} - set(keys):
        return None
    if set(_FLAGS) & set(keys) or not all(_SIMPLE_KEY.fullmatch(k) for k in keys):
        return None
    return keys


def rows_sql(keys: tuple[str, ...], spec: Spec, guarded: bool) -> str:
    """SQL over `_wb_lines(line, text)`: per line `ok` and, where ok, the pair's fields and
    the normalised 'question chr(31) answer' the id hash ends with. Unguarded, one line of bad
    JSON fails the whole query (`try` costs a third of the parse, so it is kept for retries)."""
    paths = ", ".join(f"'$.{k}'" for k in keys)
    value = {k: f"v[{i + 1}]::VARCHAR" for i, k in enumerate(keys)}
    names = ", ".join(f"'{k}'" for k in keys)

    def field(name: str) -> str:
        return value.get(name, "NULL::VARCHAR")

    rest = [k for k in keys if k not in spec.used]
    # One concat per row (chains of || copy the text once per piece); `layout` already says
    # every key is there, once.
    meta = _object(rest, value) if rest else "NULL::VARCHAR"
    kinds = ", ".join(f"'\"{k}\"'" for k in KINDS)
    q, a, c = field(spec.question or ""), field(spec.answer or ""), field(spec.context)
    doc, chunk, kind = field(spec.doc_id), field(spec.chunk), field(spec.kind)
    extract, layout = f"json_extract(text, [{paths}])", f"json_keys(text) = [{names}]"
    if guarded:
        extract, layout = f"try({extract})", f"try({layout})"
    return f"""
SELECT line, ok, q, a, c, doc, chunk, meta,
       coalesce(kind, CASE WHEN c <> '' THEN 'qa' ELSE 'instruction' END) AS kind,
       encode(wb_norm_fast(q) || chr(31) || wb_norm_fast(a)) AS tail
FROM (
SELECT line, q, a, c, kind, doc, chunk, meta,
       coalesce(whole AND q_ok AND a_ok AND c_ok AND doc_ok AND chunk_ok AND kind_ok
                AND regexp_matches(q, '[!-~]') AND regexp_matches(a, '[!-~]')
                AND strlen(q) <= {spec.limit} AND strlen(a) <= {spec.limit}
                AND coalesce(strlen(c), 0) <= {spec.limit}
                AND coalesce(strlen(meta), 0) <= {spec.limit}
                AND (regexp_matches(c, '[!-~]') OR (doc IS NULL AND chunk IS NULL))
                AND NOT coalesce(regexp_matches(meta, '{_META_RISK}'), false),
                false) AS ok
FROM (
    SELECT line, meta, q_ok, a_ok, c_ok, doc_ok, chunk_ok, kind_ok,
           layout AND NOT risky AS whole,
           CASE WHEN q_ok THEN json_extract_string({q}, '$') END AS q,
           CASE WHEN a_ok THEN json_extract_string({a}, '$') END AS a,
           CASE WHEN starts_with({c}, '"') THEN json_extract_string({c}, '$') END AS c,
           {_doc_value(doc)} AS doc, {_doc_value(chunk)} AS chunk,
           CASE WHEN kind_ok THEN json_extract_string({kind}, '$') END AS kind
    FROM (
        SELECT line, v, risky, layout, {meta} AS meta,
               starts_with({q}, '"') AS q_ok, starts_with({a}, '"') AS a_ok,
               coalesce({c} = 'null' OR starts_with({c}, '"'), true) AS c_ok,
               {_doc_ok(doc)} AS doc_ok, {_doc_ok(chunk)} AS chunk_ok,
               coalesce({kind} = 'null' OR {kind} IN ({kinds}), true) AS kind_ok
        FROM (
            SELECT line, {extract} AS v, {layout} AS layout,
                   regexp_matches(text, '{_LINE_RISK}') OR contains(text, '\\u0000') AS risky
            FROM _wb_lines
        )
    )
)
)
"""


def _object(keys: list[str] | tuple[str, ...], value: dict[str, str]) -> str:
    """SQL writing the object of `keys` from their extracted JSON values, as DuckDB would."""
    parts = ", ',', ".join(f"'\"{k}\":', {value[k]}" for k in keys)
    return f"concat('{{', {parts}, '}}')"


def _doc_ok(value: str) -> str:
    """Text, null, absent, or a whole number Python's str() writes the same way."""
    return (
        f"coalesce({value} = 'null' OR starts_with({value}, '\"') "
        f"OR regexp_full_match({value}, '0|-?[1-9][0-9]{{0,17}}'), true)"
    )


def _doc_value(value: str) -> str:
    """What the fast path stores for a doc id or chunk: None for absent, null or ''."""
    return (
        f"CASE WHEN {value} IS NULL OR {value} IN ('null', '\"\"') THEN NULL "
        f"WHEN starts_with({value}, '\"') THEN json_extract_string({value}, '$') "
        f"ELSE {value} END"
    )


_PAIRS_SQL = """
INSERT INTO pairs
SELECT id, $base + 1 + line, context_id, q, a, true, kind, $source, meta, $import_id, $now
FROM _wb_flat
"""
_STAGE_SQL = """
INSERT INTO stage
SELECT line, ctx_key, context_id, doc, chunk FROM _wb_flat WHERE context_id IS NOT NULL;
INSERT INTO stage_ctx SELECT * FROM _wb_flat_ctx WHERE context_id IS NOT NULL;
"""
NORM_FAST_SQL = """
CREATE OR REPLACE TEMP MACRO wb_norm_fast(x) AS
    CASE WHEN x IS NULL THEN ''
         WHEN contains(x, '  ') OR contains(x, chr(9)) OR contains(x, chr(10))
              OR contains(x, chr(11)) OR contains(x, chr(12)) OR contains(x, chr(13))
         THEN wb_norm(x)
         ELSE nfc_normalize(trim(x)) END;
"""


@dataclass
class Chunk:
    """Whole lines of the file: `data` and each line's start in it (plus the end), numbered
    from `first`."""

    first: int
    data: bytes
    starts: np.ndarray

    def __len__(self) -> int:
        return len(self.starts) - 1

    def table(self, checked: bool = False) -> pa.Table:
        """(line, text) as Arrow, the text pointing into `data` (newlines included); `checked`
        copies the lines instead, blanking those that are not UTF-8, which DuckDB refuses."""
        n = len(self)
        if checked:
            text = pa.array(map(_utf8_or_blank, self._lines()), pa.large_string())
        else:
            text = pa.LargeStringArray.from_buffers(
                n, pa.py_buffer(self.starts.astype(np.int64)), pa.py_buffer(self.data)
            )
        lines = pa.array(np.arange(self.first, self.first + n, dtype=np.int64))
        table = pa.Table.from_arrays([lines, text], names=["line", "text"])
        # DuckDB scans Arrow record batches in parallel: give it several (slices, no copies).
        return pa.Table.from_batches(table.to_batches(max_chunksize=BATCH_ROWS))

    def _lines(self) -> Iterator[bytes]:
        starts = self.starts.tolist()
        return (self.data[a:b] for a, b in itertools.pairwise(starts))

    def raw(self, line: int) -> bytes:
        """A line's bytes without its newline, as the Python scan reads it."""
        k = line - self.first
        return self.data[self.starts[k] : self.starts[k + 1]].removesuffix(b"\n")


def _utf8_or_blank(raw: bytes) -> str:
    try:
        return raw.decode()
    except UnicodeDecodeError:
        return ""


def chunks(fh: BinaryIO, size: int | None = None) -> Iterator[Chunk]:
    """The file's lines (split on newline only) in chunks of about `size` bytes; a byte-order
    mark at the start is skipped, as the Python scan does. A chunk's bytes are read once and
    never copied: the part line at its end is read again with the next chunk."""
    size = size or CHUNK_BYTES
    if fh.read(3) != BOM:
        fh.seek(0)
    first = 1
    while data := fh.read(size):
        end = len(data)
        if end == size:
            end = data.rfind(b"\n") + 1
            while not end:
                # One line longer than a chunk: read on to its end.
                more = fh.read(size)
                data += more
                end = data.rfind(b"\n") + 1 if more else len(data)
            fh.seek(end - len(data), 1)
        starts, find = [0], data.find
        at = find(b"\n", 0, end)
        while at >= 0:
            starts.append(at + 1)
            at = find(b"\n", at + 1, end)
        if starts[-1] != end:
            starts.append(end)
        yield Chunk(first, data, np.array(starts, dtype=np.int64))
        first += len(starts) - 1


class Loader:
    """Parses chunks on its own in-memory DuckDB connection (a failed query there leaves the
    import's transaction alone) and writes what they hold through the importer's."""

    def __init__(self, con: duckdb.DuckDBPyConnection, keys: tuple[str, ...], spec: Spec) -> None:
        self.con, self.next_key = con, -1
        self.fast, self.safe = rows_sql(keys, spec, False), rows_sql(keys, spec, True)
        self.parser = duckdb.connect()
        # It holds one chunk's lines and rows at a time; a small cap makes it hand memory back.
        self.parser.execute(
            f"SET enable_progress_bar = false; SET memory_limit = '{PARSER_MEMORY}'"
        )
        self.parser.execute(MACROS + NORM_FAST_SQL)

    def close(self) -> None:
        self.parser.close()

    def parse(self, chunk: Chunk) -> pa.Table:
        """Every line of the chunk with `ok` and, where ok, its pair (see `rows_sql`). Bad JSON
        fails the quick query, bytes that are not UTF-8 fail the Arrow scan: then the chunk is
        parsed again with `try`, and without such bytes."""
        try:
            return self._run(chunk.table(), self.fast)
        except duckdb.Error:
            return self._run(chunk.table(), self.safe)
        except UnicodeDecodeError:
            return self._run(chunk.table(checked=True), self.safe)

    def _run(self, lines: pa.Table, sql: str) -> pa.Table:
        with _visible(self.parser, "_wb_lines", lines):
            try:
                return self.parser.sql(sql).to_arrow_table()
            except RuntimeError as exc:
                # Ctrl-C stops the query and comes back as this; the shells expect the interrupt.
                if "interrupted" in str(exc):
                    raise KeyboardInterrupt from None
                raise

    def load(self, chunk: Chunk, params: dict[str, Any]) -> tuple[int, list[int]]:
        """Store the pairs of the lines DuckDB could take (contexts and doc ids staged for the
        importer's merge); returns how many and the numbers of the lines left to Python."""
        import pyarrow.compute as pc  # here: this path is off by default, and the import is slow

        rows = self.parse(chunk)
        ok = rows["ok"]
        slow: list[int] = []
        if not pc.all(ok).as_py():
            # Filtering copies every column, the contexts too: only when some line is left.
            slow = rows.filter(pc.invert(ok))["line"].to_pylist()
            rows = rows.filter(ok)
        contexts = pc.dictionary_encode(rows["c"]).combine_chunks()
        texts = contexts.dictionary
        keys = pa.array(range(self.next_key, self.next_key - len(texts), -1), pa.int64())
        self.next_key -= len(texts)
        norms = self._norms(texts)
        context_ids = [hashlib.sha256(n).hexdigest()[:16] if n else None for n in norms]
        prefixes = [hashlib.sha256(n + b"\x1f") for n in norms]
        index = contexts.indices
        ids = pair_ids(prefixes, index.to_pylist(), rows["tail"].to_pylist())
        flat = pa.table(
            {
                "line": rows["line"],
                "id": pa.array(ids, pa.string()),
                "context_id": pc.take(pa.array(context_ids, pa.string()), index),
                "ctx_key": pc.take(keys, index),
                **{name: rows[name] for name in ("q", "a", "kind", "meta", "doc", "chunk")},
            }
        )
        ctx = pa.table(
            {"ctx_key": keys, "text": texts, "context_id": pa.array(context_ids, pa.string())}
        )
        # The SQL reads these two locals by name (DuckDB's replacement scan). Registering them
        # instead would keep every chunk's tables alive until the import's transaction ends.
        _wb_flat, _wb_flat_ctx = flat, ctx
        self.con.execute(_PAIRS_SQL, params)
        self.con.execute(_STAGE_SQL)
        return flat.num_rows, slow

    def _norms(self, texts: pa.Array) -> list[bytes]:
        """Each distinct context normalised as the id macros do, as UTF-8."""
        if not len(texts):
            return []
        with _visible(self.parser, "_wb_texts", pa.table({"text": texts})):
            sql = "SELECT encode(wb_norm_fast(text)) FROM _wb_texts"
            return [n for (n,) in self.parser.execute(sql).fetchall()]


@contextmanager
def _visible(con: duckdb.DuckDBPyConnection, name: str, table: pa.Table) -> Iterator[None]:
    """`table` readable as `name` inside the block, on the parser's connection (which has no
    long transaction to keep it alive). Unregistering cannot fail the block."""
    con.register(name, table)
    try:
        yield
    finally:
        with suppress(duckdb.Error):
            con.unregister(name)


def pair_ids(prefixes: list[Any], keys: list[int | None], tails: list[bytes]) -> list[str]:
    """sha256 of each pair's normalised 'context + chr(31)' (a copied state) and tail."""
    out = []
    append, none = out.append, NO_CONTEXT
    for key, tail in zip(keys, tails, strict=True):
        state = (none if key is None else prefixes[key]).copy()
        state.update(tail)
        append(state.hexdigest()[:16])
    return out
