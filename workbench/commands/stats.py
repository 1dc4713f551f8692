"""`workbench stats`, `gaps` and `select`: how diverse the data is, what to generate next, what to keep."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from storage.db import open_store
from storage.errors import WorkbenchError
from workbench.cli import app
from workbench.console import err, friendly, out, print_json, progress_bar, state
from workbench.curate.stats import StatsOptions, compare, compute_stats, gap_requests

SPARKS = "▁▂▃▄▅▆▇█"
SOURCES_HELP = (
    "JSONL of the passages given to the generator ({doc_id, chunks: [{chunk_id, text}]} or "
    "{doc_id, chunk, text}), so passages that never got a pair count as uncovered."
)
# Metrics where a rise means less diverse or less covered data (the others: a rise is better).
LOWER_IS_BETTER = (
    "contexts with 0 pairs",
    "contexts with 1 pair",
    "contexts overgenerated",
    "documents with 0 pairs",
)


def sparkline(bins: list[dict[str, Any]]) -> str:
    """One character per histogram bin, height by count; empty bins are blank."""
    top = max((b["count"] for b in bins), default=0)
    if not top:
        return ""
    return "".join(
        " " if not b["count"] else SPARKS[min(7, int(b["count"] / top * 7.999))] for b in bins
    )


def bar(share: float, width: int = 20) -> str:
    """A proportional bar for a share between 0 and 1."""
    return "█" * round(share * width)


def _range(bins: list[dict[str, Any]]) -> str:
    if not bins:
        return ""
    last = bins[-1]
    end = f"{last['lo']}+" if last["hi"] is None else str(last["hi"])
    return f"{bins[0]['lo']}…{end}"


def _pct(share: float | None) -> str:
    return "–" if share is None else f"{share:.1%}"


def _table(*columns: str) -> Table:
    table = Table(box=None, pad_edge=False, title_justify="left")
    for i, column in enumerate(columns):
        table.add_column(column, justify="left" if i == 0 or column == "terms" else "right")
    return table


def render_stats(stats: dict[str, Any]) -> None:
    """Rich tables and sparklines for one scope's statistics."""
    scope, counts = stats["scope"], stats["counts"]
    where = (
        f"subset {escape(scope['subset'])} v{scope['version']}"
        if scope["subset"]
        else escape(str(state.store_path))
    )
    out.print(
        f"[bold]{where}[/]: {counts['pairs']:,} pairs ({counts['accepted']:,} accepted, "
        f"{counts['pending']:,} pending, {counts['rejected']:,} rejected, {counts['edited']:,} edited) "
        f"over {counts['contexts']:,} contexts; {counts['without_context']:,} without a context"
    )
    _render_flags(stats)
    _render_lengths(stats)
    _render_questions(stats)
    _render_topics(stats["topics"])
    _render_coverage(stats["coverage"])
    table = _table("source", "pairs", "share", "")
    for row in stats["sources"]:
        table.add_row(
            escape(row["source"]), f"{row['pairs']:,}", _pct(row["share"]), bar(row["share"])
        )
    out.print(table)


def _render_flags(stats: dict[str, Any]) -> None:
    flags = stats["flags"]
    sev = flags["by_severity"]
    out.print(
        f"\n[bold]flags[/]: {flags['pairs_flagged']:,} pairs flagged ({_pct(flags['rate'])}); "
        f"errors {_pct(sev['error']['rate'])}, warnings {_pct(sev['warning']['rate'])}, "
        f"info {_pct(sev['info']['rate'])}"
    )
    if flags["by_code"]:
        table = _table("code", "severity", "pairs", "rate")
        for row in flags["by_code"][:12]:
            table.add_row(
                escape(row["code"]), row["severity"], f"{row['pairs']:,}", _pct(row["rate"])
            )
        out.print(table)
    for row in stats["duplicates"]:
        out.print(
            f"duplicates ({escape(row['method'])}): {row['clusters']:,} clusters, "
            f"{row['redundant']:,} non-representative pairs"
        )


def _render_lengths(stats: dict[str, Any]) -> None:
    table = _table("tokens", "n", "median", "p90", "max", "histogram", "range")
    table.title = f"\nlengths in tokens ({escape(stats['tokenizer'])})"
    for field, h in stats["lengths"].items():
        table.add_row(
            field,
            f"{h['n']:,}",
            "–" if h["median"] is None else f"{h['median']:g}",
            "–" if h["p90"] is None else f"{h['p90']:g}",
            "–" if h["max"] is None else f"{h['max']:,}",
            sparkline(h["bins"]),
            _range(h["bins"]),
        )
    out.print(table)


def _render_questions(stats: dict[str, Any]) -> None:
    table = _table("question type", "pairs", "share", "")
    table.title = "\nquestion types"
    for row in stats["question_types"]:
        table.add_row(row["type"], f"{row['pairs']:,}", _pct(row["share"]), bar(row["share"]))
    out.print(table)
    table = _table("distinct-n", "1", "2", "3")
    for field, values in stats["distinct"].items():
        table.add_row(
            field,
            *("–" if v["ratio"] is None else f"{v['ratio']:.3f}" for v in values.values()),
        )
    out.print(table)


def _render_topics(topics: dict[str, Any] | None) -> None:
    if topics is None:
        return
    out.print(
        f"\n[bold]topics[/]: k={topics['k']} over {escape(topics['vectors'])}; entropy "
        f"{topics['entropy']:.3f} nats, effective topics {topics['effective_topics']:.1f} of "
        f"{topics['k']}"
        + (f"; {topics['unassigned']:,} pairs without vectors" if topics["unassigned"] else "")
    )
    if topics["note"]:
        out.print(f"[yellow]{escape(topics['note'])}[/]")
    table = _table("topic", "pairs", "share", "", "terms")
    for row in topics["clusters"]:
        table.add_row(
            str(row["topic"]),
            f"{row['size']:,}",
            _pct(row["share"]),
            bar(row["share"]),
            escape(", ".join(row["terms"])),
        )
    out.print(table)


def _render_coverage(cov: dict[str, Any]) -> None:
    out.print(
        f"\n[bold]coverage[/]: {cov['covered']:,} of {cov['contexts']:,} contexts have pairs "
        f"({_pct(cov['covered_share'])}); {cov['zero']:,} with none, {cov['one']:,} with one; "
        f"median {_fmt(cov['median'])}, p95 {_fmt(cov['p95'])}"
    )
    h = cov["histogram"]
    if h["bins"]:
        out.print(f"pairs per context {sparkline(h['bins'])} {_range(h['bins'])}")
    _render_over("contexts", cov)
    docs = cov["by_document"]
    if docs["documents"]:
        out.print(
            f"documents: {docs['covered']:,} of {docs['documents']:,} have pairs; "
            f"{docs['zero']:,} with none, {docs['one']:,} with one; median {_fmt(docs['median'])}"
        )
        _render_over("documents", docs)
    if not cov["sources"]:
        out.print("[dim]passages that never got a pair are counted only with --sources FILE[/]")


def _render_over(unit: str, spread: dict[str, Any]) -> None:
    if not spread["overgenerated"]:
        return
    out.print(
        f"over-generated {unit} (> {spread['overgenerated_threshold']:g} pairs: "
        f"Q3 + 1.5 × IQR, at least 1.5 × median): {spread['overgenerated']:,}"
    )
    for row in spread["overgenerated_top"][:5]:
        label = " ".join(str(row[k]) for k in ("doc_id", "chunk") if row.get(k) is not None)
        out.print(f"  {escape(label or row['context_id'])}: {row['pairs']:,} pairs")


def render_comparison(result: dict[str, Any], left: str, right: str) -> None:
    """The two scopes side by side with deltas; a change for the worse is red."""
    table = _table("", left, right, "delta")
    for row in result["rows"]:
        delta = row["delta"]
        cell = "" if delta is None else f"{delta:+g}"
        if delta and not row["metric"].startswith(("pairs", "share")):
            worse = (delta > 0) == (row["metric"] in LOWER_IS_BETTER)
            cell = f"[{'red' if worse else 'green'}]{cell}[/]"
        table.add_row(row["metric"], _fmt(row["left"]), _fmt(row["right"]), cell)
    out.print(table)
    out.print(
        "[dim]distinct-n falls as text grows: compare subsets of similar size, "
        "or read it with the pair counts[/]"
    )


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    return f"{value:,}" if isinstance(value, int) else f"{value:.4g}"


@app.command("stats")
@friendly
def stats_cmd(
    subset: str | None = typer.Option(
        None, "--subset", help="NAME or NAME@VERSION (default: the whole store)."
    ),
    vs: str | None = typer.Option(None, "--vs", help="Compare with this subset side by side."),
    topics: bool = typer.Option(
        True, "--topics/--no-topics", help="Cluster into topics (k-means)."
    ),
    k: int | None = typer.Option(
        None, "--k", min=1, help="Number of topics (default ≈ √pairs / 2, 2–40)."
    ),
    model: str | None = typer.Option(None, "--model", help="Embedding model in the store to use."),
    tokenizer: str | None = typer.Option(
        None,
        "--tokenizer",
        help="Count tokens with this local Hugging Face tokenizer (default: a fast approximation).",
    ),
    seed: int = typer.Option(0, "--seed", help="Seed for sampling and k-means."),
    sources: Path | None = typer.Option(None, "--sources", help=SOURCES_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Counts, flag rates, lengths, question types, distinct-n, topics, context coverage, sources."""
    options = StatsOptions(
        topics=topics, k=k, model=model, tokenizer=tokenizer, seed=seed, sources=sources
    )
    with open_store(state.store_path, read_only=True) as con, progress_bar(not as_json) as sink:
        if vs is None:
            result = compute_stats(con, subset, options, sink)
        else:
            result = compare(con, subset, vs, options, sink)
    if as_json:
        print_json(result)
    elif vs is None:
        render_stats(result)
    else:
        render_comparison(result, subset or "store", vs)


@app.command("gaps")
@friendly
def gaps_cmd(
    out_file: Path = typer.Option(..., "--out", help="JSONL file to write the requests to."),
    subset: str | None = typer.Option(None, "--subset", help="Measure coverage in this subset."),
    max_pairs: int = typer.Option(
        1, "--max-pairs", min=0, help="Under-covered: at most this many pairs."
    ),
    target: int | None = typer.Option(
        None,
        "--target",
        min=1,
        help="Ask for enough pairs to reach this many (default: the median).",
    ),
    sources: Path | None = typer.Option(None, "--sources", help=SOURCES_HELP),
    by: str = typer.Option(
        "context", "--by", help="context (a chunk) or document (all chunks of a doc id)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Write under-covered contexts as generator requests, fewest pairs first."""
    with open_store(state.store_path, read_only=True) as con:
        records, goal = gap_requests(con, subset, max_pairs, target, sources, by)
    try:
        with out_file.open("w", encoding="utf-8") as fh:
            for record in records:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise WorkbenchError(f"--out {out_file}: {exc.strerror}") from None
    by_pairs: dict[int, int] = {}
    for record in records:
        by_pairs[record["pairs"]] = by_pairs.get(record["pairs"], 0) + 1
    summary = {
        "out": str(out_file),
        "contexts": len(records),
        "by": by,
        "max_pairs": max_pairs,
        "target": goal,
        "by_pairs": by_pairs,
    }
    if as_json:
        print_json(summary)
        return
    detail = ", ".join(f"{n:,} with {p}" for p, n in sorted(by_pairs.items()))
    out.print(
        f"wrote {len(records):,} under-covered {by}s (≤ {max_pairs} pairs"
        + (f": {detail}" if detail else "")
        + f") to {escape(str(out_file))}; each asks for pairs up to {goal}"
    )


@app.command("select")
@friendly
def select_cmd(
    budget: int = typer.Option(..., "--budget", help="How many pairs to pick."),
    name: str = typer.Option(
        ..., "--name", help="Save the selection as this subset (a new version)."
    ),
    from_subset: str | None = typer.Option(None, "--from", help="Pick only from this subset."),
    seed: int = typer.Option(
        0, "--seed", help="Seed for anchors and tie-breaking: same seed, same pick."
    ),
    model: str | None = typer.Option(None, "--model", help="Embedding model in the store to use."),
    anchors: int = typer.Option(
        2000, "--anchors", min=1, help="Points that stand for the space when there are more."
    ),
    context_weight: float = typer.Option(
        1.0,
        "--context-weight",
        min=0.0,
        help="Weight of covering contexts against covering the space.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Pick BUDGET diverse pairs (greedy facility location) that skip flagged and duplicate pairs."""
    from workbench.curate.select import SelectOptions, select_subset

    options = SelectOptions(
        seed=seed, subset=from_subset, model=model, anchors=anchors, context_weight=context_weight
    )
    with open_store(state.store_path) as con, progress_bar(not as_json) as sink:
        result = select_subset(con, name, budget, options, sink)
    if as_json:
        print_json(result)
        return
    status = "" if result["created"] else " (unchanged: same pairs as before)"
    out.print(
        f"subset {escape(result['subset'])} v{result['version']}: {result['pairs']:,} pairs "
        f"(snapshot {result['ids_hash'][:12]}){status}"
    )
    out.print(
        f"eligible {result['eligible']:,} of {result['in_scope']:,} "
        f"(skipped {result['rejected']:,} rejected, {result['error_flags']:,} with error flags, "
        f"{result['duplicates']:,} non-representative duplicates)"
    )
    similarity = result["mean_best_similarity"]
    out.print(
        f"contexts covered {result['contexts_covered']:,} of {result['contexts_eligible']:,}"
        + (
            f"; mean best similarity {similarity:.3f} over {result['anchors']:,} anchors "
            f"({escape(result['vectors'])}, {result['algorithm']})"
            if similarity is not None
            else ""
        )
    )
    if result["note"]:
        err.print(f"[yellow]{escape(result['note'])}[/]")
