"""Import: files → records → pairs → one transaction into the store; nothing a file held is lost.

Valid pairs go in, every bad piece goes to `import_errors` with file, line, field and raw text.
The whole command is one transaction, so a kill half-way leaves the store as it was; `strict`
rolls everything back when any piece is bad.
"""

from __future__ import annotations

import codecs
import gc
import itertools
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import duckdb
import orjson
import pyarrow as pa

from storage.db import memory_cap, transaction
from storage.errors import FormatError, ImportRejectedError
from storage.formats import flatjsonl
from storage.formats.detect import CONTAINERS, detect_container, expand_paths
from storage.formats.flatjsonl import Batch
from storage.formats.jsontext import dumps
from storage.formats.readers import READERS, jsonl_record, sniff_encoding
from storage.formats.records import Record
from storage.formats.shapes import SHAPES, TARGETS, Pair, Shape, detect_shape, to_pairs
from storage.sql import scalar

BATCH = 50_000
# DuckDB checkpoints at a commit whose WAL would pass this size, instead of writing the WAL.
CHECKPOINT_THRESHOLD = "1MB"
SAMPLE = 200
# DuckDB's buffer pool during an import: enough to stage a batch and merge, small enough that a
# million-pair import stays well under 2 GB of memory.
IMPORT_MEMORY_LIMIT = "1GB"
# Flat JSON Lines at least this big are parsed by one worker process per core (up to 8).
PARALLEL_MIN_BYTES = 64 << 20
PARALLEL_MAX_WORKERS = 8
# Ranges per worker process; more than one lets loading overlap parsing, but measured slower
# on two cores (DuckDB's threads and the workers then contend), so one.
RANGES_PER_WORKER = 1
# Each range about this much bigger than the one before, so a range is loaded while the workers
# of later ones still parse, and the last loads start little before the last parse ends. Set
# when the Python scan parsed; with the C scanner (loads ≈ 40% of a range's parse) 1.0 and 1.6
# measured within the noise of 1.17 on two cores.
RANGE_GROWTH = 1.17
# Pairs per Arrow batch a worker writes: DuckDB's row group, so each batch of a range becomes
# one row group as it is inserted, where smaller batches are stored and then merged again.
WORKER_BATCH = 122_880
DEFAULT_MAX_FIELD_CHARS = 1_000_000
# Context keys of the C scanner in this process start here, far above the general path's
# (a worker's range k starts at (k + 1) << 40 in its own process).
NATIVE_KEY_BASE = 1 << 40

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
    ord BIGINT, ctx_key BIGINT, context_id VARCHAR, doc_id VARCHAR, chunk VARCHAR);
CREATE OR REPLACE TEMP TABLE stage_ctx (ctx_key BIGINT, text VARCHAR, context_id VARCHAR);
"""
# Ids already computed in Python (see flatjsonl.context_hash) are kept; the rest are computed here.
_BATCH_CTX_SQL = """
CREATE OR REPLACE TEMP TABLE batch_ctx AS
SELECT ctx_key, text, coalesce(context_id, wb_context_id_n(wb_norm_fast(text))) AS context_id
FROM _wb_batch
"""
# Pairs go straight into `pairs` (still inside the command's one transaction); what the
# contexts table needs is kept aside in `stage` until the file is done.
_PAIRS_BATCH_SQL = """
INSERT INTO pairs
SELECT coalesce(b.id, wb_pair_id_n(wb_norm_fast(c.text), wb_norm_fast(b.question),
                                   wb_norm_fast(b.answer))),
       $base + 1 + b.ord, c.context_id, b.question, b.answer, b.answerable, b.kind, $source,
       b.meta, $import_id, $now
FROM _wb_batch b LEFT JOIN batch_ctx c ON c.ctx_key = b.ctx_key
"""
_STAGE_BATCH_SQL = """
INSERT INTO stage
SELECT b.ord + $offset, b.ctx_key, c.context_id, b.doc_id, b.chunk
FROM _wb_batch b JOIN batch_ctx c ON c.ctx_key = b.ctx_key
WHERE c.context_id IS NOT NULL
"""
# The same for a batch whose pair and context ids the worker computed all: no join, and so
# the pairs are appended in order, in whole row groups that the checkpoint leaves as they are
# (a join's parallel insert leaves small row groups that the checkpoint then rewrites).
_PAIRS_EXACT_SQL = """
INSERT INTO pairs
SELECT id, $base + 1 + ord, context_id, question, answer, answerable, kind, $source, meta,
       $import_id, $now
FROM _wb_batch
"""
_STAGE_EXACT_SQL = """
INSERT INTO stage
SELECT ord + $offset, ctx_key, context_id, doc_id, chunk FROM _wb_batch
WHERE context_id IS NOT NULL
"""
_STAGE_CTX_EXACT_SQL = """
INSERT INTO stage_ctx SELECT ctx_key, text, context_id FROM _wb_batch WHERE context_id IS NOT NULL
"""
# A pair whose id the store already held before this file, or that repeats an earlier pair of
# this file, is a duplicate: the first one read stays.
_DEDUPE_SQL = """
DELETE FROM pairs
WHERE import_id = $1
  AND (id IN (SELECT id FROM pairs WHERE import_id <> $1
                AND id IN (SELECT id FROM pairs WHERE import_id = $1))
       OR seq NOT IN (SELECT min(seq) FROM pairs WHERE import_id = $1 GROUP BY id))
"""


# Into a store that held no pairs, only repeats within the file are duplicates; finding there
# are none (the usual case) costs about a third of the delete above.
_REPEATS_SQL = """
SELECT EXISTS (SELECT id FROM pairs WHERE import_id = $1 GROUP BY id HAVING count(*) > 1)
"""


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
    if max_field_chars < 1:
        raise FormatError(f"--max-field-chars {max_field_chars}: must be at least 1 character")
    files, skipped = expand_paths(paths)
    if not files:
        raise FormatError(f"nothing to import in {', '.join(map(str, paths))}: no data files found")
    sink = progress or _Silent()
    summary = ImportSummary([], skipped)
    with (
        _no_gc(),
        memory_cap(con, IMPORT_MEMORY_LIMIT),
        _checkpoint_at_commit(con),
        transaction(con),
        _Writer() as writer,
    ):
        for path in files:
            importer = _FileImport(
                con, path, fmt, source, mapping or {}, encoding, max_field_chars, sink, writer
            )
            summary.files.append(importer.run())
        if strict and summary.errors:
            summary.committed = False
            raise ImportRejectedError(_strict_message(summary))
    return summary


@contextmanager
def _scratch(con: duckdb.DuckDBPyConnection) -> Iterator[str]:
    """A folder for the workers' files: `STORE.import/` beside the store, emptied first (only
    the process holding the write lock gets here, so what is there was left by a killed
    import), removed afterwards; a temporary folder for a store in memory."""
    store = scalar(con, "SELECT file FROM pragma_database_list WHERE name = current_database()")
    if not store:
        with tempfile.TemporaryDirectory(prefix="workbench-import-") as out:
            yield out
        return
    out = Path(store + ".import")
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    try:
        yield str(out)
    finally:
        shutil.rmtree(out, ignore_errors=True)


@contextmanager
def _checkpoint_at_commit(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Let the commit write the import's data straight into the store file: with DuckDB's
    default threshold the contexts (fewer than a row group, so not written during the
    transaction) went to the WAL at commit and were written again by the checkpoint at close."""
    old = scalar(con, "SELECT current_setting('checkpoint_threshold')")
    con.execute(f"SET checkpoint_threshold = '{CHECKPOINT_THRESHOLD}'")
    try:
        yield
    finally:
        con.execute(f"SET checkpoint_threshold = '{old}'")


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
        writer: _Writer,
    ) -> None:
        self.con, self.path, self.fmt, self.mapping = con, path, fmt, mapping
        self.writer = writer
        self.source = source or path.stem
        self.encoding, self.max_chars, self.sink = encoding, max_field_chars, sink
        self.import_id = int(scalar(con, "SELECT nextval('import_seq')"))
        self.result = FileResult(path, self.import_id)
        self.ord = 0
        self.batch = Batch()
        self.keys = itertools.count()
        self.seen: set[str] = set()
        self.inserted = 0
        self.progress = 0
        self.now = _now()
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
        self.base = scalar(self.con, "SELECT max(seq) FROM pairs")
        # Duplicates are dropped in Python while every id is known there; SQL checks at the
        # end only when the store held pairs already or some ids were computed in SQL.
        self.fresh = self.base is None
        self.sql_dedupe = not self.fresh
        self.base = self.base or 0
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
        spec = flatjsonl.Spec.from_mapping(shape.mapping, self.max_chars, BATCH)
        workers = min(os.cpu_count() or 1, PARALLEL_MAX_WORKERS)
        size = self.path.stat().st_size
        if workers > 1 and size >= PARALLEL_MIN_BYTES:
            self._flat_parallel(shape, spec, workers)
        else:
            self._flat_here(shape, spec)
        return True

    def _flat_here(self, shape: Shape, spec: flatjsonl.Spec) -> None:
        """Scan in this process; lines the scan leaves go the general way, in file order."""
        stats = flatjsonl.Stats()
        with self.path.open("rb") as fh:
            if fh.read(3) != flatjsonl.BOM:
                fh.seek(0)

            def on_batch(batch: Batch | flatjsonl.NativeBatch) -> None:
                self._submit(batch)
                position = fh.tell()
                self.sink.advance(position - self.progress)
                self.progress = position

            try:
                if flatjsonl.native_for(spec):
                    # The C scanner keeps its own pair ids, and context keys above the general
                    # path's: repeats between the two are settled by SQL, the first one staying.
                    self.sql_dedupe = True
                    lines = flatjsonl.scan_native(
                        fh, spec, on_batch, key_base=NATIVE_KEY_BASE, stats=stats
                    )
                else:
                    lines = flatjsonl.scan(
                        fh, spec, on_batch, keys=self.keys, seen=self.seen, stats=stats
                    )
                for number, raw in lines:
                    self._general_line(number, raw, shape)
            finally:
                self._count_fast(stats)
        self.sink.advance(self.path.stat().st_size - self.progress)

    def _flat_parallel(self, shape: Shape, spec: flatjsonl.Spec, workers: int) -> None:
        """Scan byte ranges in worker processes, then load their Arrow files range by range and
        send the lines they left through the general path. Line numbers and `ord` are made
        global by adding the lines of the ranges before."""
        ranges = flatjsonl.split(self.path, workers * RANGES_PER_WORKER, RANGE_GROWTH)
        line_base = 0
        with (
            _scratch(self.con) as out,
            flatjsonl.Workers(
                self.path,
                ranges,
                replace(spec, batch=WORKER_BATCH, native=flatjsonl.NATIVE),
                out,
                workers,
            ) as running,
        ):
            for (start, end), result in zip(ranges, running.results(), strict=True):
                exact = not result.stats.sql_ids
                self.writer.submit(self._load_range, result, line_base, exact)
                self._count_fast(result.stats)
                for number, raw in result.slow:
                    self._general_line(line_base + number, raw, shape)
                self._flush_rows()
                self.writer.wait()
                line_base += result.stats.lines
                self.sink.advance(end - start)
        # Each range dropped its own repeats; SQL settles those across ranges.
        self.sql_dedupe = True

    def _load_range(self, result: flatjsonl.RangeResult, line_base: int, exact: bool) -> None:
        """Load one worker's Arrow files (runs on the writer thread); `exact` when the worker
        computed every id of the range, so no SQL has to."""
        con = self.con
        if result.contexts is not None:
            contexts = pa.ipc.open_file(pa.memory_map(result.contexts)).read_all()
            if exact:
                _run_with_table(con, contexts, _STAGE_CTX_EXACT_SQL)
            else:
                _stage_contexts(con, contexts)
        if result.pairs is not None:
            pairs = pa.ipc.open_file(pa.memory_map(result.pairs)).read_all()
            base, offset = self._params(self.base + line_base), {"offset": line_base}
            if exact:
                _run_with_table(con, pairs, (_PAIRS_EXACT_SQL, base), (_STAGE_EXACT_SQL, offset))
            else:
                _run_with_table(con, pairs, (_PAIRS_BATCH_SQL, base), (_STAGE_BATCH_SQL, offset))
            self.inserted += pairs.num_rows

    def _general_line(self, number: int, raw: bytes, shape: Shape) -> None:
        self.ord = number
        rec = jsonl_record(number, raw)
        if rec is not None:
            self._record(rec, shape)

    def _count_fast(self, stats: flatjsonl.Stats) -> None:
        self.result.records += stats.fast
        self.result.pairs += stats.fast
        self.sql_dedupe |= stats.sql_ids
        stats.fast, stats.sql_ids = 0, False

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
        batch = self.batch
        if context is None:
            key, context_id, prefix = None, None, flatjsonl.NO_CONTEXT
        else:
            entry = batch.contexts.get(context)
            if entry is None:
                entry = batch.contexts[context] = (
                    next(self.keys),
                    *flatjsonl.context_hash(context),
                )
            key, context_id, prefix = entry
        pair_id = flatjsonl.pair_hash(prefix, question, answer)
        if pair_id is None:
            self.sql_dedupe = True
        elif pair_id in self.seen:
            return
        else:
            self.seen.add(pair_id)
        values = (
            self.ord,
            key,
            context_id,
            pair_id,
            question,
            answer,
            answerable,
            kind,
            doc_id,
            chunk,
            meta,
        )
        for column, value in zip(batch.columns, values, strict=True):
            column.append(value)
        self.ord += 1
        if len(batch) >= BATCH:
            self._flush_rows()

    def _problem(self, pair: Pair, meta: str | None) -> tuple[str, str] | None:
        """Why a pair cannot go in, as (field, message): a field over the limit.

        Blank or placeholder text is not refused here: such pairs go in and the empty_field flag
        says so, where the curator can see, fix or reject them.
        """
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
        """Hand the general path's batch to the writer thread and start a new one."""
        if len(self.batch):
            self._submit(self.batch)
            self.batch = Batch()

    def _submit(self, batch: Batch | flatjsonl.NativeBatch) -> None:
        self.writer.submit(_write_batch, self.con, batch, self._params(self.base))
        self.inserted += len(batch)

    def _params(self, base: int) -> dict[str, Any]:
        return {"base": base, "source": self.source, "import_id": self.import_id, "now": self.now}

    def _flush_errors(self) -> None:
        if self.errors[0]:
            sql = "INSERT INTO import_errors SELECT * FROM _wb_batch"
            self.writer.submit(_run_with, self.con, _ERROR_SCHEMA, self.errors, sql)
        self.errors = [[] for _ in _ERROR_SCHEMA]

    def _merge(self) -> None:
        self.writer.wait()
        con = self.con
        con.execute(
            """
            INSERT INTO contexts
            SELECT f.context_id, c.text, f.doc_id, f.chunk
            FROM (
                SELECT context_id, arg_min(ctx_key, ord) AS ctx_key,
                       arg_min(doc_id, ord) FILTER (WHERE doc_id IS NOT NULL) AS doc_id,
                       arg_min(chunk, ord) FILTER (WHERE doc_id IS NOT NULL) AS chunk
                FROM stage WHERE context_id IS NOT NULL GROUP BY context_id
            ) f
            JOIN stage_ctx c ON c.ctx_key = f.ctx_key
            WHERE NOT EXISTS (SELECT 1 FROM contexts x WHERE x.context_id = f.context_id)
            """
        )
        # A context first seen without a document id (e.g. as an Alpaca input) takes the id of
        # the first later pair that names one, so per-document coverage does not lose it.
        con.execute(
            """
            UPDATE contexts SET doc_id = f.doc_id, chunk = coalesce(contexts.chunk, f.chunk)
            FROM (
                SELECT context_id, arg_min(doc_id, ord) AS doc_id, arg_min(chunk, ord) AS chunk
                FROM stage WHERE context_id IS NOT NULL AND doc_id IS NOT NULL GROUP BY context_id
            ) f
            WHERE contexts.context_id = f.context_id AND contexts.doc_id IS NULL
            """
        )
        added = self.inserted
        if self.sql_dedupe and self.inserted and self._may_repeat():
            added -= scalar(con, _DEDUPE_SQL, [self.import_id])
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

    def _may_repeat(self) -> bool:
        """Whether this file's pairs may repeat a stored pair or each other (see _REPEATS_SQL)."""
        return not self.fresh or bool(scalar(self.con, _REPEATS_SQL, [self.import_id]))


def _write_batch(
    con: duckdb.DuckDBPyConnection, batch: Batch | flatjsonl.NativeBatch, params: dict[str, Any]
) -> None:
    """One batch into the store: its distinct contexts normalised and hashed once, then the
    pairs (ids Python could not compute exactly are computed here)."""
    if batch.contexts:
        _stage_contexts(con, batch.contexts_table())
    else:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE batch_ctx (ctx_key BIGINT, text VARCHAR, context_id VARCHAR)"
        )
    _run_with_table(
        con, batch.table(), (_PAIRS_BATCH_SQL, params), (_STAGE_BATCH_SQL, {"offset": 0})
    )


def _stage_contexts(con: duckdb.DuckDBPyConnection, contexts: pa.Table) -> None:
    """A batch's distinct contexts (see CONTEXT_SCHEMA) into `batch_ctx`, with the ids Python
    left to SQL computed, and those that have an id kept in `stage_ctx` for the merge."""
    _run_with_table(con, contexts, _BATCH_CTX_SQL)
    con.execute(
        "INSERT INTO stage_ctx SELECT ctx_key, text, context_id FROM batch_ctx "
        "WHERE context_id IS NOT NULL"
    )


class _Writer:
    """Runs an import's store writes on one background thread, one batch behind the reader.

    DuckDB releases the GIL while it works, so writing one batch overlaps with parsing the
    next. Tasks run in order, at most one waits; `wait` returns once all are done and re-raises
    what failed. While a task is pending only this thread touches the connection, and leaving
    the `with` block waits for it, so a rollback never races a write.
    """

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wb-import")
        self.pending: Future[None] | None = None

    def submit(self, fn: Callable[..., None], *args: Any) -> None:
        self.wait()
        self.pending = self.pool.submit(fn, *args)

    def wait(self) -> None:
        pending, self.pending = self.pending, None
        if pending is not None:
            pending.result()

    def __enter__(self) -> _Writer:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if exc[0] is None:
                self.wait()
            elif self.pending is not None:
                # Already failing: let the write in flight finish, keep the first error.
                self.pending.exception()
        finally:
            self.pool.shutdown(wait=True)


def _run_with(
    con: duckdb.DuckDBPyConnection,
    schema: pa.Schema,
    columns: list[list[Any]],
    *statements: str | tuple[str, dict[str, Any] | None],
) -> None:
    """Run SQL with the column lists visible as `_wb_batch`: statements per batch, not per row."""
    if not columns[0]:
        return
    arrays = [pa.array(values, f.type) for values, f in zip(columns, schema, strict=True)]
    _run_with_table(con, pa.Table.from_arrays(arrays, schema=schema), *statements)


def _run_with_table(
    con: duckdb.DuckDBPyConnection,
    table: pa.Table,
    *statements: str | tuple[str, dict[str, Any] | None],
) -> None:
    """Run SQL with `table` visible as `_wb_batch`: a local the SQL reads by name (DuckDB's
    replacement scan); registering it would keep every batch alive until the import commits."""
    _wb_batch = table
    for statement in statements:
        sql, params = statement if isinstance(statement, tuple) else (statement, None)
        con.execute(sql, params)


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
