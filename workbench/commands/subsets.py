"""`workbench subset ...`: named, versioned, hashed snapshots of pairs for training and export."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from storage.db import open_store
from storage.subsets import OPERATIONS, combine, freeze, list_subsets, read_ids_file, show_subset
from workbench.cli import app
from workbench.console import fail, friendly, out, print_json, state

subset_app = typer.Typer(
    help="Named subsets: a saved filter plus frozen, hashed snapshots (versions) of pair ids.",
    no_args_is_help=True,
)
app.add_typer(subset_app, name="subset")


def _report(version, as_json: bool) -> None:
    data = {
        "name": version.name,
        "version": version.version,
        "pairs": version.n_pairs,
        "ids_hash": version.ids_hash,
        "created": version.created,
    }
    if as_json:
        print_json(data)
    elif version.created:
        out.print(
            f"subset {escape(version.name)} v{version.version}: {version.n_pairs:,} pairs "
            f"(snapshot {version.ids_hash[:12]})"
        )
    else:
        out.print(
            f"subset {escape(version.name)} unchanged: v{version.version} already holds "
            f"these {version.n_pairs:,} pairs"
        )


@subset_app.command("create")
@friendly
def create_cmd(
    name: str = typer.Argument(..., help="Subset name (letters, digits, . _ -)."),
    where: str | None = typer.Option(
        None,
        "--where",
        help="SQL condition over pairs, e.g. \"status = 'accepted' AND kind = 'qa'\". "
        "Columns: id, question, answer, context, kind, source, status, tags, edited, doc_id, meta.",
    ),
    ids: Path | None = typer.Option(None, "--ids", help="A file with one pair id per line."),
    note: str | None = typer.Option(None, "--note", help="Why this version exists."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Freeze the pairs matching --where (or listed in --ids) as a new version of NAME."""
    if (where is None) == (ids is None):
        raise fail("give exactly one of --where or --ids")
    id_list = read_ids_file(ids) if ids is not None else None
    with open_store(state.store_path) as con:
        version = freeze(con, name, where=where, ids=id_list, note=note)
    _report(version, as_json)


@subset_app.command("freeze")
@friendly
def freeze_cmd(
    name: str = typer.Argument(..., help="An existing subset made with --where."),
    note: str | None = typer.Option(None, "--note", help="Why this version exists."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Re-run NAME's saved filter and freeze a new version if the pairs changed."""
    with open_store(state.store_path) as con:
        version = freeze(con, name, note=note)
    _report(version, as_json)


@subset_app.command("combine")
@friendly
def combine_cmd(
    name: str = typer.Argument(..., help="The subset to write."),
    left: str = typer.Argument(..., help="NAME or NAME@VERSION."),
    op: str = typer.Argument(..., help=f"One of {', '.join(OPERATIONS)}."),
    right: str = typer.Argument(..., help="NAME or NAME@VERSION."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Make NAME from two subsets: `subset combine both a union b`."""
    with open_store(state.store_path) as con:
        version = combine(con, name, left, op, right)
    _report(version, as_json)


@subset_app.command("list")
@friendly
def list_cmd(as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """Every subset with its latest version and size."""
    with open_store(state.store_path, read_only=True) as con:
        rows = list_subsets(con)
    if as_json:
        print_json(rows)
        return
    if not rows:
        out.print("no subsets yet: `workbench subset create NAME --where ...`")
        return
    table = Table(box=None, pad_edge=False)
    for column in ("name", "version", "pairs", "versions", "updated", "filter"):
        table.add_column(
            column, justify="right" if column in ("version", "pairs", "versions") else "left"
        )
    for row in rows:
        table.add_row(
            escape(row["name"]),
            f"v{row['version']}",
            f"{row['pairs']:,}",
            str(row["versions"]),
            row["updated"],
            escape(row["filter"] or "(ids)"),
        )
    out.print(table)


@subset_app.command("show")
@friendly
def show_cmd(
    ref: str = typer.Argument(..., help="NAME (latest version) or NAME@VERSION."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """One version: filter, snapshot hash, counts by status, kind and split, change from the previous."""
    with open_store(state.store_path, read_only=True) as con:
        info = show_subset(con, ref)
    if as_json:
        print_json(info)
        return
    out.print(f"[bold]{escape(info['name'])} v{info['version']}[/]: {info['pairs']:,} pairs")
    out.print(f"filter: {escape(info['filter'] or '(list of ids)')}")
    out.print(f"snapshot: {info['ids_hash']}   created {info['created_at']}")
    if info.get("note"):
        out.print(f"note: {escape(info['note'])}")
    if "change" in info:
        c = info["change"]
        out.print(f"since v{c['from_version']}: +{c['added']:,} / -{c['removed']:,}")
    for key, label in (("by_status", "status"), ("by_kind", "kind"), ("by_split", "split")):
        parts = ", ".join(f"{escape(str(r[label]))} {r['pairs']:,}" for r in info[key])
        out.print(f"{label}: {parts or '-'}")
