"""Diversity statistics of the store or a subset, as one JSON-able dict, and the gaps to fill.

Everything but topics is a SQL aggregate (storage/stats.py). Topics are computed on demand (no
cache table): k-means is fitted on a sample of the store and assigned per scope, so `compare`
measures both subsets against the same topics.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from storage import stats as sql
from storage.errors import WorkbenchError
from workbench.curate.progress import Progress, Silent
from workbench.curate.tokens import APPROX_NAME, APPROX_PATTERN, load_tokenizer

DEFAULT_REQUEST = "Write {n} more diverse question/answer pairs about this passage"


@dataclass
class StatsOptions:
    """What to compute: topics (off for a quick look), their k and vectors, and the tokenizer."""

    topics: bool = True
    k: int | None = None
    model: str | None = None
    tokenizer: str | None = None
    seed: int = 0
    bins: int = 20
    top: int = 20
    sources: Path | None = None


def read_sources(path: Path) -> pa.Table:
    """Source passages from JSONL: `{doc_id, chunks: [{chunk_id, text}]}` or `{doc_id, chunk, text}`.

    `context` or `passage` may stand for `text`, `chunk_id` for `chunk`.
    """
    docs, chunks, texts = [], [], []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise WorkbenchError(f"--sources {path}: {exc.strerror}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            parts = item.get("chunks") or [item]
            for part in parts:
                text = part.get("text") or part.get("context") or part.get("passage")
                if not isinstance(text, str):
                    raise ValueError("no text")
                chunk = part.get("chunk_id", part.get("chunk"))
                docs.append(None if item.get("doc_id") is None else str(item["doc_id"]))
                chunks.append(None if chunk is None else str(chunk))
                texts.append(text)
        except (ValueError, AttributeError) as exc:
            raise WorkbenchError(
                f"--sources {path}: line {number}: expected a passage with text ({exc})"
            ) from None
    return pa.table(
        {
            "doc_id": pa.array(docs, pa.string()),
            "chunk": pa.array(chunks, pa.string()),
            "text": texts,
        }
    )


def _lengths(con: duckdb.DuckDBPyConnection, tokenizer: str | None) -> str:
    """Fill the scope's token lengths; returns the tokenizer's name."""
    if tokenizer is None:
        sql.regex_lengths(con, APPROX_PATTERN)
        return APPROX_NAME
    count = load_tokenizer(tokenizer)
    lengths = {
        f: [n for b in sql.iter_scope_texts(con, f) for n in count(b.column(0).to_pylist())]
        for f in ("context", "question", "answer")
    }
    sql.store_lengths(con, lengths)
    return tokenizer


def compute_stats(
    con: duckdb.DuckDBPyConnection,
    subset: str | None = None,
    options: StatsOptions | None = None,
    progress: Progress | None = None,
    topic_model: Any = None,
) -> dict[str, Any]:
    """All statistics of one scope; pass `topic_model` to reuse topics fitted for another scope."""
    options = options or StatsOptions()
    progress = progress or Silent()
    scope = sql.set_scope(con, subset)
    sql.set_sources(con, read_sources(options.sources) if options.sources else None)
    counts = sql.counts(con)
    progress.start("statistics", 0)
    tokenizer = _lengths(con, options.tokenizer)
    result: dict[str, Any] = {
        "scope": scope,
        "counts": counts,
        "flags": sql.flag_rates(con),
        "duplicates": sql.duplicate_counts(con),
        "tokenizer": tokenizer,
        "lengths": sql.length_distributions(con, options.bins),
        "question_types": sql.question_types(con),
        "distinct": {f: sql.distinct_n(con, f) for f in ("question", "answer")},
        "coverage": sql.coverage(con, options.top, options.bins),
        "sources": sql.source_mix(con),
        "topics": None,
    }
    if options.topics:
        from workbench.curate.topics import topic_distribution

        model = topic_model or fit_topic_model(con, options, progress)
        if model is not None:
            ids = sql.scope_ids_sql()
            result["topics"] = topic_distribution(con, model, ids, counts["pairs"], progress)
    return result


def fit_topic_model(
    con: duckdb.DuckDBPyConnection,
    options: StatsOptions,
    progress: Progress | None = None,
    needed_ids_sql: str | None = None,
) -> Any:
    """Choose vectors covering the needed pairs (default: the scope) and fit the store's topics."""
    from workbench.curate.topics import choose_space, fit_topics

    needed = needed_ids_sql or sql.scope_ids_sql()
    space = choose_space(con, needed, options.model, options.seed)
    return fit_topics(con, space, options.k, options.seed, progress)


def _delta(left: Any, right: Any) -> Any:
    if isinstance(left, int | float) and isinstance(right, int | float):
        return round(right - left, 4)
    return None


def comparison_rows(left: dict[str, Any], right: dict[str, Any]) -> list[dict[str, Any]]:
    """The figures that say whether curation cost diversity, as (metric, left, right, delta)."""
    metrics: list[tuple[str, Any, Any]] = [
        ("pairs", left["counts"]["pairs"], right["counts"]["pairs"]),
    ]
    for f in ("question", "answer"):
        for n in ("1", "2", "3"):
            metrics.append(
                (
                    f"distinct-{n} {f}",
                    left["distinct"][f][n]["ratio"],
                    right["distinct"][f][n]["ratio"],
                )
            )
    lt, rt = left["topics"] or {}, right["topics"] or {}
    for key in ("entropy", "effective_topics", "normalized_entropy"):
        metrics.append((f"topics {key.replace('_', ' ')}", lt.get(key), rt.get(key)))
    lc, rc = left["coverage"], right["coverage"]
    for key in ("covered", "covered_share", "zero", "one", "overgenerated"):
        label = {"zero": "contexts with 0 pairs", "one": "contexts with 1 pair"}.get(
            key, f"contexts {key.replace('_', ' ')}"
        )
        metrics.append((label, lc[key], rc[key]))
    ld, rd = lc["by_document"], rc["by_document"]
    for key, label in (("covered", "documents covered"), ("zero", "documents with 0 pairs")):
        metrics.append((label, ld[key], rd[key]))
    lq = {q["type"]: q["share"] for q in left["question_types"]}
    for q in right["question_types"]:
        metrics.append((f"share {q['type']}", lq[q["type"]], q["share"]))
    return [{"metric": m, "left": a, "right": b, "delta": _delta(a, b)} for m, a, b in metrics]


def compare(
    con: duckdb.DuckDBPyConnection,
    left: str | None,
    right: str,
    options: StatsOptions | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Statistics of two scopes against the same topics, and the deltas (right minus left)."""
    options = options or StatsOptions()
    model = None
    if options.topics:
        model = fit_topic_model(con, options, progress, sql.union_scopes(con, [left, right]))
    same = replace(options, topics=model is not None)
    a = compute_stats(con, left, same, progress, model)
    b = compute_stats(con, right, same, progress, model)
    return {"left": a, "right": b, "rows": comparison_rows(a, b)}


def gap_requests(
    con: duckdb.DuckDBPyConnection,
    subset: str | None = None,
    max_pairs: int = 1,
    target: int | None = None,
    sources: Path | None = None,
    by: str = "context",
) -> tuple[list[dict[str, Any]], int]:
    """Under-covered contexts (or documents) as generator requests, fewest pairs first; the target.

    Each request asks for enough pairs to bring the unit to `target` (default: the median pairs
    per covered unit, rounded, and at least max_pairs + 1). With `sources`, passages that
    have no pair at all are listed too.
    """
    sql.set_scope(con, subset)
    sql.set_sources(con, read_sources(sources) if sources else None)
    if by not in ("context", "document"):
        raise WorkbenchError(f"--by {by}: one of context, document")
    spread = sql.coverage(con)
    median = (spread if by == "context" else spread["by_document"])["median"] or 0
    goal = target if target is not None else max(max_pairs + 1, round(median))
    records = []
    for row in sql.under_covered(con, max_pairs, by):
        n = max(1, goal - row["pairs"])
        records.append({**row, "request": DEFAULT_REQUEST.format(n=n), "requested": n})
    return records, goal


def run_stats(con: duckdb.DuckDBPyConnection, options: Any, progress: Progress) -> dict[str, Any]:
    """The `analyze` stage: compute the store's statistics and report the headline figures.

    Topics are not cached, so this is a health check of the whole store that `analyze` can print.
    """
    section = options.section("stats")
    stats_options = StatsOptions(
        topics=bool(section.get("topics", True)),
        k=section.get("k"),
        model=section.get("model"),
        tokenizer=section.get("tokenizer"),
        seed=int(section.get("seed", 0)),
        sources=Path(section["sources"]) if section.get("sources") else None,
    )
    stats = compute_stats(con, None, stats_options, progress)
    topics = stats["topics"] or {}
    return {
        "processed": stats["counts"]["pairs"],
        "contexts": stats["coverage"]["contexts"],
        "contexts_without_pairs": stats["coverage"]["zero"],
        "contexts_with_one_pair": stats["coverage"]["one"],
        "overgenerated_contexts": stats["coverage"]["overgenerated"],
        "overgenerated_documents": stats["coverage"]["by_document"]["overgenerated"],
        "distinct_2_question": stats["distinct"]["question"]["2"]["ratio"],
        "effective_topics": topics.get("effective_topics"),
        "flagged_rate": stats["flags"]["rate"],
    }
