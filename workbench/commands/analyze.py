"""`workbench analyze`: run the analysis stages (incremental, resumable) and summarise on one screen."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from storage.db import open_store
from storage.flags import clusters_by_method, flag_counts
from workbench.cli import app
from workbench.console import friendly, out, print_json, progress_bar, state
from workbench.curate.analyze import (
    STAGES,
    AnalyzeOptions,
    analyze,
    default_config_path,
    load_config,
    parse_only,
)


def available(stages: list[str]) -> tuple[list[str], list[str]]:
    """Split stages into those whose module imports and those not written (yet)."""
    ready, missing = [], []
    for name in stages:
        module, _, attr = STAGES[name].partition(":")
        try:
            found = hasattr(importlib.import_module(module), attr)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            found = False
        (ready if found else missing).append(name)
    return ready, missing


def options_for(
    rules: Path | None, config: Path | None, embed_model: str | None = None
) -> AnalyzeOptions:
    """Options from the command line; the config defaults to workbench.toml beside the store."""
    path = config or default_config_path(state.store_path)
    return AnalyzeOptions(rules_file=rules, embed_model=embed_model, config=load_config(path))


@app.command("analyze")
@friendly
def analyze_cmd(
    only: str | None = typer.Option(
        None,
        "--only",
        help=f"Comma-separated stages to run (default: all available): {', '.join(STAGES)}.",
    ),
    embed_model: str | None = typer.Option(
        None, "--embed-model", help="Sentence-transformers model name or folder for `semantic`."
    ),
    rules: Path | None = typer.Option(
        None,
        "--rules",
        help="A TOML file of user rules (regex or SQL), checked with the built-ins.",
    ),
    config: Path | None = typer.Option(
        None,
        "--config",
        help="TOML thresholds ([flags.<code>], ...); default workbench.toml beside the store.",
    ),
    full: bool = typer.Option(
        False,
        "--full",
        help="Redo every pair, as on a fresh store (an incremental near run joins new pairs to "
        "stored clusters through a few members; this re-clusters from scratch).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the reports and summary as JSON."),
) -> None:
    """Flag, deduplicate and measure the pairs: only new or edited pairs are processed.

    Ctrl+C is safe: finished batches stay, and the next run resumes where this one stopped.
    """
    ready, missing = available(parse_only(only))
    options = options_for(rules, config, embed_model)
    options.full = full
    with open_store(state.store_path) as con:
        with progress_bar(not as_json, unit="pairs", keep=True) as bar:
            reports = analyze(con, ready, options, bar)
        summary = {"flags": flag_counts(con), "clusters": clusters_by_method(con)}
    if as_json:
        print_json({"stages": reports, "skipped": missing, **summary})
        return
    render(reports, missing, summary)


def render(reports: dict[str, Any], missing: list[str], summary: dict[str, Any]) -> None:
    """The one-screen summary: stages, flags by code, clusters by method."""
    stages = Table(title="stages", title_justify="left", box=None, pad_edge=False)
    for name, justify in (("stage", "left"), ("processed", "right"), ("seconds", "right")):
        stages.add_column(name, justify=justify)
    for name, report in reports.items():
        stages.add_row(name, f"{report.get('processed', 0):,}", f"{report.get('seconds', 0):.1f}")
    for name in missing:
        stages.add_row(name, "[dim]skipped (not available)[/]", "")
    out.print(stages)
    flags = Table(title="flags by code", title_justify="left", box=None, pad_edge=False)
    for name, justify in (("code", "left"), ("severity", "left"), ("pairs", "right")):
        flags.add_column(name, justify=justify)
    for row in summary["flags"]:
        flags.add_row(escape(row["code"]), row["severity"], f"{row['pairs']:,}")
    out.print(flags if summary["flags"] else "no flags")
    if summary["clusters"]:
        clusters = Table(title="clusters by method", title_justify="left", box=None, pad_edge=False)
        for name, justify in (("method", "left"), ("clusters", "right"), ("pairs", "right")):
            clusters.add_column(name, justify=justify)
        for row in summary["clusters"]:
            clusters.add_row(
                escape(row["method"]), f"{row['clusters']:,}", f"{int(row['pairs']):,}"
            )
        out.print(clusters)
    else:
        out.print("no clusters")
