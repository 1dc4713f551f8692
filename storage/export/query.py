"""Which pairs an export holds and what each record carries: SQL over `current_pairs`.

The chosen ids go into one temp table (with their split); the records are then streamed from a
SELECT that joins it, so nothing is ever held in Python as a whole table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

from storage.errors import WorkbenchError
from storage.sql import one
from storage.subsets import resolve

STATUSES = ("pending", "accepted", "rejected")
SELECTED = "wb_export_ids"
# Columns every query carries for the writers' own use; they are not written as fields.
INTERNAL = ("pair_id", "context_id")


@dataclass(frozen=True)
class Column:
    """One output field: its name and the SQL over `p` (current_pairs) and any provider joins."""

    name: str
    sql: str
    json: bool = False  # JSON text: nested in JSON outputs, a string column in tables


@dataclass(frozen=True)
class AnalysisProvider:
    """Fields that `--with-analysis` adds to each record; `joins` may reference `p.id`.

    A provider whose `table` is missing from the store is skipped, so providers for later
    analyses (flags, clusters) can be registered before every store has their tables.
    """

    name: str
    columns: tuple[Column, ...]
    joins: tuple[str, ...] = ()
    table: str | None = None


_DECISIONS_JOIN = """
LEFT JOIN (
    SELECT pair_id,
           to_json(list({'action': action, 'payload': payload,
                         'at': strftime("at", '%Y-%m-%dT%H:%M:%S.%f')} ORDER BY seq))::VARCHAR
               AS history
    FROM decisions GROUP BY pair_id
) wb_decisions ON wb_decisions.pair_id = p.id
"""

ANALYSIS: list[AnalysisProvider] = [
    AnalysisProvider(
        "review",
        (
            Column("id", "p.id"),
            Column("status", "p.status"),
            Column("tags", "p.tags"),
            Column("edited", "p.edited"),
            Column("original_question", "CASE WHEN p.edited THEN p.original_question END"),
            Column("original_answer", "CASE WHEN p.edited THEN p.original_answer END"),
        ),
    ),
    AnalysisProvider(
        "decisions",
        (Column("decisions", "coalesce(wb_decisions.history, '[]')", json=True),),
        (_DECISIONS_JOIN,),
    ),
]


def register_analysis(provider: AnalysisProvider) -> None:
    """Add (or replace, by name) a provider of `--with-analysis` fields."""
    ANALYSIS[:] = [p for p in ANALYSIS if p.name != provider.name] + [provider]


def analysis_names() -> list[str]:
    """Every field name the registered providers can add."""
    return [c.name for p in ANALYSIS for c in p.columns]


@dataclass(frozen=True)
class Selection:
    """What the chosen pairs amount to, before any split."""

    pairs: int
    rejected_left_out: int
    not_exportable: int
    stored_splits: bool


def select_pairs(
    con: duckdb.DuckDBPyConnection,
    *,
    subset: str | None = None,
    statuses: Sequence[str] = (),
    include_rejected: bool = False,
    needs_context: bool = False,
) -> Selection:
    """Fill temp table `wb_export_ids` (pair_id, split) with the pairs to export.

    The store (or one subset version), minus rejected pairs unless asked, or only the given
    review states; `needs_context` keeps qa pairs with a context (what SQuAD can hold).
    """
    bad = [s for s in statuses if s not in STATUSES]
    if bad:
        raise WorkbenchError(f"--status {bad[0]}: one of {', '.join(STATUSES)}")
    if statuses:
        chosen = f"p.status IN ({', '.join('?' for _ in statuses)})"
    else:
        chosen = "true" if include_rejected else "p.status <> 'rejected'"
    params: list[object] = list(statuses)
    if subset is not None:
        name, version = resolve(con, subset)
        source = (
            "current_pairs p JOIN subset_members m "
            "ON m.pair_id = p.id AND m.name = ? AND m.version = ?"
        )
        split = "min(m.split)"
        params += [name, version]
    else:
        source, split = "current_pairs p", "'train'"
    fits = "p.kind = 'qa' AND p.context_id IS NOT NULL" if needs_context else "true"
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE wb_export_all AS
        SELECT p.id AS pair_id, {split} AS split, bool_or({chosen}) AS chosen,
               bool_or({fits}) AS fits, any_value(p.status) AS status
        FROM {source} GROUP BY p.id
        """,
        params,
    )
    pairs, rejected, unfit, stored = one(
        con,
        """
        SELECT count(*) FILTER (WHERE chosen AND fits),
               count(*) FILTER (WHERE NOT chosen AND status = 'rejected'),
               count(*) FILTER (WHERE chosen AND NOT fits),
               count(*) FILTER (WHERE chosen AND fits AND split <> 'train') > 0
        FROM wb_export_all
        """,
    )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {SELECTED} AS "
        "SELECT pair_id, split FROM wb_export_all WHERE chosen AND fits"
    )
    con.execute("DROP TABLE wb_export_all")
    # Rejected pairs are "left out" only by the default; a --status filter chose its states.
    return Selection(int(pairs), 0 if statuses else int(rejected), int(unfit), bool(stored))


def _base_columns(original: bool) -> list[Column]:
    prefix = "p.original_" if original else "p."
    return [
        Column("pair_id", "p.id"),
        Column("context_id", "p.context_id"),
        Column("question", f"{prefix}question"),
        Column("answer", f"{prefix}answer"),
        Column("context", "p.context"),
        Column("kind", "p.kind"),
        Column("doc_id", "p.doc_id"),
        Column("chunk_id", "p.chunk"),
        Column("answerable", "p.answerable"),
        Column("meta", "coalesce(p.meta::VARCHAR, '{}')", json=True),
    ]


BASE_NAMES = tuple(c.name for c in _base_columns(False))


def record_query(
    con: duckdb.DuckDBPyConnection,
    *,
    split: str | None = None,
    original: bool = False,
    with_analysis: bool = False,
    by_document: bool = False,
) -> tuple[str, list[object], list[Column]]:
    """The SELECT that streams the chosen pairs (of one split), its parameters and its columns.

    Store order by default; `by_document` keeps each doc_id's pairs, and within it each
    context's, together (in order of first appearance), as SQuAD nests them.
    """
    columns = _base_columns(original)
    joins: list[str] = []
    if with_analysis:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        for provider in ANALYSIS:
            if provider.table is None or provider.table in tables:
                columns += provider.columns
                joins += provider.joins
    fields = ", ".join(f"{c.sql} AS {c.name}" for c in columns)
    where, params = ("WHERE s.split = ?", [split]) if split is not None else ("", [])
    order = (
        "wb_doc_first, doc_id, wb_context_first, context_id, wb_seq" if by_document else "wb_seq"
    )
    names = ", ".join(c.name for c in columns)
    sql = f"""
        SELECT {names} FROM (
            SELECT {fields}, p.seq AS wb_seq,
                   min(p.seq) OVER (PARTITION BY p.doc_id) AS wb_doc_first,
                   min(p.seq) OVER (PARTITION BY p.context_id) AS wb_context_first
            FROM {SELECTED} s JOIN current_pairs p ON p.id = s.pair_id
            {" ".join(joins)}
            {where}
        ) ORDER BY {order}
    """
    return sql, params, columns
