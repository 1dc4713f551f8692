"""The `flags` analysis stage: run every rule over the pairs that are new, edited or stale.

Rules are grouped by `stage` (built-ins, eval contamination, user rules): each group keeps its
own incremental state and config fingerprint, so registering eval items or editing the rules
file re-checks only what it affects. Each batch's flags and state are one transaction: a kill
loses at most the batch in flight, and the next run resumes after the last committed one. A
group that finishes moves its mark (`storage.analysis.read_mark`): the next run finds new and
edited pairs by seq instead of comparing every pair with its state.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import duckdb

from storage.errors import WorkbenchError
from storage.flags import (
    advance_mark,
    build_worklist,
    commit_batch,
    delete_codes,
    delete_stale,
    drop_worklist,
    failing_predicate,
    pending_pairs,
    worklist_batch,
)
from workbench.curate.progress import Progress

if TYPE_CHECKING:
    import polars as pl

    from workbench.curate.analyze import AnalyzeOptions
    from workbench.curate.rules.base import Rule

BATCH_SIZE = 20_000
LABELS = {"flags": "flags", "flags_eval": "flags: eval overlap", "flags_user": "flags: user rules"}


def run_flags(
    con: duckdb.DuckDBPyConnection, options: AnalyzeOptions, progress: Progress
) -> dict[str, Any]:
    """Stage entry point for `workbench analyze`: built-ins from config plus the rules file."""
    from workbench.curate.rules.registry import build_rules

    rules = build_rules(con, options.section("flags"), options.rules_file)
    return run_rules(con, rules, progress, user_rules=options.rules_file is not None)


def run_rules(
    con: duckdb.DuckDBPyConnection,
    rules: Sequence[Rule],
    progress: Progress,
    *,
    user_rules: bool = False,
    batch_size: int = BATCH_SIZE,
) -> dict[str, Any]:
    """Run rules incrementally; returns processed (most pairs any group re-checked) and details."""
    from workbench.curate.rules.user import STAGE, VERSION_PREFIX

    for rule in rules:
        prepare = getattr(rule, "prepare", None)
        if prepare is not None:
            prepare(con)
    groups: dict[str, list[Rule]] = {}
    for rule in rules:
        groups.setdefault(rule.stage, []).append(rule)
    removed = 0
    if user_rules:
        removed += delete_stale(con, VERSION_PREFIX, [r.code for r in groups.get(STAGE, [])])
    report: dict[str, Any] = {"processed": 0, "flags_written": 0, "stages": {}}
    for stage, members in groups.items():
        idle = [r.code for r in members if not r.active]
        removed += delete_codes(con, idle) if idle else 0
        live = [r for r in members if r.active]
        done = _run_stage(con, stage, live, progress, batch_size) if live else {"pending": 0}
        report["stages"][stage] = {**done, "rules": [r.code for r in live], "inactive": idle}
        report["processed"] = max(report["processed"], done["pending"])
        report["flags_written"] += done.get("flags", 0)
    report["flags_removed"] = removed
    return report


def fingerprint(rules: Sequence[Rule]) -> str:
    """What a group's results depend on: every rule's code, version, severity and thresholds."""
    from workbench.curate.rules.base import digest

    return digest([r.fingerprint() for r in rules])


def _run_stage(
    con: duckdb.DuckDBPyConnection,
    stage: str,
    rules: list[Rule],
    progress: Progress,
    batch_size: int,
) -> dict[str, Any]:
    import polars as pl

    from workbench.curate.rules.base import BATCH_COLUMNS
    from workbench.curate.rules.view import pair_view

    config = fingerprint(rules)
    if not pending_pairs(con, stage, config):
        drop_worklist(con, stage)
        advance_mark(con, stage, config)
        return {"pending": 0}
    columns = list(dict.fromkeys(c for r in rules for c in getattr(r, "columns", BATCH_COLUMNS)))
    predicates = {r.column: r.sql for r in rules if getattr(r, "sql", None)}
    total = _worklist(con, stage, config, columns, predicates, rules)
    progress.start(LABELS.get(stage, stage), total)
    codes = [r.code for r in rules]
    written = 0
    try:
        for start in range(0, total, batch_size):
            batch = worklist_batch(con, start, batch_size, columns)
            frame = pl.from_arrow(batch)
            view = pair_view(frame) if any(getattr(r, "uses_view", False) for r in rules) else frame
            found = [
                rule.check(view if getattr(rule, "uses_view", False) else frame) for rule in rules
            ]
            flags = pl.concat([_stamp(f, rule) for f, rule in zip(found, rules, strict=True)])
            commit_batch(con, stage, config, start, batch_size, codes, flags.to_arrow())
            written += flags.height
            progress.advance(batch.num_rows)
        advance_mark(con, stage, config)
    finally:
        drop_worklist(con, stage)
    return {"pending": total, "flags": written}


def _worklist(
    con: duckdb.DuckDBPyConnection,
    stage: str,
    config: str,
    columns: list[str],
    predicates: dict[str, str],
    rules: list[Rule],
) -> int:
    """Build the stage's work list; a user SQL rule that fails at run time is named."""
    try:
        return build_worklist(con, stage, config, columns, predicates)
    except duckdb.Error:
        culprit = failing_predicate(con, predicates) if predicates else None
        if culprit is None:
            raise
        code = next(r.code for r in rules if getattr(r, "column", None) == culprit[0])
        raise WorkbenchError(f"rule '{code}': its SQL predicate failed: {culprit[1]}") from None


def _stamp(found: pl.DataFrame, rule: Rule) -> pl.DataFrame:
    """Add the rule's code, severity and version to its findings, in the flags table's order."""
    import polars as pl

    return found.select(
        "pair_id",
        code=pl.lit(rule.code, pl.String),
        severity=pl.lit(rule.severity, pl.String),
        message=pl.col("message"),
        evidence=pl.col("evidence"),
        rule_version=pl.lit(rule.version, pl.String),
    )


def parse_max_rates(items: Sequence[str]) -> dict[str, float]:
    """`--max-rate code=0.01` options into {code: rate}."""
    limits: dict[str, float] = {}
    for item in items:
        code, sep, value = item.partition("=")
        try:
            rate = float(value)
        except ValueError:
            rate = -1.0
        if not sep or not code.strip() or not 0 <= rate <= 1:
            raise WorkbenchError(
                f"--max-rate {item}: expected CODE=RATE with RATE in 0..1, e.g. pii=0.01"
            )
        limits[code.strip()] = rate
    return limits


def gate(
    rules: Sequence[Rule], rates: list[dict[str, Any]], cli_limits: dict[str, float]
) -> list[dict[str, Any]]:
    """Each limited code's rate against its maximum (CLI over rules file); `breached` marks failures."""
    codes = {r.code for r in rules}
    unknown = sorted(set(cli_limits) - codes)
    if unknown:
        raise WorkbenchError(
            f"--max-rate {unknown[0]}: no such rule (codes: {', '.join(sorted(codes))})"
        )
    limits = {r.code: r.max_rate for r in rules if getattr(r, "max_rate", None) is not None}
    limits.update(cli_limits)
    found = {row["code"]: row for row in rates}
    rows = []
    for code in sorted(codes, key=lambda c: (c not in limits, c)):
        row = found.get(code, {"pairs": 0, "rate": 0.0})
        limit = limits.get(code)
        rows.append(
            {
                "code": code,
                "pairs": int(row["pairs"]),
                "rate": float(row["rate"]),
                "max_rate": limit,
                "breached": limit is not None and float(row["rate"]) > limit,
            }
        )
    return rows
