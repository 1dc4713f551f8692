"""`workbench flags`, `workbench check` and `workbench evalset`: read flags, gate a dataset, register eval items."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from storage.db import open_store
from storage.evalset import add_items, list_sources, read_items
from storage.flags import flag_counts, flag_rates, flagged_pairs, require_code
from storage.subsets import member_ids_sql, resolve
from workbench.cli import app
from workbench.commands.analyze import options_for
from workbench.console import err, friendly, out, print_json, progress_bar, state

evalset_app = typer.Typer(
    help="Held-out eval items: pairs that overlap them are flagged eval_contamination.",
    no_args_is_help=True,
)
app.add_typer(evalset_app, name="evalset")


@app.command("flags")
@friendly
def flags_cmd(
    code: str | None = typer.Option(None, "--code", help="List the pairs flagged with this code."),
    limit: int = typer.Option(50, "--limit", help="At most this many pairs with --code."),
    explain: bool = typer.Option(
        False, "--explain", help="Describe every rule and its thresholds."
    ),
    rules: Path | None = typer.Option(
        None, "--rules", help="With --explain: include this rules file."
    ),
    config: Path | None = typer.Option(
        None, "--config", help="With --explain: thresholds from this file."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Flag counts per code and severity; --code X lists the flagged pairs with message and evidence."""
    if explain:
        _explain(rules, config, as_json)
        return
    from workbench.curate.rules.registry import CODES

    with open_store(state.store_path, read_only=True) as con:
        if code is None:
            rows = flag_counts(con)
        else:
            require_code(con, code, CODES)
            rows = flagged_pairs(con, code, limit)
    if as_json:
        print_json([_parsed(r) for r in rows])
    elif code is None:
        _counts_table(rows)
    else:
        _pairs_list(code, rows)


def _parsed(row: dict) -> dict:
    if isinstance(row.get("evidence"), str):
        row = {**row, "evidence": json.loads(row["evidence"])}
    return row


def _counts_table(rows: list[dict]) -> None:
    if not rows:
        out.print("no flags: run `workbench analyze` first")
        return
    table = Table(box=None, pad_edge=False)
    for name in ("code", "severity", "pairs", "flags"):
        table.add_column(name, justify="right" if name in ("pairs", "flags") else "left")
    for row in rows:
        table.add_row(
            escape(row["code"]), row["severity"], f"{row['pairs']:,}", f"{row['flags']:,}"
        )
    out.print(table)


def _pairs_list(code: str, rows: list[dict]) -> None:
    if not rows:
        out.print(f"no pairs flagged {escape(code)}")
        return
    for row in rows:
        out.print(
            f"[bold]{row['pair_id']}[/] [dim]{row['severity']}[/] {escape(row['message'])}",
            soft_wrap=True,
        )
        out.print(f"  Q: {escape(_short(row['question']))}", soft_wrap=True)
        out.print(f"  A: {escape(_short(row['answer']))}", soft_wrap=True)
        out.print(f"  [dim]evidence: {escape(row['evidence'] or '{}')}[/]", soft_wrap=True)


def _short(text: str, limit: int = 160) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _explain(rules: Path | None, config: Path | None, as_json: bool) -> None:
    from workbench.curate.rules.registry import build_rules

    options = options_for(rules, config)
    with open_store(state.store_path, read_only=True) as con:
        rule_set = build_rules(con, options.section("flags"), options.rules_file)
    if as_json:
        print_json(
            [
                {
                    "code": r.code,
                    "severity": r.severity,
                    "version": r.version,
                    "explain": r.explain(),
                }
                for r in rule_set
            ]
        )
        return
    for rule in rule_set:
        out.print(escape(rule.explain()), soft_wrap=True)


@app.command("check")
@friendly
def check_cmd(
    rules: Path | None = typer.Option(
        None, "--rules", help="A TOML rules file to run with the built-ins."
    ),
    max_rate: list[str] = typer.Option(
        [],
        "--max-rate",
        help="Fail when a code's share of pairs exceeds RATE, e.g. pii=0.01 (repeatable).",
    ),
    subset: str | None = typer.Option(
        None, "--subset", help="Rates over this subset (NAME or NAME@VERSION)."
    ),
    config: Path | None = typer.Option(
        None, "--config", help="TOML thresholds; default workbench.toml beside the store."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the rates as JSON."),
) -> None:
    """CI gate: flag new or edited pairs, print each code's rate, exit 1 if a maximum is exceeded.

    Rates are over the subset's pairs, or over every pair not rejected. Limits come from --max-rate
    and from `max_rate` in the rules file.
    """
    from workbench.curate.flags import gate, parse_max_rates, run_rules
    from workbench.curate.rules.registry import build_rules

    limits = parse_max_rates(max_rate)
    options = options_for(rules, config)
    with open_store(state.store_path) as con:
        rule_set = build_rules(con, options.section("flags"), options.rules_file)
        with progress_bar(not as_json, unit="pairs", keep=True) as bar:
            report = run_rules(con, rule_set, bar, user_rules=rules is not None)
        ids_sql, params = (None, [])
        if subset is not None:
            ids_sql, params = member_ids_sql(*resolve(con, subset))
        total, rates = flag_rates(con, ids_sql, params)
    rows = gate(rule_set, rates, limits)
    failed = [r["code"] for r in rows if r["breached"]]
    if as_json:
        print_json(
            {"pairs": total, "processed": report["processed"], "rates": rows, "failed": failed}
        )
    else:
        _rates_table(total, rows)
    if failed:
        if not as_json:
            err.print(
                f"[bold red]check failed:[/] {escape(', '.join(failed))} above the maximum rate"
            )
        raise typer.Exit(1)


def _rates_table(total: int, rows: list[dict]) -> None:
    table = Table(
        title=f"flag rates over {total:,} pairs", title_justify="left", box=None, pad_edge=False
    )
    for name in ("code", "pairs", "rate", "max", ""):
        table.add_column(name, justify="left" if name in ("code", "") else "right")
    for row in rows:
        limit = "" if row["max_rate"] is None else f"{row['max_rate']:.2%}"
        status = "[red]FAIL[/]" if row["breached"] else ("ok" if limit else "")
        table.add_row(escape(row["code"]), f"{row['pairs']:,}", f"{row['rate']:.2%}", limit, status)
    out.print(table)


@evalset_app.command("add")
@friendly
def evalset_add_cmd(
    path: Path = typer.Argument(
        ..., help="Eval items: any format `workbench import` reads.", show_default=False
    ),
    source: str | None = typer.Option(None, "--source", help="Label (default: the file's name)."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Register held-out eval items; `workbench analyze` then flags training pairs that overlap them."""
    items, problems = read_items(path)
    with open_store(state.store_path, create=True) as con:
        result = add_items(con, items, source or path.stem)
    result["problems"] = len(problems)
    if as_json:
        print_json({**result, "first_problems": problems[:10]})
    else:
        out.print(
            f"{result['items']:,} eval items from {escape(str(path))}: {result['added']:,} new, "
            f"{result['replaced']:,} replaced"
        )
        for line in problems[:5]:
            err.print(escape(f"  skipped {line}"), soft_wrap=True)
    if problems:
        raise typer.Exit(1)


@evalset_app.command("list")
@friendly
def evalset_list_cmd(as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """Registered eval items per source."""
    with open_store(state.store_path, read_only=True) as con:
        rows = list_sources(con)
    if as_json:
        print_json(rows)
        return
    if not rows:
        out.print("no eval items: `workbench evalset add FILE`")
        return
    table = Table(box=None, pad_edge=False)
    for name in ("source", "items", "added"):
        table.add_column(name, justify="right" if name == "items" else "left")
    for row in rows:
        table.add_row(escape(row["source"]), f"{row['items']:,}", row["added"])
    out.print(table)
