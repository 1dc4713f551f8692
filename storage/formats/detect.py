"""Which reader a path needs: by folder markers, extension, then a look at the first bytes."""

from __future__ import annotations

from pathlib import Path

import orjson

from storage.errors import FormatError
from storage.formats.readers import READERS
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
    with path.open("rb") as fh:
        data = fh.read(4096)
    for bom in (b"\xef\xbb\xbf",):
        if data.startswith(bom):
            data = data[len(bom) :]
    return data.lstrip()


def _json_object_kind(path: Path, head: bytes) -> str:
    """A file starting with '{' is SQuAD, one JSON object, or JSON Lines."""
    first_line = head.split(b"\n", 1)[0]
    try:
        value = orjson.loads(first_line)
    except orjson.JSONDecodeError:
        value = None
    if isinstance(value, dict):
        return "squad" if isinstance(value.get("data"), list) else "jsonl"
    if b'"data"' in head or (
        path.stat().st_size < 50_000_000 and b'"paragraphs"' in path.read_bytes()
    ):
        return "squad"
    return "json"
