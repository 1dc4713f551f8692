"""`workbench info`: what is in the store, at a glance."""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.table import Table

from storage.db import open_store
from storage.summary import store_info
from workbench.cli import app
from workbench.console import friendly, out, print_json, state


@app.command("info")
@friendly
def info_cmd(as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """Counts by source, kind, decision state and import."""
    with open_store(state.store_path, read_only=True) as con:
        info = store_info(con)
    if as_json:
        print_json(info)
        return
    render_info(info)


@friendly
def show_summary() -> None:
    """What `workbench` with no command prints."""
    with open_store(state.store_path, read_only=True) as con:
        render_info(store_info(con))


def render_info(info: dict) -> None:
    """Render `store_info` as a few small tables."""
    out.print(f"[bold]{escape(str(state.store_path))}[/]")
    out.print(
        f"{info['pairs']:,} pairs over {info['contexts']:,} contexts "
        f"({info['unanswerable']:,} unanswerable), {info['import_runs']} imports, "
        f"{info['import_errors']:,} import errors, {info['decisions']:,} decisions, "
        f"{info['subsets']} subsets"
    )
    for title, key, label in (
        ("by source", "by_source", "source"),
        ("by kind", "by_kind", "kind"),
        ("by decision", "by_status", "status"),
    ):
        table = Table(title=title, title_justify="left", box=None, pad_edge=False)
        table.add_column(label)
        table.add_column("pairs", justify="right")
        for row in info[key]:
            table.add_row(escape(str(row[label])), f"{row['pairs']:,}")
        out.print(table)
