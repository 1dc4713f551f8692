"""Import: files → records → pairs → one transaction into the store; nothing a file held is lost.

Valid pairs go in, every bad piece goes to `import_errors` with file, line, field and raw text.
The whole command is one transaction, so a kill half-way leaves the store as it was; `strict`
rolls everything back when any piece is bad.
"""

from __future__ import annotations

import codecs
import gc
import hashlib
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import duckdb
import orjson
import pyarrow as pa

from storage.db import transaction
from storage.errors import FormatError, ImportRejectedError
from storage.formats.detect import CONTAINERS, detect_container, expand_paths
from storage.formats.jsontext import dumps
from storage.formats.readers import READERS, jsonl_record, sniff_encoding
from storage.formats.records import Record
from storage.formats.shapes import KINDS, SHAPES, TARGETS, Pair, Shape, detect_shape, to_pairs
from storage.sql import scalar

BATCH = 50_000
SAMPLE = 200
# DuckDB's buffer pool during an import: enough to stage a batch and merge, small enough that a
# million-pair import stays well under 2 GB of memory.
IMPORT_MEMORY_LIMIT = "1GB"
DEFAULT_MAX_FIELD_CHARS = 1_000_000

# Pairs are staged with a key into a per-batch table of distinct contexts, so a context shared
# by many pairs is held, normalised and hashed once per batch instead of once per pair.
_STAGE_SCHEMA = pa.schema(
    [
        ("ord", pa.int64()),
        ("ctx_key", pa.int64()),
        ("id", pa.string()),
        ("question", pa.string()),
        ("answer", pa.string()),
        ("answerable", pa.bool_()),
        ("kind", pa.string()),
        ("doc_id", pa.string()),
        ("chunk", pa.string()),
        ("meta", pa.string()),
    ]
)
_CTX_SCHEMA = pa.schema(
    [("ctx_key", pa.int64()), ("text", pa.string()), ("context_id", pa.string())]
)
_ERROR_SCHEMA = pa.schema(
    [
        ("import_id", pa.int32()),
        ("file", pa.string()),
        ("line", pa.int64()),
        ("location", pa.string()),
        ("field", pa.string()),
        ("message", pa.string()),
        ("raw", pa.string()),
    ]
)


# wb_norm (the migrations' normaliser) collapses whitespace runs with a regular expression,
# which is slow on long texts; a text with no tab, newline, vertical tab, form feed, carriage
# return or double space has nothing to collapse, so trim and NFC alone give the same result.
_STAGE_SQL = """
CREATE OR REPLACE TEMP MACRO wb_norm_fast(x) AS
    CASE WHEN x IS NULL THEN ''
         WHEN contains(x, '  ') OR contains(x, chr(9)) OR contains(x, chr(10))
              OR contains(x, chr(11)) OR contains(x, chr(12)) OR contains(x, chr(13))
         THEN wb_norm(x)
         ELSE nfc_normalize(trim(x)) END;
CREATE OR REPLACE TEMP TABLE stage (
    ord BIGINT, ctx_key BIGINT, context_id VARCHAR, id VARCHAR, question VARCHAR, answer VARCHAR,
    answerable BOOLEAN, kind VARCHAR, doc_id VARCHAR, chunk VARCHAR, meta VARCHAR);
CREATE OR REPLACE TEMP TABLE stage_ctx (ctx_key BIGINT, text VARCHAR, context_id VARCHAR);
"""
# Ids already computed in Python (see _Hasher) are kept; the rest are computed here.
_BATCH_CTX_SQL = """
CREATE OR REPLACE TEMP TABLE batch_ctx AS
SELECT ctx_key, text, coalesce(context_id, wb_context_id_n(wb_norm_fast(text))) AS context_id
FROM _wb_batch
"""
_STAGE_BATCH_SQL = """
INSERT INTO stage
SELECT b.ord, b.ctx_key, c.context_id,
       coalesce(b.id, wb_pair_id_n(wb_norm_fast(c.text), wb_norm_fast(b.question),
                                   wb_norm_fast(b.answer))),
       b.question, b.answer, b.answerable, b.kind, b.doc_id, b.chunk, b.meta
FROM _wb_batch b LEFT JOIN batch_ctx c ON c.ctx_key = b.ctx_key
"""
# Text that wb_norm leaves as it is apart from trimming spaces: ASCII (so NFC changes nothing)
# with no control character (so no tab, newline or carriage return) and no double space.
_NO_CONTEXT = hashlib.sha256(b"\x1f")


def _plain(text: str) -> bool:
    """ASCII with no control character (tab, newline, ...) and no double space."""
    return text.isascii() and text.isprintable() and "  " not in text


def _context_hash(text: str) -> tuple[str | None, Any]:
    """(context id, sha256 state after 'context + chr(31)') when Python can normalise the text
    exactly as the SQL macros do, else (None, None) and SQL computes both."""
    if not _plain(text):
        return None, None
    norm = text.strip(" ")
    context_id = hashlib.sha256(norm.encode()).hexdigest()[:16] if norm else None
    return context_id, hashlib.sha256((norm + "\x1f").encode())


class ProgressSink(Protocol):
    """What the shells give us to show progress; bytes are the unit so every format fits."""

    def start(self, label: str, total: int) -> None: ...
    def advance(self, amount: int) -> None: ...


class _Silent:
    def start(self, label: str, total: int) -> None:
        return None

    def advance(self, amount: int) -> None:
        return None


@dataclass
class FileResult:
    """What one file contributed: counts plus the first errors, for the summary."""

    path: Path
    import_id: int
    format: str = ""
    shape: str = ""
    records: int = 0
    pairs: int = 0
    added: int = 0
    duplicates: int = 0
    errors: int = 0
    first_errors: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class ImportSummary:
    """Every file's result plus the files a folder walk skipped."""

    files: list[FileResult]
    skipped: list[Path]
    committed: bool = True

    @property
    def added(self) -> int:
        return sum(f.added for f in self.files)

    @property
    def duplicates(self) -> int:
        return sum(f.duplicates for f in self.files)

    @property
    def errors(self) -> int:
        return sum(f.errors for f in self.files)

    def to_json(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "duplicates": self.duplicates,
            "errors": self.errors,
            "committed": self.committed,
            "skipped": [str(p) for p in self.skipped],
            "files": [
                {
                    "path": str(f.path),
                    "import_id": f.import_id,
                    "format": f.format,
                    "shape": f.shape,
                    "records": f.records,
                    "pairs": f.pairs,
                    "added": f.added,
                    "duplicates": f.duplicates,
                    "errors": f.errors,
                    "first_errors": [{"where": w, "message": m} for w, m in f.first_errors],
                }
                for f in self.files
            ],
        }


def parse_mapping(items: list[str]) -> dict[str, str]:
    """`--map question=prompt` pairs into a dict, refusing unknown targets."""
    mapping: dict[str, str] = {}
    for item in items:
        target, sep, column = item.partition("=")
        target, column = target.strip(), column.strip()
        if not sep or not column:
            raise FormatError(f"--map {item}: expected FIELD=COLUMN, e.g. --map question=prompt")
        if target not in TARGETS:
            raise FormatError(
                f"--map {item}: unknown field '{target}'; one of {', '.join(TARGETS)}"
            )
        mapping[target] = column
    return mapping


def import_paths(
    con: duckdb.DuckDBPyConnection,
    paths: list[Path],
    *,
    fmt: str | None = None,
    source: str | None = None,
    mapping: dict[str, str] | None = None,
    strict: bool = False,
    encoding: str = "utf-8",
    max_field_chars: int = DEFAULT_MAX_FIELD_CHARS,
    progress: ProgressSink | None = None,
) -> ImportSummary:
    """Import files and folders in one transaction; see the module docstring for the guarantees."""
    if fmt is not None and fmt not in CONTAINERS + SHAPES:
        raise FormatError(f"unknown format '{fmt}'; one of {', '.join(CONTAINERS + SHAPES)}")
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise FormatError(
            f"--encoding {encoding}: unknown encoding '{encoding}'; e.g. utf-8, latin-1, cp1252"
        ) from None
    files, skipped = expand_paths(paths)
    if not files:
        raise FormatError(f"nothing to import in {', '.join(map(str, paths))}: no data files found")
    sink = progress or _Silent()
    summary = ImportSummary([], skipped)
    with _no_gc(), _memory_limit(con, IMPORT_MEMORY_LIMIT), transaction(con):
        for path in files:
            importer = _FileImport(
                con, path, fmt, source, mapping or {}, encoding, max_field_chars, sink
            )
            summary.files.append(importer.run())
        if strict and summary.errors:
            summary.committed = False
            raise ImportRejectedError(_strict_message(summary))
    return summary


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cycle collector: an import allocates millions of short-lived dicts and strings
    but no cycles, and collections triggered by that churn cost several percent."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def _memory_limit(con: duckdb.DuckDBPyConnection, limit: str) -> Iterator[None]:
    """Cap DuckDB's buffer pool while importing (staging spills to disk instead of growing
    the process); a lower limit set by the caller is kept, and the old one is restored."""
    old = scalar(con, "SELECT current_setting('memory_limit')")
    con.execute(f"SET memory_limit = '{limit}'")
    if _bytes(old) < _bytes(scalar(con, "SELECT current_setting('memory_limit')")):
        con.execute(f"SET memory_limit = '{old}'")
    try:
        yield
    finally:
        con.execute(f"SET memory_limit = '{old}'")


def _bytes(setting: str) -> float:
    number, _, unit = setting.strip().partition(" ")
    scale = {"": 1, "B": 1, "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40}
    scale |= {"KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12}
    try:
        return float(number) * scale.get(unit, 1)
    except ValueError:
        return float("inf")


def _strict_message(summary: ImportSummary) -> str:
    bad = next(f for f in summary.files if f.errors)
    where, message = bad.first_errors[0] if bad.first_errors else ("", "")
    return f"--strict: nothing imported: {summary.errors} bad record(s); first: {bad.path}: {where}: {message}"


class _FileImport:
    """One file's pass: detect, stream records into a staging table, merge, count."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        path: Path,
        fmt: str | None,
        source: str | None,
        mapping: dict[str, str],
        encoding: str,
        max_field_chars: int,
        sink: ProgressSink,
    ) -> None:
        self.con, self.path, self.fmt, self.mapping = con, path, fmt, mapping
        self.source = source or path.stem
        self.encoding, self.max_chars, self.sink = encoding, max_field_chars, sink
        self.import_id = int(scalar(con, "SELECT nextval('import_seq')"))
        self.result = FileResult(path, self.import_id)
        self.ord = 0
        self.rows: list[list[Any]] = [[] for _ in _STAGE_SCHEMA]
        self.line = 0
        self.ctx_keys: dict[str, tuple[int, str | None, Any]] = {}
        self.ctx_next = 0
        self.errors: list[list[Any]] = [[] for _ in _ERROR_SCHEMA]

    def run(self) -> FileResult:
        self.con.execute(
            "INSERT INTO imports (import_id, source, path, format, started_at, options) "
            "VALUES (?, ?, ?, '', ?, ?)",
            [
                self.import_id,
                self.source,
                str(self.path),
                _now(),
                orjson.dumps(self._options()).decode(),
            ],
        )
        self.con.execute(_STAGE_SQL)
        try:
            self._read()
        except FormatError as exc:
            self._error(Record(None, "file", error=str(exc).removeprefix(f"{self.path}: ")))
        except (OSError, UnicodeError, pa.ArrowException) as exc:
            # A file that stops being readable part-way: what was read still goes in.
            message = f"the file could not be read to the end ({type(exc).__name__}: {exc})"
            self._error(Record(None, "file", error=message))
        self._flush_rows()
        self._flush_errors()
        self._merge()
        return self.result

    def _options(self) -> dict[str, Any]:
        return {"format": self.fmt, "map": self.mapping, "encoding": self.encoding}

    def _read(self) -> None:
        container = detect_container(self.path, self.fmt)
        self.result.format = container
        size = self.path.stat().st_size if self.path.is_file() else 0
        self.sink.start(self.path.name, size)
        if container == "jsonl" and self._read_flat_jsonl():
            return
        records = READERS[container](self.path, self.encoding, self.sink.advance)
        sample, records = _peek(records, SAMPLE)
        if not sample:
            for rec in records:
                self.result.records += 1
                self._error(rec)
            if not self.result.records:
                self._error(Record(None, "file", error="the file holds no records (empty)"))
            return
        forced = self.fmt if self.fmt in SHAPES else None
        shape = detect_shape([r.data for r in sample], str(self.path), forced, self.mapping)
        self.result.shape = shape.name
        for rec in records:
            self._record(rec, shape)

    def _record(self, rec: Record, shape: Shape) -> None:
        self.result.records += 1
        if rec.error is not None:
            self._error(rec)
            return
        for item in to_pairs(rec, shape):
            if isinstance(item, Record):
                self._error(item)
            else:
                self._add(item, rec)

    def _read_flat_jsonl(self) -> bool:
        """UTF-8 JSON Lines of flat question/answer records, the bulk case, read in one tight loop.

        A line takes the fast path only when it is exactly what the general path would accept
        unchanged (text question and answer, no flags, no nested meta, within the limits);
        every other line, blank or bad ones included, goes through the general path, so the
        pairs, errors and messages are the same either way. Returns False when the file is not
        such a file (another shape, encoding or byte-order mark) and nothing was read.
        """
        if codecs.lookup(self.encoding).name != "utf-8" or self.fmt not in (None, "jsonl", "qa"):
            return False
        with self.path.open("rb") as fh:
            if sniff_encoding(fh.read(4), "utf-8")[0] != "utf-8":
                return False
        sample: list[dict[str, Any]] = []
        with self.path.open("rb") as fh:
            for number, raw in enumerate(fh, start=1):
                rec = jsonl_record(number, raw.removeprefix(b"\xef\xbb\xbf"))
                if rec is not None and rec.data is not None:
                    sample.append(rec.data)
                if len(sample) >= SAMPLE or number >= 50 * SAMPLE:
                    break
        if not sample:
            return False
        forced = self.fmt if self.fmt in SHAPES else None
        shape = detect_shape(sample, str(self.path), forced, self.mapping)
        if shape.name != "qa":
            return False
        self.result.shape = shape.name
        self._flat_loop(shape)
        return True

    def _flat_loop(self, shape: Shape) -> None:
        """The per-line loop; staging is inlined from `_stage` because this runs a million times."""
        mapping = shape.mapping
        qkey, akey = mapping.get("question"), mapping.get("answer")
        ckey, dkey = mapping.get("context", ""), mapping.get("doc_id", "")
        hkey, kkey = mapping.get("chunk", ""), mapping.get("kind", "kind")
        used = (*dict.fromkeys(mapping.values()), "is_impossible", "answerable")
        limit, kinds, batch, no_context = self.max_chars, KINDS, BATCH, _NO_CONTEXT
        loads, decode_error, dumps_, str_, int_ = (
            orjson.loads,
            orjson.JSONDecodeError,
            orjson.dumps,
            str,
            int,
        )
        advance, done = self.sink.advance, 0
        fast = 0
        try:
            with self.path.open("rb") as fh:
                if fh.read(3) != b"\xef\xbb\xbf":
                    fh.seek(0)
                while True:
                    # Locals rebound after every flush or general-path record, both of which
                    # may start a new batch.
                    ctx_keys, ord_, first, number = self.ctx_keys, self.ord, self.rows[0], self.line
                    last_context, last_entry = None, None
                    ap_ord, ap_key, ap_id, ap_q, ap_a, ap_ok, ap_kind, ap_doc, ap_chunk, ap_meta = (
                        column.append for column in self.rows
                    )
                    for raw in fh:
                        number += 1
                        try:
                            d = loads(raw)
                        except decode_error:
                            break
                        if type(d) is not dict:
                            break
                        q, a, c = d.get(qkey), d.get(akey), d.get(ckey)
                        doc, chunk, kind = d.get(dkey), d.get(hkey), d.get(kkey)
                        if not (
                            type(q) is str_
                            and type(a) is str_
                            and (c is None or type(c) is str_)
                            and (doc is None or type(doc) is str_ or type(doc) is int_)
                            and (chunk is None or type(chunk) is str_ or type(chunk) is int_)
                            and (kind is None or (type(kind) is str_ and kind in kinds))
                            and len(q) <= limit
                            and len(a) <= limit
                            and (c is None or len(c) <= limit)
                            and "is_impossible" not in d
                            and "answerable" not in d
                            and "meta" not in d
                            and q.strip()
                            and a.strip()
                        ):
                            break
                        for k in used:
                            d.pop(k, None)
                        meta = dumps_(d).decode() if d else None
                        if meta is not None and len(meta) > limit:
                            break
                        if c is None:
                            key, prefix = None, no_context
                        elif c == last_context:
                            # Pairs of one context usually sit together: a compare beats a hash.
                            key, prefix = last_entry[0], last_entry[2]
                        else:
                            last_context, last_entry = c, ctx_keys.get(c)
                            if last_entry is None:
                                last_entry = ctx_keys[c] = (self.ctx_next, *_context_hash(c))
                                self.ctx_next += 1
                            key, prefix = last_entry[0], last_entry[2]
                        pair_id = None
                        if (
                            prefix is not None
                            and q.isascii()
                            and a.isascii()
                            and q.isprintable()
                            and a.isprintable()
                            and "  " not in q
                            and "  " not in a
                        ):
                            state = prefix.copy()
                            state.update(f"{q.strip(' ')}\x1f{a.strip(' ')}".encode())
                            pair_id = state.hexdigest()[:16]
                        ap_ord(ord_)
                        ap_key(key)
                        ap_id(pair_id)
                        ap_q(q)
                        ap_a(a)
                        ap_ok(True)
                        ap_kind(kind if kind is not None else ("qa" if c else "instruction"))
                        ap_doc(None if doc is None or doc == "" else str_(doc))
                        ap_chunk(None if chunk is None or chunk == "" else str_(chunk))
                        ap_meta(meta)
                        ord_ += 1
                        fast += 1
                        if len(first) >= batch:
                            raw = None
                            break
                    else:
                        break
                    self.ord, self.line = ord_, number
                    if raw is None:
                        self._flush_rows()
                        position = fh.tell()
                        advance(position - done)
                        done = position
                    else:
                        # Anything the fast path does not take goes the general way.
                        rec = jsonl_record(number, raw)
                        if rec is not None:
                            self._record(rec, shape)
            self.ord = ord_
        finally:
            self.result.records += fast
            self.result.pairs += fast
        advance(self.path.stat().st_size - done)

    def _add(self, pair: Pair, rec: Record) -> None:
        meta = dumps(pair.meta) if pair.meta else None
        problem = self._problem(pair, meta)
        if problem is not None:
            name, message = problem
            # The whole record is the raw text unless the pair is one item of a generator list.
            if pair.location == rec.location:
                raw = dumps(rec.data)
            else:
                raw = dumps(
                    {"question": pair.question, "answer": pair.answer, "context": pair.context}
                    | pair.meta
                )
            self._error(Record(pair.line, pair.location, raw=raw, field=name, error=message))
            return
        self._stage(
            pair.context,
            pair.question,
            pair.answer,
            pair.answerable,
            pair.kind,
            pair.doc_id,
            pair.chunk,
            meta,
        )

    def _stage(
        self,
        context: str | None,
        question: str,
        answer: str,
        answerable: bool,
        kind: str,
        doc_id: str | None,
        chunk: str | None,
        meta: str | None,
    ) -> None:
        """Append one accepted pair to the current batch; its context joins the batch's set."""
        self.result.pairs += 1
        if context is None:
            key, prefix = None, _NO_CONTEXT
        else:
            entry = self.ctx_keys.get(context)
            if entry is None:
                entry = self.ctx_keys[context] = (self.ctx_next, *_context_hash(context))
                self.ctx_next += 1
            key, prefix = entry[0], entry[2]
        pair_id = None
        # The pair id is sha256(context + chr(31) + question + chr(31) + answer): the context's
        # state is hashed once and copied, so a long shared context is not hashed per pair.
        if prefix is not None and _plain(question) and _plain(answer):
            state = prefix.copy()
            state.update(f"{question.strip(' ')}\x1f{answer.strip(' ')}".encode())
            pair_id = state.hexdigest()[:16]
        values = (self.ord, key, pair_id, question, answer, answerable, kind, doc_id, chunk, meta)
        for column, value in zip(self.rows, values, strict=True):
            column.append(value)
        self.ord += 1
        if len(self.rows[0]) >= BATCH:
            self._flush_rows()

    def _problem(self, pair: Pair, meta: str | None) -> tuple[str, str] | None:
        """Why a pair cannot go in, as (field, message): blank text, or a field over the limit."""
        if not pair.question.strip():
            return "question", "the question is empty"
        if pair.answerable and not pair.answer.strip():
            return "answer", (
                "the answer is empty (an unanswerable question needs answerable=false)"
            )
        limit = self.max_chars
        for name in ("context", "question", "answer"):
            value = getattr(pair, name)
            if value is not None and len(value) > limit:
                return name, _too_long(name, len(value), limit)
        if meta is not None and len(meta) > limit:
            sizes = {k: len(dumps(v)) for k, v in pair.meta.items()}
            name = max(sizes, key=sizes.__getitem__)
            if sizes[name] > limit:
                return name, _too_long(name, sizes[name], limit)
            return "meta", _too_long("meta", len(meta), limit, "its other fields together")
        return None

    def _error(self, rec: Record) -> None:
        self.result.errors += 1
        if len(self.result.first_errors) < 5:
            self.result.first_errors.append((rec.location, rec.error or ""))
        values = (
            self.import_id,
            str(self.path),
            rec.line,
            rec.location,
            rec.field,
            rec.error,
            rec.raw,
        )
        for column, value in zip(self.errors, values, strict=True):
            column.append(value)
        if len(self.errors[0]) >= BATCH:
            self._flush_errors()

    def _flush_rows(self) -> None:
        """Normalise and hash the batch in SQL: each distinct context once, then every pair id."""
        if not self.rows[0]:
            return
        con = self.con
        if self.ctx_keys:
            entries = self.ctx_keys.values()
            contexts = [[e[0] for e in entries], list(self.ctx_keys), [e[1] for e in entries]]
            _run_with(con, _CTX_SCHEMA, contexts, _BATCH_CTX_SQL)
            con.execute(
                "INSERT INTO stage_ctx SELECT ctx_key, text, context_id FROM batch_ctx "
                "WHERE context_id IS NOT NULL"
            )
        else:
            con.execute(
                "CREATE OR REPLACE TEMP TABLE batch_ctx "
                "(ctx_key BIGINT, text VARCHAR, context_id VARCHAR)"
            )
        _run_with(con, _STAGE_SCHEMA, self.rows, _STAGE_BATCH_SQL)
        self.rows = [[] for _ in _STAGE_SCHEMA]
        self.ctx_keys = {}

    def _flush_errors(self) -> None:
        _run_with(
            self.con,
            _ERROR_SCHEMA,
            self.errors,
            "INSERT INTO import_errors SELECT * FROM _wb_batch",
        )
        self.errors = [[] for _ in _ERROR_SCHEMA]

    def _merge(self) -> None:
        con = self.con
        con.execute(
            """
            INSERT INTO contexts
            SELECT f.context_id, c.text, f.doc_id, f.chunk
            FROM (
                SELECT context_id, arg_min(ctx_key, ord) AS ctx_key,
                       arg_min(doc_id, ord) AS doc_id, arg_min(chunk, ord) AS chunk
                FROM stage WHERE context_id IS NOT NULL GROUP BY context_id
            ) f
            JOIN stage_ctx c ON c.ctx_key = f.ctx_key
            WHERE NOT EXISTS (SELECT 1 FROM contexts x WHERE x.context_id = f.context_id)
            """
        )
        # seq follows the order pairs were read in; pairs skipped as duplicates leave gaps,
        # which is cheaper than numbering a million rows with a window and changes no order.
        base = scalar(con, "SELECT coalesce(max(seq), 0) FROM pairs")
        added = scalar(
            con,
            """
            INSERT INTO pairs
            SELECT s.id, ? + 1 + s.ord, s.context_id, s.question,
                   s.answer, s.answerable, s.kind, ?, s.meta, ?, ?
            FROM stage s
            SEMI JOIN (SELECT min(ord) AS ord FROM stage GROUP BY id) f ON f.ord = s.ord
            WHERE NOT EXISTS (SELECT 1 FROM pairs p WHERE p.id = s.id)
            """,
            [base, self.source, self.import_id, _now()],
        )
        self.result.added = int(added)
        self.result.duplicates = self.result.pairs - self.result.added
        con.execute(
            "UPDATE imports SET format = ?, finished_at = ?, records = ?, added = ?, duplicates = ?, "
            "errors = ? WHERE import_id = ?",
            [
                "/".join(p for p in (self.result.format, self.result.shape) if p),
                _now(),
                self.result.records,
                self.result.added,
                self.result.duplicates,
                self.result.errors,
                self.import_id,
            ],
        )
        con.execute("DROP TABLE stage; DROP TABLE stage_ctx; DROP TABLE IF EXISTS batch_ctx")


def _run_with(
    con: duckdb.DuckDBPyConnection, schema: pa.Schema, columns: list[list[Any]], sql: str
) -> None:
    """Run `sql` with the column lists visible as `_wb_batch`: one statement per batch, not per row."""
    if not columns[0]:
        return
    arrays = [pa.array(values, f.type) for values, f in zip(columns, schema, strict=True)]
    con.register("_wb_batch", pa.Table.from_arrays(arrays, schema=schema))
    try:
        con.execute(sql)
    finally:
        con.unregister("_wb_batch")


def _too_long(name: str, size: int, limit: int, what: str | None = None) -> str:
    return (
        f"{what or f'field {name!r}'} is {size:,} characters, over the {limit:,} limit "
        "(raise it with --max-field-chars)"
    )


def _peek(records: Iterator[Record], n: int) -> tuple[list[Record], Iterator[Record]]:
    """The first n readable records (for shape detection) and an iterator that replays everything."""
    head: list[Record] = []
    seen: list[Record] = []
    for rec in records:
        seen.append(rec)
        if rec.data is not None:
            head.append(rec)
            if len(head) >= n:
                break
    return head, itertools.chain(seen, records)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
