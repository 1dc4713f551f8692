"""Which reader a path needs: by folder markers, extension, then a look at the first bytes."""

from __future__ import annotations

from pathlib import Path

import orjson

from storage.errors import FormatError
from storage.formats.readers import READERS, read_text, sniff_encoding
from storage.formats.shapes import SHAPES

CONTAINERS = tuple(READERS)
FORMATS = CONTAINERS + SHAPES
_EXTENSIONS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".parquet": "parquet",
    ".pq": "parquet",
}
_HF_MARKERS = ("dataset_dict.json", "state.json")
# Above this size a multi-line object is not parsed just to sniff it.
_WHOLE_FILE_SNIFF = 256 * 1024 * 1024


def is_hf_dataset(path: Path) -> bool:
    """A folder written by `datasets.save_to_disk`."""
    return path.is_dir() and any((path / m).exists() for m in _HF_MARKERS)


def expand_paths(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """Files to import (folders walked in sorted order) and files skipped as not data."""
    files: list[Path] = []
    skipped: list[Path] = []
    for path in paths:
        if not path.exists():
            raise FormatError(f"{path}: no such file or folder")
        if path.is_file() or is_hf_dataset(path):
            files.append(path)
            continue
        for child in sorted(path.rglob("*")):
            if any(part.startswith(".") for part in child.relative_to(path).parts):
                continue
            if is_hf_dataset(child):
                files.append(child)
            elif child.is_file() and not any(is_hf_dataset(p) for p in child.parents):
                (files if child.suffix.lower() in _EXTENSIONS else skipped).append(child)
    return files, skipped


def detect_container(path: Path, forced: str | None = None) -> str:
    """Name the container format of a file; a forced record shape implies JSON/JSONL by extension."""
    if forced in CONTAINERS:
        return forced
    if is_hf_dataset(path):
        return "hf"
    if path.is_dir():
        raise FormatError(f"{path}: a folder that is not a saved Hugging Face dataset")
    ext = _EXTENSIONS.get(path.suffix.lower())
    head = _head(path)
    if ext in ("json", None) and head.startswith(b"{"):
        return _json_object_kind(path, head)
    if ext is not None:
        return ext
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"["):
        return "json"
    raise FormatError(
        f"{path}: cannot tell the format from the name or the first bytes; "
        f"pass --format (one of {', '.join(FORMATS)})"
    )


def _head(path: Path) -> bytes:
    """The first bytes as UTF-8 without a byte-order mark, so UTF-16 files are sniffed too."""
    with path.open("rb") as fh:
        data = fh.read(4096)
    enc, skip = sniff_encoding(data[:4], "utf-8")
    if skip:
        data = data[skip:]
        if enc != "utf-8":
            data = data[: len(data) - len(data) % 2].decode(enc, errors="replace").encode()
    return data.lstrip()


def _first_line(path: Path) -> bytes:
    """The whole first non-blank line (UTF-8 files only), however long it is."""
    with path.open("rb") as fh:
        for raw in fh:
            line = raw.strip().removeprefix(b"\xef\xbb\xbf").strip()
            if line:
                return line
    return b""


def _json_object_kind(path: Path, head: bytes) -> str:
    """A file starting with '{' is SQuAD, one JSON object, or JSON Lines.

    A first line that parses as an object means lines (or a one-line SQuAD file). Otherwise the
    object spans lines: parse the whole file when it is small enough, and read anything that
    does not parse as lines, so each bad line becomes its own error instead of losing the file.
    """
    with path.open("rb") as fh:
        utf16 = sniff_encoding(fh.read(4), "utf-8")[0] != "utf-8"
    if not utf16:
        try:
            value = orjson.loads(_first_line(path))
        except orjson.JSONDecodeError:
            value = None
        if isinstance(value, dict):
            return "squad" if isinstance(value.get("data"), list) else "jsonl"
    if path.stat().st_size > _WHOLE_FILE_SNIFF:
        return "squad" if b'"data"' in head else "jsonl"
    try:
        value = orjson.loads(read_text(path, "utf-8"))
    except (orjson.JSONDecodeError, FormatError):
        return "jsonl"
    return "squad" if isinstance(value, dict) and isinstance(value.get("data"), list) else "json"
