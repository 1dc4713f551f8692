"""Import: files → records → pairs → one transaction into the store; nothing a file held is lost.

Valid pairs go in, every bad piece goes to `import_errors` with file, line, field and raw text.
The whole command is one transaction, so a kill half-way leaves the store as it was; `strict`
rolls everything back when any piece is bad.
"""

from __future__ import annotations

import codecs
import itertools
from collections.abc import Iterator
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
from storage.formats.readers import READERS
from storage.formats.records import Record
from storage.formats.shapes import SHAPES, TARGETS, Pair, detect_shape, to_pairs

BATCH = 50_000
SAMPLE = 200
DEFAULT_MAX_FIELD_CHARS = 1_000_000

_STAGE_SCHEMA = pa.schema(
    [
        ("ord", pa.int64()),
        ("line", pa.int64()),
        ("location", pa.string()),
        ("context", pa.string()),
        ("question", pa.string()),
        ("answer", pa.string()),
        ("answerable", pa.bool_()),
        ("kind", pa.string()),
        ("doc_id", pa.string()),
        ("chunk", pa.string()),
        ("meta", pa.string()),
    ]
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
    with transaction(con):
        for path in files:
            importer = _FileImport(
                con, path, fmt, source, mapping or {}, encoding, max_field_chars, sink
            )
            summary.files.append(importer.run())
        if strict and summary.errors:
            summary.committed = False
            raise ImportRejectedError(_strict_message(summary))
    return summary


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
        self.import_id = int(con.execute("SELECT nextval('import_seq')").fetchone()[0])
        self.result = FileResult(path, self.import_id)
        self.ord = itertools.count()
        self.rows: list[list[Any]] = [[] for _ in _STAGE_SCHEMA]
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
        self.con.execute(
            "CREATE OR REPLACE TEMP TABLE stage (ord BIGINT, line BIGINT, location VARCHAR, "
            "context VARCHAR, question VARCHAR, answer VARCHAR, answerable BOOLEAN, kind VARCHAR, "
            "doc_id VARCHAR, chunk VARCHAR, meta VARCHAR)"
        )
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
            self.result.records += 1
            if rec.error is not None:
                self._error(rec)
                continue
            for item in to_pairs(rec, shape):
                if isinstance(item, Record):
                    self._error(item)
                else:
                    self._add(item, rec)

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
        self.result.pairs += 1
        values = (
            next(self.ord),
            pair.line,
            pair.location,
            pair.context,
            pair.question,
            pair.answer,
            pair.answerable,
            pair.kind,
            pair.doc_id,
            pair.chunk,
            meta,
        )
        for column, value in zip(self.rows, values, strict=True):
            column.append(value)
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
        _append(self.con, "stage", self.rows, _STAGE_SCHEMA)
        self.rows = [[] for _ in _STAGE_SCHEMA]

    def _flush_errors(self) -> None:
        _append(self.con, "import_errors", self.errors, _ERROR_SCHEMA)
        self.errors = [[] for _ in _ERROR_SCHEMA]

    def _merge(self) -> None:
        con = self.con
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE staged AS
            SELECT s.*, wb_context_id_n(nc) AS context_id,
                   wb_pair_id_n(nc, wb_norm(question), wb_norm(answer)) AS id
            FROM (SELECT *, wb_norm(context) AS nc FROM stage) s
            """
        )
        con.execute(
            """
            INSERT INTO contexts
            SELECT context_id, arg_min(context, ord), arg_min(doc_id, ord), arg_min(chunk, ord)
            FROM staged s
            WHERE context_id IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM contexts c WHERE c.context_id = s.context_id)
            GROUP BY context_id
            """
        )
        base = con.execute("SELECT coalesce(max(seq), 0) FROM pairs").fetchone()[0]
        added = con.execute(
            """
            INSERT INTO pairs
            SELECT s.id, ? + row_number() OVER (ORDER BY s.ord), s.context_id, s.question, s.answer,
                   s.answerable, s.kind, ?, s.meta, ?, ?
            FROM (SELECT * FROM staged QUALIFY row_number() OVER (PARTITION BY id ORDER BY ord) = 1) s
            WHERE NOT EXISTS (SELECT 1 FROM pairs p WHERE p.id = s.id)
            """,
            [base, self.source, self.import_id, _now()],
        ).fetchone()[0]
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
        con.execute("DROP TABLE staged")
        con.execute("DROP TABLE stage")


def _append(
    con: duckdb.DuckDBPyConnection, table: str, columns: list[list[Any]], schema: pa.Schema
) -> None:
    """Bulk-append column lists through Arrow: one INSERT per batch, not one per row."""
    if not columns[0]:
        return
    arrays = [pa.array(values, f.type) for values, f in zip(columns, schema, strict=True)]
    con.register("_wb_batch", pa.Table.from_arrays(arrays, schema=schema))
    try:
        con.execute(f"INSERT INTO {table} SELECT * FROM _wb_batch")
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
