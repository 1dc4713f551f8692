"""File writers, one per output layout; each takes Arrow batches in order and never a whole table."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any, Protocol

import orjson
import pyarrow as pa

from storage.export.query import INTERNAL, Column
from storage.export.records import SHAPERS, Row, rows


class Writer(Protocol):
    """Receives a file's batches in order; `close` finishes the file."""

    def write(self, batch: pa.RecordBatch) -> None: ...
    def close(self) -> None: ...


def _dump(value: Any, indent: bool = False) -> bytes:
    return orjson.dumps(value, default=str, option=orjson.OPT_INDENT_2 if indent else 0)


class _Records:
    """Shared by the JSON writers: rows of a batch shaped into the format's records."""

    def __init__(self, path: Path, fmt: str, columns: Sequence[Column], extra: Sequence[str]):
        self.fh: IO[bytes] = path.open("wb")
        self.columns, self.extra = columns, list(extra)
        self.shape: Callable[[Row, Sequence[str]], Row] = SHAPERS[fmt]

    def records(self, batch: pa.RecordBatch) -> list[Row]:
        return [self.shape(row, self.extra) for row in rows(batch, self.columns)]


class JsonLinesWriter(_Records):
    """One JSON object per line."""

    def write(self, batch: pa.RecordBatch) -> None:
        self.fh.write(b"".join(_dump(rec) + b"\n" for rec in self.records(batch)))

    def close(self) -> None:
        self.fh.close()


class JsonArrayWriter(_Records):
    """One JSON array, written element by element."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.fh.write(b"[")
        self.first = True

    def write(self, batch: pa.RecordBatch) -> None:
        for rec in self.records(batch):
            self.fh.write(b"\n" if self.first else b",\n")
            self.fh.write(_dump(rec, indent=True))
            self.first = False

    def close(self) -> None:
        self.fh.write(b"]\n" if self.first else b"\n]\n")
        self.fh.close()


class SquadWriter(_Records):
    """SQuAD v2: data → one article per doc_id → one paragraph per context → qas.

    Rows arrive grouped by document and context (see `record_query(by_document=True)`), so only
    the current article is held in memory.
    """

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.fh.write(b'{"version": "v2.0", "data": [')
        self.article: Row | None = None
        self.doc: object = object()
        self.context_id: str | None = None
        self.written = 0

    def write(self, batch: pa.RecordBatch) -> None:
        for row in rows(batch, self.columns):
            if self.article is None or row["doc_id"] != self.doc:
                self._flush()
                self.doc = row["doc_id"]
                self.article = {"title": row["doc_id"] or "", "paragraphs": []}
                self.context_id = None
            if row["context_id"] != self.context_id:
                self.context_id = row["context_id"]
                self.article["paragraphs"].append({"context": row["context"], "qas": []})
            self.article["paragraphs"][-1]["qas"].append(self.shape(row, self.extra))

    def _flush(self) -> None:
        if self.article is not None:
            self.fh.write(b",\n" if self.written else b"\n")
            self.fh.write(_dump(self.article))
            self.written += 1
            self.article = None

    def close(self) -> None:
        self._flush()
        self.fh.write(b"\n]}\n")
        self.fh.close()


def table_schema(schema: pa.Schema) -> pa.Schema:
    """The columns a tabular file holds: everything but the writers' internal ones."""
    return pa.schema([f for f in schema if f.name not in INTERNAL])


class ParquetWriter:
    """Parquet, one row group per batch."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        import pyarrow.parquet as pq

        self.schema = table_schema(schema)
        self.writer = pq.ParquetWriter(path, self.schema)

    def write(self, batch: pa.RecordBatch) -> None:
        self.writer.write_batch(batch.select(self.schema.names))

    def close(self) -> None:
        self.writer.close()


class ArrowStreamWriter:
    """An Arrow IPC stream: what a Hugging Face dataset is made of (see `save_hf`)."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.schema = table_schema(schema)
        self.sink = pa.OSFile(str(path), "wb")
        self.writer = pa.ipc.new_stream(self.sink, self.schema)

    def write(self, batch: pa.RecordBatch) -> None:
        self.writer.write_batch(batch.select(self.schema.names))

    def close(self) -> None:
        self.writer.close()
        self.sink.close()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return _dump(value).decode()
    return str(value)


class CsvWriter:
    """CSV with a header; lists become JSON text, booleans true/false, nulls empty cells."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.names = table_schema(schema).names
        self.fh = path.open("w", encoding="utf-8", newline="")
        self.out = csv.writer(self.fh)
        self.out.writerow(self.names)

    def write(self, batch: pa.RecordBatch) -> None:
        columns = [batch.column(name).to_pylist() for name in self.names]
        self.out.writerows([_cell(v) for v in row] for row in zip(*columns, strict=True))

    def close(self) -> None:
        self.fh.close()


_JSON_WRITERS: dict[str, type[_Records]] = {
    "jsonl": JsonLinesWriter,
    "prompt-completion": JsonLinesWriter,
    "messages": JsonLinesWriter,
    "alpaca": JsonArrayWriter,
    "squad": SquadWriter,
}
_TABLE_WRITERS: dict[str, Callable[[Path, pa.Schema], Writer]] = {
    "parquet": ParquetWriter,
    "csv": CsvWriter,
    "hf": ArrowStreamWriter,
}


def open_writer(
    fmt: str, path: Path, schema: pa.Schema, columns: Sequence[Column], extra: Sequence[str]
) -> Writer:
    """The writer for `fmt` on `path`; `extra` names the analysis fields to add to JSON records."""
    if fmt in _TABLE_WRITERS:
        return _TABLE_WRITERS[fmt](path, schema)
    return _JSON_WRITERS[fmt](path, fmt, columns, extra)


def save_hf(streams: dict[str, Path], target: Path, as_dict: bool) -> None:
    """Save Arrow stream files as a `datasets` folder: one Dataset, or a DatasetDict by split.

    `Dataset.from_file` memory-maps each stream, so even a large export is not loaded.
    """
    import datasets

    bars = datasets.is_progress_bar_enabled()
    datasets.disable_progress_bars()
    try:
        parts = {name: datasets.Dataset.from_file(str(path)) for name, path in streams.items()}
        # An empty dataset would be saved as zero shards, which `load_from_disk` cannot read.
        shards = {name: 1 if part.num_rows == 0 else None for name, part in parts.items()}
        if as_dict:
            datasets.DatasetDict(parts).save_to_disk(str(target), num_shards=shards)
        else:
            [(name, part)] = parts.items()
            part.save_to_disk(str(target), num_shards=shards[name])
    finally:
        if bars:
            datasets.enable_progress_bars()
