"""`export_pairs`: the chosen pairs, as their current (edited) text, streamed into training files.

Every file is written under a temporary name next to its target and renamed into place only
when all of them are complete, so a failed or interrupted export never leaves half a file.
"""

from __future__ import annotations

import os
import secrets
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from storage.errors import FormatError, WorkbenchError
from storage.export.query import BASE_NAMES, SELECTED, record_query, select_pairs
from storage.export.writers import open_writer, save_hf
from storage.formats.detect import is_hf_dataset
from storage.ingest import ProgressSink
from storage.splits import DEFAULT_SEED, TRAIN, assign_splits, parse_split
from storage.sql import dicts

BATCH_ROWS = 8192


@dataclass(frozen=True)
class Format:
    """An export format: the file endings it is written to (none: a folder) and what it holds."""

    name: str
    suffixes: tuple[str, ...]
    help: str


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("jsonl", (".jsonl", ".ndjson"), "flat records that `workbench import` reads back"),
        Format("prompt-completion", (".jsonl",), 'JSONL {"prompt", "completion"}'),
        Format("messages", (".jsonl",), 'JSONL chat {"messages": [...]}'),
        Format("alpaca", (".json",), "a JSON array of {instruction, input, output}"),
        Format("squad", (".json",), "SQuAD v2 JSON (qa pairs with a context)"),
        Format("parquet", (".parquet", ".pq"), "a Parquet table"),
        Format("csv", (".csv",), "a CSV table"),
        Format("hf", (), "a Hugging Face datasets folder (save_to_disk)"),
    )
}
_BY_SUFFIX = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".csv": "csv",
}
_DATA_SUFFIXES = {s for f in FORMATS.values() for s in f.suffixes}


@dataclass
class ExportResult:
    """What an export wrote."""

    format: str
    files: list[Path]
    pairs: int
    splits: dict[str, int] = field(default_factory=dict)
    rejected_left_out: int = 0
    skipped: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "files": [str(f) for f in self.files],
            "pairs": self.pairs,
            "splits": self.splits,
            "rejected_left_out": self.rejected_left_out,
            "skipped": self.skipped,
        }


def resolve_format(out: Path, fmt: str | None) -> str:
    """The format asked for, or the one OUT's extension names; refuse a mismatch clearly."""
    suffix = out.suffix.lower()
    names = ", ".join(FORMATS)
    if fmt is None:
        if suffix in _BY_SUFFIX:
            return _BY_SUFFIX[suffix]
        if suffix == ".json":
            raise FormatError(
                f"{out}: a .json export can be Alpaca or SQuAD: pass --format alpaca or --format squad"
            )
        if not suffix or out.is_dir():
            raise FormatError(
                f"{out}: no file extension to tell the format from: pass --format hf for a "
                "Hugging Face dataset folder, or name a .jsonl, .parquet or .csv file"
            )
        raise FormatError(f"{out}: cannot tell the format from '{suffix}'; pass --format ({names})")
    if fmt not in FORMATS:
        raise FormatError(f"unknown export format '{fmt}'; one of {names}")
    wanted = FORMATS[fmt].suffixes
    if suffix in _DATA_SUFFIXES and suffix not in wanted:
        name = f"a {' or '.join(wanted)} file" if wanted else "a folder without a file extension"
        raise FormatError(f"{out}: --format {fmt} does not write {suffix} files; name {name}")
    return fmt


def _split_path(out: Path, split: str) -> Path:
    """x.jsonl → x.train.jsonl, x.eval.jsonl (x → x.train)."""
    return out.with_name(f"{out.stem}.{split}{out.suffix}")


def _check_target(target: Path, fmt: str) -> None:
    if fmt == "hf":
        if target.is_file():
            raise WorkbenchError(f"{target} is a file: --format hf writes a folder")
        if target.is_dir() and any(target.iterdir()) and not is_hf_dataset(target):
            raise WorkbenchError(
                f"{target} is a folder that is not a saved dataset: not replacing it; "
                "choose another path"
            )
    elif target.is_dir():
        raise WorkbenchError(f"{target} is a folder: name the file to write")


class _Staging:
    """Temporary outputs next to their targets: renamed into place together, or all removed."""

    def __init__(self) -> None:
        self.moves: list[tuple[Path, Path]] = []
        self.scratch: list[Path] = []

    def temp(self, target: Path, scratch: bool = False) -> Path:
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        if scratch:
            self.scratch.append(tmp)
        else:
            self.moves.append((tmp, target))
        return tmp

    def commit(self) -> None:
        for tmp, target in self.moves:
            if not target.is_dir():
                os.replace(tmp, target)
                continue
            # A dataset folder cannot be replaced in one rename: set the old one aside first.
            old = self.temp(target, scratch=True)
            target.rename(old)
            try:
                tmp.rename(target)
            except OSError:
                old.rename(target)
                raise
        self.clean(self.scratch)

    def discard(self) -> None:
        self.clean(self.scratch + [tmp for tmp, _ in self.moves])

    @staticmethod
    def clean(paths: list[Path]) -> None:
        for path in paths:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


def export_pairs(
    con: duckdb.DuckDBPyConnection,
    out: Path,
    *,
    fmt: str | None = None,
    subset: str | None = None,
    split: str | None = None,
    seed: int = DEFAULT_SEED,
    with_analysis: bool = False,
    include_rejected: bool = False,
    statuses: tuple[str, ...] | list[str] = (),
    original: bool = False,
    progress: ProgressSink | None = None,
) -> ExportResult:
    """Write the chosen pairs to OUT (or OUT's split files); see the module docstring.

    The store or one subset version (`NAME` or `NAME@VERSION`); rejected pairs are left out
    unless `include_rejected`, or only `statuses` are kept. `split` (`eval=0.1`) holds out a
    seeded, context-grouped split; without it a subset's stored splits are used, if it has any.
    """
    fmt = resolve_format(out, fmt)
    fractions = parse_split(split) if split is not None else None
    selection = select_pairs(
        con,
        subset=subset,
        statuses=statuses,
        include_rejected=include_rejected,
        needs_context=fmt == "squad",
    )
    counts: dict[str, int] = {}
    if fractions is not None:
        counts = assign_splits(con, SELECTED, fractions, seed, table="wb_export_splits")
        con.execute(f"CREATE OR REPLACE TEMP TABLE {SELECTED} AS SELECT * FROM wb_export_splits")
    elif selection.stored_splits:
        stored = dicts(con.execute(f"SELECT split, count(*) AS n FROM {SELECTED} GROUP BY 1"))
        counts = {r["split"]: int(r["n"]) for r in stored}
        counts = {TRAIN: counts.pop(TRAIN, 0), **dict(sorted(counts.items()))}
    parts: list[str | None] = list(counts) or [None]
    if fmt == "hf":
        targets = [out]
    else:
        targets = [out if name is None else _split_path(out, name) for name in parts]
    for target in targets:
        _check_target(target, fmt)
    out.parent.mkdir(parents=True, exist_ok=True)
    if progress is not None:
        progress.start(f"export {out.name}", selection.pairs)
    staging = _Staging()
    try:
        streams: dict[str, Path] = {}
        for index, name in enumerate(parts):
            if fmt == "hf":
                path = staging.temp(out.with_name(f"{out.name}.{name or TRAIN}"), scratch=True)
                streams[name or TRAIN] = path
            else:
                path = staging.temp(targets[index])
            _write(con, fmt, path, name, original, with_analysis, progress)
        if fmt == "hf":
            save_hf(streams, staging.temp(out), as_dict=bool(counts))
        staging.commit()
    except BaseException:
        staging.discard()
        raise
    finally:
        con.execute(f"DROP TABLE IF EXISTS {SELECTED}")
        con.execute("DROP TABLE IF EXISTS wb_export_splits")
    return ExportResult(
        fmt, targets, selection.pairs, counts, selection.rejected_left_out, selection.not_exportable
    )


def _write(
    con: duckdb.DuckDBPyConnection,
    fmt: str,
    path: Path,
    split: str | None,
    original: bool,
    with_analysis: bool,
    progress: ProgressSink | None,
) -> None:
    sql, params, columns = record_query(
        con,
        split=split,
        original=original,
        with_analysis=with_analysis,
        by_document=fmt == "squad",
    )
    extra = [c.name for c in columns if c.name not in BASE_NAMES]
    reader = con.sql(sql, params=params).to_arrow_reader(BATCH_ROWS)
    writer = open_writer(fmt, path, reader.schema, columns, extra)
    try:
        for batch in reader:
            writer.write(batch)
            if progress is not None:
                progress.advance(batch.num_rows)
    finally:
        writer.close()
        reader.close()
