"""`workbench export`: the curated pairs out as training files (JSONL, chat, Alpaca, SQuAD, tables, HF)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from storage.db import open_store
from storage.export import FORMATS, ExportResult, export_pairs
from storage.splits import DEFAULT_SEED
from workbench.cli import app
from workbench.console import err, friendly, out, print_json, progress_bar, state


@app.command("export")
@friendly
def export_cmd(
    target: Path = typer.Argument(
        ...,
        metavar="OUT",
        help="File to write (x.jsonl, x.parquet, x.csv; x.json with --format), or a folder for --format hf.",
        show_default=False,
    ),
    subset: str | None = typer.Option(
        None, "--subset", help="Only this subset: NAME (its latest version) or NAME@VERSION."
    ),
    fmt: str | None = typer.Option(
        None,
        "--format",
        "-f",
        help=f"One of {', '.join(FORMATS)} (default: from OUT's extension).",
    ),
    split: str | None = typer.Option(
        None,
        "--split",
        help="Hold out a seeded split grouped by context, e.g. eval=0.1 (or eval=0.1,test=0.1): "
        "x.jsonl becomes x.train.jsonl and x.eval.jsonl.",
    ),
    seed: int = typer.Option(DEFAULT_SEED, "--seed", help="Seed of the --split."),
    with_analysis: bool = typer.Option(
        False,
        "--with-analysis",
        help="Add id, status, tags, edits and the decision history to each record.",
    ),
    include_rejected: bool = typer.Option(
        False, "--include-rejected", help="Keep rejected pairs (left out by default)."
    ),
    status: list[str] = typer.Option(
        [],
        "--status",
        help="Only pairs in this review state: pending, accepted or rejected (repeatable).",
    ),
    original: bool = typer.Option(
        False, "--original", help="Export the original text instead of the edited text."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Export pairs for training: current (edited) text, rejected pairs left out.

    Formats: jsonl (flat records `workbench import` reads back exactly), prompt-completion,
    messages (chat), alpaca, squad (v2), parquet, csv, hf (a `datasets` folder). The store is
    opened read-only and each file appears only once it is complete.
    """
    with (
        open_store(state.store_path, read_only=True) as con,
        progress_bar(not as_json, unit="pairs") as bar,
    ):
        result = export_pairs(
            con,
            target,
            fmt=fmt,
            subset=subset,
            split=split,
            seed=seed,
            with_analysis=with_analysis,
            include_rejected=include_rejected,
            statuses=status,
            original=original,
            progress=bar,
        )
    if as_json:
        print_json(result.to_json())
    else:
        _print_summary(result)


def _print_summary(result: ExportResult) -> None:
    if result.splits and len(result.files) > 1:
        files = ", ".join(
            f"{escape(str(path))} ({n:,})"
            for path, n in zip(result.files, result.splits.values(), strict=True)
        )
    else:
        files = escape(str(result.files[0]))
        if result.splits:
            files += " (" + ", ".join(f"{k} {n:,}" for k, n in result.splits.items()) + ")"
    out.print(f"{result.pairs:,} pairs → {files}", soft_wrap=True)
    empty = [name for name, n in result.splits.items() if not n]
    if empty and result.pairs:
        err.print(
            f"[yellow]warning:[/] {', '.join(empty)} came out empty: whole contexts go to one "
            "side, and these pairs have too few of them for the fraction asked",
            soft_wrap=True,
        )
    if result.rejected_left_out:
        out.print(
            f"[dim]{result.rejected_left_out:,} rejected pairs left out "
            "(--include-rejected keeps them)[/]"
        )
    if result.skipped:
        out.print(
            f"[dim]{result.skipped:,} pairs skipped: SQuAD holds only qa pairs with a context[/]"
        )
