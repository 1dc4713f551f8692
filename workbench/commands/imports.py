"""`workbench import` and `workbench errors`: get pairs in, and see what was refused."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from storage.db import open_store
from storage.formats.detect import FORMATS
from storage.ingest import (
    DEFAULT_MAX_FIELD_CHARS,
    FileResult,
    ImportSummary,
    import_paths,
    parse_mapping,
)
from storage.summary import import_errors
from workbench.cli import app
from workbench.console import err, friendly, out, print_json, progress_bar, state


@app.command("import")
@friendly
def import_cmd(
    paths: list[Path] = typer.Argument(
        ..., help="Files or folders (folders are walked).", show_default=False
    ),
    fmt: str | None = typer.Option(
        None, "--format", "-f", help=f"Skip detection: one of {', '.join(FORMATS)}."
    ),
    source: str | None = typer.Option(
        None, "--source", help="Label the pairs with this source (default: each file's name)."
    ),
    mapping: list[str] = typer.Option(
        [],
        "--map",
        help="Read a field from another column, e.g. --map question=prompt (repeatable).",
    ),
    strict: bool = typer.Option(
        False, "--strict", help="All or nothing: import nothing if any record is bad."
    ),
    encoding: str = typer.Option("utf-8", "--encoding", help="Text encoding of the files."),
    max_field_chars: int = typer.Option(
        DEFAULT_MAX_FIELD_CHARS, "--max-field-chars", help="Refuse a record whose field is longer."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Import generated pairs: JSONL, JSON, CSV/TSV, Parquet, HF datasets, Alpaca, chat, SQuAD, raw generator output.

    Valid records go in; every bad record is kept (see `workbench errors`) and the command exits 1.
    Importing the same file twice adds nothing. The whole command is one transaction.
    """
    with open_store(state.store_path, create=True) as con, progress_bar(not as_json) as bar:
        summary = import_paths(
            con,
            paths,
            fmt=fmt,
            source=source,
            mapping=parse_mapping(mapping),
            strict=strict,
            encoding=encoding,
            max_field_chars=max_field_chars,
            progress=bar,
        )
    if as_json:
        print_json(summary.to_json())
    else:
        _print_summary(summary)
    if summary.errors:
        raise typer.Exit(1)


def _print_summary(summary: ImportSummary) -> None:
    table = Table(box=None, pad_edge=False)
    for name in ("file", "format", "records", "added", "already in store", "errors"):
        table.add_column(name, justify="left" if name in ("file", "format") else "right")
    for f in summary.files:
        table.add_row(
            escape(str(f.path)),
            "/".join(p for p in (f.format, f.shape) if p),
            f"{f.records:,}",
            f"{f.added:,}",
            f"{f.duplicates:,}",
            f"[red]{f.errors:,}[/]" if f.errors else "0",
        )
    out.print(table)
    for path in summary.skipped:
        out.print(f"[dim]skipped {escape(str(path))} (not a data file)[/]")
    line = f"{summary.added:,} {'pair' if summary.added == 1 else 'pairs'} added"
    if summary.duplicates:
        line += f", {summary.duplicates:,} already in the store (nothing added for them)"
    out.print(line)
    if summary.errors:
        _print_errors(summary)


def _file_error(f: FileResult) -> str | None:
    """Why a whole file could not be read (its error sits at location "file"), else None."""
    return next((message for where, message in f.first_errors if where == "file"), None)


def _print_errors(summary: ImportSummary) -> None:
    """Files refused as a whole first (with why), then the bad records, then where both are kept."""
    refused = [(f, why) for f in summary.files if (why := _file_error(f)) is not None]
    for f, why in refused:
        what = "file rejected" if not f.records else "file read only in part"
        err.print(
            f"[bold red]{what}:[/] {escape(str(f.path))}: {escape(why)}",
            soft_wrap=True,
        )
    records = summary.errors - len(refused)
    if records:
        err.print(f"[bold red]{records:,} record(s) rejected and kept in the store:[/]")
        for f in summary.files:
            for where, message in f.first_errors:
                if where != "file":
                    err.print(escape(f"  {f.path}: {where}: {message}"), soft_wrap=True)
    if len(refused) == 1 and not records:
        import_id = refused[0][0].import_id
        err.print(
            f"the error is kept in the store: see it with `workbench errors --import {import_id}`"
        )
    else:
        err.print("every error is kept in the store: see them all with `workbench errors`")


@app.command("errors")
@friendly
def errors_cmd(
    import_id: int | None = typer.Option(None, "--import", help="Only this import's errors."),
    limit: int = typer.Option(100, "--limit", help="At most this many rows."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """List records that imports refused, with file, line, field, message and raw text."""
    with open_store(state.store_path, read_only=True) as con:
        rows = import_errors(con, import_id, limit)
    if as_json:
        print_json(rows)
        return
    if not rows:
        out.print("no import errors")
        return
    for row in rows:
        field = f" ({row['field']})" if row["field"] else ""
        where = escape(f"{row['file']}: {row['location']}{field}: {row['message']}")
        out.print(where, soft_wrap=True)
        if row["raw"]:
            out.print(f"    [dim]{escape(repr(row['raw'][:200]))}[/]", soft_wrap=True)
