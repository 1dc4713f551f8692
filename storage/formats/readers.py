"""Container readers: each turns one file into Records, keeping every unreadable piece with its place."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson

from storage.errors import FormatError
from storage.formats.jsontext import (
    ArrayError,
    LineCounter,
    decode_line,
    dumps,
    iter_items,
    line_of,
)
from storage.formats.records import Record, describe_type

Progress = Callable[[int], None]

_BOMS = {
    b"\xef\xbb\xbf": "utf-8",
    b"\xff\xfe": "utf-16-le",
    b"\xfe\xff": "utf-16-be",
}


# Progress is reported in steps of about this many bytes, not per line.
_PROGRESS_STEP = 1 << 20


def _noop(_: int) -> None:
    return None


def sniff_encoding(head: bytes, encoding: str) -> tuple[str, int]:
    """Honour a byte-order mark over the requested encoding; return (encoding, BOM length)."""
    for bom, name in _BOMS.items():
        if head.startswith(bom):
            return name, len(bom)
    return encoding, 0


def read_text(path: Path, encoding: str) -> str:
    """Whole-file text for formats that are one JSON document; a decode error names its line."""
    data = path.read_bytes()
    enc, skip = sniff_encoding(data[:4], encoding)
    try:
        return data[skip:].decode(enc)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise FormatError(
            f"{path}: line {line}: not valid {enc} (byte 0x{data[exc.start]:02x}); "
            "re-save the file as UTF-8 or pass --encoding"
        ) from None


def read_jsonl(path: Path, encoding: str = "utf-8", progress: Progress = _noop) -> Iterator[Record]:
    """One record per non-blank line; a bad line becomes an error record, the rest still count."""
    with path.open("rb") as fh:
        head = fh.read(4)
        enc, skip = sniff_encoding(head, encoding)
        fh.seek(skip)
        if enc.startswith("utf-16"):
            yield from _jsonl_lines(io.TextIOWrapper(fh, encoding=enc, newline=""), progress)
            return
        pending = 0
        for number, raw in enumerate(fh, start=1):
            pending += len(raw)
            if pending >= _PROGRESS_STEP:
                progress(pending)
                pending = 0
            rec = jsonl_record(number, raw, enc)
            if rec is not None:
                yield rec
        progress(pending)


def jsonl_record(number: int, raw: bytes, encoding: str = "utf-8") -> Record | None:
    """The record on one JSONL line (None for a blank line), or an error record keeping its text."""
    stripped = raw.strip()
    if not stripped:
        return None
    value, error, text = decode_line(stripped, encoding)
    return _record_from_value(number, f"line {number}", value, error, text or None, stripped)


def _jsonl_lines(text_stream: io.TextIOWrapper, progress: Progress) -> Iterator[Record]:
    for number, line in enumerate(text_stream, start=1):
        progress(len(line))
        if not line.strip():
            continue
        try:
            value, error = json.loads(line), None
        except json.JSONDecodeError as exc:
            value, error = None, f"invalid JSON: {exc.msg} at column {exc.colno}"
        yield _record_from_value(number, f"line {number}", value, error, line.strip(), None)


def _record_from_value(
    line: int | None,
    location: str,
    value: Any,
    error: str | None,
    text: str | None,
    raw: bytes | None,
) -> Record:
    if error is None and not isinstance(value, dict):
        error = f"expected a JSON object, got {describe_type(value)}"
    if error is not None:
        if text is None and raw is not None:
            text = raw.decode("utf-8", errors="backslashreplace")
        return Record(line, location, raw=text, error=error)
    return Record(line, location, data=value)


def read_json(path: Path, encoding: str = "utf-8", progress: Progress = _noop) -> Iterator[Record]:
    """A JSON array of objects (or one object); a broken element costs only itself."""
    text = read_text(path, encoding)
    progress(path.stat().st_size)
    start = len(text) - len(text.lstrip())
    if start == len(text):
        return
    if text[start : start + 1] == "{":
        try:
            value = orjson.loads(text)
        except orjson.JSONDecodeError as exc:
            yield Record(None, "file", raw=text, error=f"invalid JSON: {exc}")
            return
        yield _record_from_value(line_of(text, start), "item 1", value, None, None, None)
        return
    lines = LineCounter(text)
    try:
        for index, piece in enumerate(iter_items(text), start=1):
            line, where = lines.at(piece.offset), f"item {index}"
            if piece.error is not None:
                yield Record(line, where, raw=piece.raw, error=piece.error)
            elif isinstance(piece.value, dict):
                yield Record(line, where, data=piece.value)
            else:
                error = f"expected a JSON object, got {describe_type(piece.value)}"
                yield Record(line, where, raw=dumps(piece.value), error=error)
    except ArrayError as exc:
        yield Record(line_of(text, exc.offset), "file", raw=text, error=str(exc))


def read_csv(
    path: Path, encoding: str = "utf-8", progress: Progress = _noop, delimiter: str = ","
) -> Iterator[Record]:
    """Rows keyed by the header; quoted newlines are fine, a row with the wrong width is an error."""
    csv.field_size_limit(sys.maxsize)
    with path.open("rb") as probe:
        enc, _ = sniff_encoding(probe.read(4), encoding)
    with path.open("r", encoding=enc, errors="surrogateescape", newline="") as fh:
        reader = csv.reader(fh, delimiter=delimiter)
        header = next(reader, None)
        if header is None:
            return
        header = _header([name.strip().lstrip("\ufeff") for name in header])
        last_line = reader.line_num
        for row in _csv_rows(reader, path):
            first = last_line + 1
            last_line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            progress(sum(len(cell) + 1 for cell in row))
            location = f"line {first}"
            raw = _csv_raw(row, delimiter)
            if len(row) != len(header):
                yield Record(
                    first,
                    location,
                    raw=raw,
                    error=f"expected {len(header)} fields (as in the header), found {len(row)}",
                )
                continue
            bad = next(
                (name for name, cell in zip(header, row, strict=True) if _has_surrogates(cell)),
                None,
            )
            if bad is not None:
                yield Record(
                    first,
                    location,
                    raw=raw,
                    field=bad,
                    error=f"field '{bad}' is not valid {enc}; re-save the file as UTF-8 or pass --encoding",
                )
                continue
            yield Record(first, location, data=dict(zip(header, row, strict=True)))


def _header(names: list[str]) -> list[str]:
    """Column names made unique (`x`, `x.1`, ...) and never blank, so no cell is dropped."""
    seen: set[str] = set()
    out: list[str] = []
    for index, name in enumerate(names, start=1):
        base = name or f"column_{index}"
        unique, n = base, 0
        while unique in seen:
            n += 1
            unique = f"{base}.{n}"
        seen.add(unique)
        out.append(unique)
    return out


def _csv_rows(reader: Any, path: Path) -> Iterator[list[str]]:
    try:
        yield from reader
    except csv.Error as exc:
        raise FormatError(
            f"{path}: line {reader.line_num}: {exc}; the rest of the file was not read"
        ) from None


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _csv_raw(row: list[str], delimiter: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerow(row)
    return (
        out.getvalue()
        .rstrip("\r\n")
        .encode("utf-8", "surrogateescape")
        .decode("utf-8", errors="backslashreplace")
    )


def read_parquet(
    path: Path, encoding: str = "utf-8", progress: Progress = _noop
) -> Iterator[Record]:
    """Rows of a Parquet file, read in batches so large files stream."""
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:
        raise FormatError(f"{path}: not a readable Parquet file ({exc})") from None
    yield from _arrow_rows(
        pf.iter_batches(batch_size=8192), progress, path.stat().st_size, pf.metadata.num_rows
    )


def _arrow_rows(
    batches: Any,
    progress: Progress,
    size: int,
    total: int,
    split: str | None = None,
    start: int = 0,
) -> Iterator[Record]:
    """Rows as records; a split name goes into each record and its location (rows restart per split)."""
    row = start
    prefix = f"{split} row" if split else "row"
    for batch in batches:
        for item in batch.to_pylist():
            row += 1
            if split:
                item["hf_split" if "split" in item else "split"] = split
            yield Record(None, f"{prefix} {row}", data=item)
        progress(int(size * batch.num_rows / total) if total else batch.nbytes)


def read_hf(path: Path, encoding: str = "utf-8", progress: Progress = _noop) -> Iterator[Record]:
    """A `datasets` folder from `save_to_disk` (one Dataset or a DatasetDict), read as Arrow directly."""
    import pyarrow as pa

    if (path / "dataset_dict.json").exists():
        splits = json.loads((path / "dataset_dict.json").read_text())["splits"]
        folders = [(path / split, split) for split in splits]
    else:
        folders = [(path, None)]
    for folder, split in folders:
        state_file = folder / "state.json"
        if not state_file.exists():
            raise FormatError(f"{folder}: no state.json: not a dataset saved with save_to_disk")
        state = json.loads(state_file.read_text())
        done = 0
        for entry in state.get("_data_files", []):
            arrow_file = folder / entry["filename"]
            with pa.memory_map(str(arrow_file)) as source:
                try:
                    reader = pa.ipc.open_stream(source)
                except pa.ArrowInvalid:
                    reader = pa.ipc.open_file(source)
                    batches = (reader.get_batch(i) for i in range(reader.num_record_batches))
                else:
                    batches = iter(reader)
                for rec in _arrow_rows(batches, progress, 0, 0, split, done):
                    done += 1
                    yield rec


def read_squad(path: Path, encoding: str = "utf-8", progress: Progress = _noop) -> Iterator[Record]:
    """SQuAD nested JSON (data → paragraphs → qas): one record per question, with its context."""
    text = read_text(path, encoding)
    progress(path.stat().st_size)
    try:
        doc = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        yield Record(None, "file", raw=text[:2000], error=f"invalid JSON: {exc}")
        return
    if not isinstance(doc, dict) or not isinstance(doc.get("data"), list):
        raise FormatError(f"{path}: not SQuAD JSON: expected an object with a 'data' list")
    for a, article in enumerate(doc["data"]):
        title = article.get("title") if isinstance(article, dict) else None
        paragraphs = article.get("paragraphs") if isinstance(article, dict) else None
        if not isinstance(paragraphs, list):
            yield Record(
                None, f"data[{a}]", raw=_dump(article), error="article has no 'paragraphs' list"
            )
            continue
        for p, para in enumerate(paragraphs):
            where = f"data[{a}].paragraphs[{p}]"
            if not isinstance(para, dict) or not isinstance(para.get("qas"), list):
                yield Record(None, where, raw=_dump(para), error="paragraph has no 'qas' list")
                continue
            for q, qa in enumerate(para["qas"]):
                loc = f"{where}.qas[{q}]"
                if not isinstance(qa, dict):
                    yield Record(None, loc, raw=_dump(qa), error="expected a question object")
                    continue
                yield Record(None, loc, data=_squad_record(qa, para.get("context"), title, p))


def _squad_record(qa: dict[str, Any], context: Any, title: Any, paragraph: int) -> dict[str, Any]:
    rec: dict[str, Any] = {
        k: v for k, v in qa.items() if k not in ("question", "answers", "is_impossible")
    }
    rec["question"] = qa.get("question")
    answers = qa.get("answers") or []
    impossible = bool(qa.get("is_impossible", False)) or not answers
    first = answers[0] if answers and isinstance(answers[0], dict) else {}
    rec["answer"] = "" if impossible else first.get("text")
    if not impossible and "answer_start" in first:
        rec["answer_start"] = first["answer_start"]
    if len(answers) > 1:
        rec["other_answers"] = [a.get("text") for a in answers[1:] if isinstance(a, dict)]
    rec["is_impossible"] = impossible
    rec["context"] = context
    rec["doc_id"] = title
    rec["chunk_id"] = str(paragraph)
    return rec


def _dump(value: Any) -> str:
    return dumps(value)


READERS: dict[str, Callable[..., Iterator[Record]]] = {
    "jsonl": read_jsonl,
    "json": read_json,
    "csv": read_csv,
    "tsv": lambda path, encoding="utf-8", progress=_noop: read_csv(path, encoding, progress, "\t"),
    "parquet": read_parquet,
    "hf": read_hf,
    "squad": read_squad,
}
