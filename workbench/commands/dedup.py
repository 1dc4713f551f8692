"""`workbench dedup` and `workbench clusters`: find duplicate clusters, keep one pair of each, list them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from storage.clusters import (
    EXACT_METHODS,
    REJECT_SELECT,
    cluster_exists,
    cluster_members,
    list_clusters,
    method_summary,
    pair_clusters,
    rejection_table,
)
from storage.db import open_store
from storage.decisions import record
from storage.errors import NotFoundError, WorkbenchError
from workbench.cli import app
from workbench.commands.analyze import options_for
from workbench.console import fail, friendly, out, print_json, progress_bar, state
from workbench.curate import keep
from workbench.curate.analyze import analyze

# --method names → the analysis stage that computes them and the cluster method --apply uses.
METHODS: dict[str, tuple[str, str]] = {
    "exact": ("exact", "exact_pair"),
    "near": ("near", "near"),
    "semantic": ("semantic", "semantic"),
}
LISTABLE = (*EXACT_METHODS, "near", "semantic")


def parse_methods(text: str) -> list[str]:
    """'exact,near' → known method names in pipeline order."""
    asked = [m.strip() for m in text.split(",") if m.strip()]
    unknown = [m for m in asked if m not in METHODS]
    if unknown or not asked:
        raise WorkbenchError(
            f"--method: unknown {', '.join(unknown) or '(none)'}; one or more of {', '.join(METHODS)}"
        )
    return [m for m in METHODS if m in asked]


@app.command("dedup")
@friendly
def dedup_cmd(
    method: str = typer.Option(
        "exact,near",
        "--method",
        "-m",
        help="Comma-separated: exact (normalised hashes), near (MinHash-LSH Jaccard), "
        "semantic (embeddings; slow on CPU).",
    ),
    apply: str | None = typer.Option(
        None,
        "--apply",
        help="Reject all but one pair of every cluster, chosen by this keep-policy: "
        f"{', '.join(keep.PRESETS)} or terms like flags,supported,longest,first. "
        "exact applies to exact_pair clusters. Written as one undoable decision batch per method.",
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="With --apply: count what would be rejected, write nothing."
    ),
    field: str | None = typer.Option(
        None, "--field", help="near: the text compared: qa (default), question or answer."
    ),
    threshold: float | None = typer.Option(
        None, "--threshold", help="near: Jaccard (default 0.8); semantic: cosine (default 0.9)."
    ),
    embed_model: str | None = typer.Option(
        None,
        "--embed-model",
        help="semantic: a local sentence-transformers folder or cached hub id.",
    ),
    device: str | None = typer.Option(
        None, "--device", help="semantic: cpu or cuda (default: auto)."
    ),
    config: Path | None = typer.Option(
        None,
        "--config",
        help="TOML settings: tables exact, near, semantic, and dedup (keep = POLICY); default workbench.toml beside the store.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the reports as JSON."),
) -> None:
    """Cluster duplicate pairs (only new or edited pairs are processed); --apply keeps one per cluster."""
    if dry_run and not apply:
        raise fail("--dry-run goes with --apply POLICY")
    methods = parse_methods(method)
    policy = keep.parse(apply) if apply else None
    options = options_for(None, config, embed_model)
    options.device = device
    _override(options.config, field, threshold, methods)
    with open_store(state.store_path) as con:
        with progress_bar(not as_json, unit="pairs", keep=True) as bar:
            reports = analyze(con, [METHODS[m][0] for m in methods], options, bar)
        applied = {}
        if policy is not None:
            for name in methods:
                applied[name] = _apply(con, METHODS[name][1], policy, dry_run)
        summary = method_summary(con)
    data = {"stages": reports, "clusters": summary}
    if policy is not None:
        data["apply"] = {"policy": keep.describe(policy), "dry_run": dry_run, "methods": applied}
    if as_json:
        print_json(data)
        return
    _render(data)


def _override(
    config: dict[str, Any], field: str | None, threshold: float | None, methods: list[str]
) -> None:
    """Command-line settings win over the config file's sections."""
    if field is not None:
        config.setdefault("near", {})["field"] = field
    if threshold is not None:
        for name in ("near", "semantic"):
            if name in methods:
                config.setdefault(name, {})["threshold"] = threshold


def _apply(con: Any, method: str, policy: tuple[str, ...], dry_run: bool) -> dict[str, Any]:
    """Reject every pending non-kept member of the method's clusters as one undoable batch."""
    counts = rejection_table(con, method, policy)
    result: dict[str, Any] = {"cluster_method": method, **counts, "rejected": 0, "batch": None}
    if dry_run or not counts["to_reject"]:
        return result
    batch = record(
        con,
        REJECT_SELECT,
        "reject",
        {"reason": "duplicate", "method": method, "keep": keep.describe(policy)},
        by="dedup",
        description=f"dedup --apply {keep.describe(policy)} ({method})",
    )
    result.update(rejected=batch.n_pairs, batch=batch.batch)
    return result


def _render(data: dict[str, Any]) -> None:
    table = Table(box=None, pad_edge=False)
    for name, justify in (("stage", "left"), ("processed", "right"), ("seconds", "right")):
        table.add_column(name, justify=justify)
    for name, report in data["stages"].items():
        table.add_row(name, f"{report.get('processed', 0):,}", f"{report.get('seconds', 0):.1f}")
    out.print(table)
    _summary_table(data["clusters"])
    if "apply" in data:
        info = data["apply"]
        verb = "would reject" if info["dry_run"] else "rejected"
        for name, res in info["methods"].items():
            n = res["to_reject"] if info["dry_run"] else res["rejected"]
            extra = (
                f", {res['kept_accepted']:,} accepted pairs left alone"
                if res["kept_accepted"]
                else ""
            )
            batch = f" (undoable batch {res['batch']})" if res["batch"] else ""
            out.print(
                f"{name}: {verb} {n:,} pairs in {res['clusters']:,} clusters, keeping one each "
                f"by {escape(info['policy'])}{extra}{batch}"
            )


def _summary_table(rows: list[dict[str, Any]]) -> None:
    if not rows:
        out.print("no duplicate clusters")
        return
    table = Table(box=None, pad_edge=False)
    for name in ("method", "clusters", "pairs", "redundant"):
        table.add_column(name, justify="left" if name == "method" else "right")
    for row in rows:
        table.add_row(
            row["method"], f"{row['clusters']:,}", f"{row['pairs']:,}", f"{row['redundant']:,}"
        )
    out.print(table)


@app.command("clusters")
@friendly
def clusters_cmd(
    method: str | None = typer.Option(
        None,
        "--method",
        "-m",
        help=f"Only these (comma-separated): {', '.join(LISTABLE)}; exact means all exact_*.",
    ),
    cluster: str | None = typer.Option(None, "--id", help="Show one cluster's members."),
    pair: str | None = typer.Option(None, "--pair", help="Show the clusters one pair belongs to."),
    limit: int = typer.Option(50, "--limit", help="At most this many clusters."),
    offset: int = typer.Option(0, "--offset", help="Skip this many (largest first)."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Duplicate clusters, largest first; --id CLUSTER lists its members with their similarity."""
    methods = _listable(method)
    with open_store(state.store_path, read_only=True) as con:
        if cluster is not None:
            if not cluster_exists(con, cluster):
                raise NotFoundError(f"no cluster '{cluster}': `workbench clusters` lists them")
            rows = cluster_members(con, cluster)
        elif pair is not None:
            rows = pair_clusters(con, pair)
        else:
            rows = list_clusters(con, methods, limit, offset)
    if as_json:
        print_json(rows)
    elif cluster is not None:
        _members_table(rows)
    elif pair is not None:
        _pair_table(pair, rows)
    else:
        _clusters_table(rows)


def _listable(method: str | None) -> list[str] | None:
    if not method:
        return None
    asked: list[str] = []
    for name in (m.strip() for m in method.split(",") if m.strip()):
        if name == "exact":
            asked.extend(EXACT_METHODS)
        elif name in LISTABLE:
            asked.append(name)
        else:
            raise WorkbenchError(f"--method {name}: one of exact, {', '.join(LISTABLE)}")
    return asked


def _clusters_table(rows: list[dict[str, Any]]) -> None:
    if not rows:
        out.print("no clusters: run `workbench dedup` (or `workbench analyze`) first")
        return
    table = Table(box=None, pad_edge=False)
    for name in ("cluster", "method", "size", "min sim", "representative question"):
        table.add_column(name, justify="right" if name in ("size", "min sim") else "left")
    for row in rows:
        table.add_row(
            escape(row["cluster_id"]),
            row["method"],
            f"{row['size']:,}",
            f"{row['min_similarity']:.3f}",
            escape(_short(row["question"])),
        )
    out.print(table)


def _members_table(rows: list[dict[str, Any]]) -> None:
    table = Table(box=None, pad_edge=False)
    for name in ("", "pair", "similarity", "status", "question", "answer"):
        table.add_column(name, justify="right" if name == "similarity" else "left")
    for row in rows:
        table.add_row(
            "*" if row["is_representative"] else "",
            row["pair_id"],
            f"{row['similarity']:.3f}",
            row["status"],
            escape(_short(row["question"])),
            escape(_short(row["answer"], 30)),
        )
    out.print(table)
    out.print("[dim]* representative (kept by --apply)[/]")


def _pair_table(pair: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        out.print(f"pair {escape(pair)} is in no duplicate cluster")
        return
    for row in rows:
        role = (
            "representative" if row["is_representative"] else f"similarity {row['similarity']:.3f}"
        )
        out.print(
            f"{row['method']}: {escape(row['cluster_id'])} ({row['size']} pairs, {role}; "
            f"representative {row['representative']})"
        )


def _short(text: str | None, width: int = 70) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"
