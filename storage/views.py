"""What the TUI reads: filtered, sorted keys; pages of rows around the viewport; one pair's detail.

A browse view is an ordered array of `seq` keys (8 bytes a pair, so a million is 8 MB); rows are
fetched a page at a time by key. Every predicate is built from bound parameters: search text is
matched literally (`contains(lower(..), lower(?))`), so quotes, `%`, `_` and SQL keywords are
just text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from storage import clusters, decisions, flags
from storage.decisions import Batch
from storage.errors import WorkbenchError
from storage.sql import dicts, one, scalar
from storage.subsets import resolve

STATUSES = ("pending", "accepted", "rejected")
SEVERITIES = ("error", "warning", "info")
# Tags that record a curator's judgement of a flag rule on one pair (the Flags review queue).
RULE_OK, RULE_WRONG = "rule-ok:", "rule-wrong:"

# Sortable columns, as templates over the logical columns of a pair (see `_COLUMNS`).
SORTS: dict[str, str] = {
    "seq": "{seq}",
    "status": "{status}",
    "question": "{question}",
    "answer": "{answer}",
    "source": "{source}",
    "kind": "{kind}",
    "tags": "len({tags})",
    "edited": "{edited}",
    "flags": "(SELECT count(*) FROM flags f WHERE f.pair_id = {id})",
    "id": "{id}",
}
_NAMES = (
    "id",
    "seq",
    "source",
    "kind",
    "context_id",
    "status",
    "question",
    "answer",
    "edited",
    "tags",
)

# The same logical columns computed straight from the tables, joining only what a filter needs:
# `current_pairs` derives state, edits and tags for every pair before any filter applies.
_COLUMNS: dict[str, str] = {
    "id": "p.id",
    "seq": "p.seq",
    "source": "p.source",
    "kind": "p.kind",
    "context_id": "p.context_id",
    "status": "CASE v.verdict WHEN 'accept' THEN 'accepted' WHEN 'reject' THEN 'rejected' "
    "ELSE 'pending' END",
    "question": "coalesce(e.last_edit->>'question', p.question)",
    "answer": "coalesce(e.last_edit->>'answer', p.answer)",
    "edited": "(coalesce(e.last_edit->>'question', p.question) <> p.question "
    "OR coalesce(e.last_edit->>'answer', p.answer) <> p.answer)",
    "tags": "coalesce(t.tags, []::VARCHAR[])",
}
_JOINS = {
    "v.": "LEFT JOIN (SELECT pair_id, arg_max(action, seq) AS verdict FROM decisions "
    "WHERE action IN ('accept', 'reject', 'reset') GROUP BY pair_id) v ON v.pair_id = p.id",
    "e.": "LEFT JOIN (SELECT pair_id, arg_max(payload, seq) AS last_edit FROM decisions "
    "WHERE action = 'edit' GROUP BY pair_id) e ON e.pair_id = p.id",
    "t.": "LEFT JOIN pair_tags t ON t.pair_id = p.id",
}


@dataclass(frozen=True)
class Filter:
    """A browse filter; every field is optional and they combine with AND."""

    status: str | None = None
    flag: str | None = None  # a flag code, or "*" for any flag
    severity: str | None = None
    tag: str | None = None
    source: str | None = None
    kind: str | None = None
    cluster: str | None = None  # a cluster id, or "*" for any cluster (of `method`, if given)
    method: str | None = None
    subset: str | None = None  # NAME or NAME@VERSION
    search: str | None = None
    edited: bool | None = None

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) in (None, "") for f in fields(self))

    def describe(self) -> str:
        """One line for the status bar, e.g. `status=pending flag=short_answer /"paris"`."""
        parts = []
        for f in fields(self):
            value = getattr(self, f.name)
            if value in (None, ""):
                continue
            parts.append(f'/"{value}"' if f.name == "search" else f"{f.name}={value}")
        return " ".join(parts) or "all pairs"

    def with_(self, **changes: Any) -> Filter:
        return replace(self, **changes)


@dataclass(frozen=True)
class Sort:
    """A sort column (a key of SORTS) and direction; ties always break on seq."""

    column: str = "seq"
    descending: bool = False


def predicate(
    con: duckdb.DuckDBPyConnection,
    flt: Filter,
    prefix: str = "c.",
    *,
    columns: dict[str, str] | None = None,
    contexts: bool = True,
) -> tuple[str, list[Any]]:
    """SQL condition and its parameters, over current_pairs (columns prefixed by `prefix`) or
    over other expressions of the same columns. `contexts=False` searches only the pair's text."""
    col = columns or {name: prefix + name for name in _NAMES}
    clauses: list[str] = []
    params: list[Any] = []
    if flt.status:
        if flt.status not in STATUSES:
            raise WorkbenchError(f"unknown status '{flt.status}'; one of {', '.join(STATUSES)}")
        if columns is _COLUMNS:
            clauses.append(_STATUS_IN[flt.status].format(seq=col["seq"]))
        else:
            clauses.append(f"{col['status']} = ?")
            params.append(flt.status)
    if flt.flag or flt.severity:
        conds, fparams = [], []
        if flt.flag and flt.flag != "*":
            conds.append("code = ?")
            fparams.append(flt.flag)
        if flt.severity:
            conds.append("severity = ?")
            fparams.append(flt.severity)
        where = f" WHERE {' AND '.join(conds)}" if conds else ""
        clauses.append(f"{col['id']} IN (SELECT pair_id FROM flags{where})")
        params.extend(fparams)
    if flt.tag:
        if columns is _COLUMNS:
            clauses.append(f"{col['seq']} IN ({_TAGGED})")
        else:
            clauses.append(f"list_contains({col['tags']}, ?)")
        params.append(flt.tag)
    for name in ("source", "kind"):
        value = getattr(flt, name)
        if value:
            clauses.append(f"{col[name]} = ?")
            params.append(value)
    if flt.cluster or flt.method:
        conds, cparams = [], []
        if flt.cluster and flt.cluster != "*":
            conds.append("cluster_id = ?")
            cparams.append(flt.cluster)
        if flt.method:
            conds.append("method = ?")
            cparams.append(flt.method)
        where = f" WHERE {' AND '.join(conds)}" if conds else ""
        clauses.append(f"{col['id']} IN (SELECT pair_id FROM clusters{where})")
        params.extend(cparams)
    if flt.subset:
        name, version = resolve(con, flt.subset)
        clauses.append(
            f"{col['id']} IN (SELECT pair_id FROM subset_members WHERE name = ? AND version = ?)"
        )
        params.extend([name, version])
    if flt.edited is not None:
        clauses.append(col["edited"] if flt.edited else f"NOT {col['edited']}")
    if flt.search and columns is _COLUMNS:
        clauses.append(f"{col['seq']} IN ({_FAST_SEARCH if contexts else _FAST_TEXT_SEARCH})")
        params.extend([flt.search] * (5 if contexts else 4))
    elif flt.search:
        text = (
            f"contains(lower({col['question']}), lower(?)) "
            f"OR contains(lower({col['answer']}), lower(?))"
        )
        params.extend([flt.search] * 2)
        if contexts:
            text += (
                f" OR {col['context_id']} IN "
                "(SELECT context_id FROM contexts WHERE contains(lower(text), lower(?)))"
            )
            params.append(flt.search)
        clauses.append(f"({text})")
    return (" AND ".join(clauses) or "true"), params


# Status and tag filters look up `pair_state` (each decided pair's status and tags, kept by the
# decision writer) by seq, instead of joining every pair with the aggregated log: several times
# faster on a million pairs, and a first page needs no aggregation at all.
_STATUS_IN = {
    "accepted": "{seq} IN (SELECT seq FROM pair_state WHERE status = 'accepted')",
    "rejected": "{seq} IN (SELECT seq FROM pair_state WHERE status = 'rejected')",
    "pending": "{seq} NOT IN (SELECT seq FROM pair_state WHERE status <> 'pending')",
}
_TAGGED = "SELECT seq FROM pair_state WHERE list_contains(tags, ?)"


# Search as a union of seq sets: unedited pairs by their stored text, edited ones by their last
# edit, then pairs whose context matches. Scanning the stored columns directly (instead of the
# current text, which needs the edit join first) is several times faster on a million pairs.
_FAST_TEXT_SEARCH = """
    SELECT seq FROM pairs
    WHERE (contains(lower(question), lower(?)) OR contains(lower(answer), lower(?)))
      AND id NOT IN (SELECT pair_id FROM decisions WHERE action = 'edit')
    UNION ALL
    SELECT p2.seq FROM (
        SELECT pair_id, arg_max(payload, seq) AS last_edit FROM decisions
        WHERE action = 'edit' GROUP BY pair_id
    ) x JOIN pairs p2 ON p2.id = x.pair_id
    WHERE contains(lower(x.last_edit->>'question'), lower(?))
       OR contains(lower(x.last_edit->>'answer'), lower(?))
"""
_FAST_SEARCH = (
    _FAST_TEXT_SEARCH
    + """
    UNION ALL
    SELECT seq FROM pairs WHERE context_id IN
        (SELECT context_id FROM contexts WHERE contains(lower(text), lower(?)))
"""
)


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def literal_predicate(con: duckdb.DuckDBPyConnection, flt: Filter) -> str:
    """The filter as self-contained SQL over current_pairs, for a subset's saved filter."""
    sql, params = predicate(con, flt, prefix="")
    pieces = sql.split("?")
    if len(pieces) != len(params) + 1:
        raise WorkbenchError("filter cannot be saved: unexpected '?' in its SQL")
    out = [pieces[0]]
    for value, piece in zip(params, pieces[1:], strict=True):
        out.append(_literal(value) + piece)
    return "".join(out)


def keys(
    con: duckdb.DuckDBPyConnection,
    flt: Filter,
    sort: Sort = Sort(),
    *,
    contexts: bool = True,
    limit: int | None = None,
) -> np.ndarray:
    """The seqs of every pair the filter keeps, in display order (int64 array).

    Same result as the filter over `current_pairs`, but only the decision-log aggregates the
    filter and sort use are computed. `contexts=False` leaves the (large) contexts out of a
    search: the quick first pass of a progressive search. `limit` gives only the first seqs
    (a top-N: no full sort, no million-key transfer), to paint a first page early.
    """
    if sort.column not in SORTS:
        raise WorkbenchError(f"cannot sort by '{sort.column}'; one of {', '.join(SORTS)}")
    if not contexts and sort.column == "seq" and flt.search and flt.with_(search=None).is_empty():
        # The text pass of a search alone, in seq order: the matching seqs themselves, not every
        # pair joined with them (1-8% faster for a rare word, 36% for a common one on 1M pairs).
        direction = "DESC" if sort.descending else "ASC"
        sql = f"SELECT seq FROM ({_FAST_TEXT_SEARCH}) ORDER BY seq {direction}"
        return _seqs(con, sql, [flt.search] * 4, limit)
    where, params = predicate(con, flt, columns=_COLUMNS, contexts=contexts)
    order = SORTS[sort.column].format(**_COLUMNS)
    direction = "DESC" if sort.descending else "ASC"
    if sort.column == "seq":
        order_by = f"p.seq {direction}"
    else:
        order_by = f"{order} {direction} NULLS LAST, p.seq"
    used = where + order
    joins = " ".join(sql for alias, sql in _JOINS.items() if alias in used)
    sql = f"SELECT p.seq FROM pairs p {joins} WHERE {where} ORDER BY {order_by}"
    return _seqs(con, sql, params, limit)


def _seqs(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[Any], limit: int | None
) -> np.ndarray:
    """Run a query of seqs (at most `limit`) into an int64 array."""
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    result = con.execute(sql, params).fetchnumpy()["seq"]
    return np.asarray(result, dtype=np.int64)


def ids_sql(con: duckdb.DuckDBPyConnection, flt: Filter) -> tuple[str, list[Any]]:
    """SELECT of the ids the filter keeps, for bulk decisions and subsets."""
    where, params = predicate(con, flt)
    return f"SELECT c.id FROM current_pairs c WHERE {where}", params


# One page of rows by key. Status and tags come from `pair_state` and edits from the log, only
# for the page's pairs (the `current_pairs` view aggregates the whole log first).
_PAGE_SQL = """
WITH p AS (
    SELECT id, seq, context_id, question, answer, source, kind, answerable {extra}
    FROM pairs WHERE {where}
),
d AS (
    SELECT pair_id, arg_max(payload, seq) AS last_edit
    FROM decisions WHERE action = 'edit' AND pair_id IN (SELECT id FROM p) GROUP BY pair_id
),
t AS (SELECT seq, status, tags FROM pair_state WHERE seq IN (SELECT seq FROM p)),
f AS (
    SELECT pair_id, count(*) AS n_flags,
           min(CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END) AS worst
    FROM flags WHERE pair_id IN (SELECT id FROM p) GROUP BY pair_id
),
k AS (
    SELECT pair_id, count(*) AS n_clusters FROM clusters
    WHERE pair_id IN (SELECT id FROM p) GROUP BY pair_id
)
SELECT p.seq, p.id, coalesce(t.status, 'pending') AS status,
       {qcol} AS question, {acol} AS answer,
       coalesce(d.last_edit->>'question', p.question) <> p.question
           OR coalesce(d.last_edit->>'answer', p.answer) <> p.answer AS edited,
       coalesce(t.tags, []::VARCHAR[]) AS tags,
       coalesce(f.n_flags, 0) AS n_flags,
       ['error', 'warning', 'info'][f.worst + 1] AS worst,
       coalesce(k.n_clusters, 0) AS n_clusters,
       p.source, p.kind, p.answerable, p.context_id {extra_out}
FROM p
LEFT JOIN d ON d.pair_id = p.id
LEFT JOIN t ON t.seq = p.seq
LEFT JOIN f ON f.pair_id = p.id
LEFT JOIN k ON k.pair_id = p.id
{joins}
"""

ROW_TEXT_CHARS = 240


def rows(con: duckdb.DuckDBPyConnection, seqs: Sequence[int] | np.ndarray) -> list[dict[str, Any]]:
    """Table rows for these seqs, in the given order; text cut to ROW_TEXT_CHARS for display."""
    seq_list = [int(s) for s in seqs]
    if not seq_list:
        return []
    lo, hi = min(seq_list), max(seq_list)
    cut = ROW_TEXT_CHARS
    sql = _PAGE_SQL.format(
        extra="",
        extra_out="",
        where="seq BETWEEN $lo AND $hi AND seq IN (SELECT unnest($seqs::BIGINT[]))",
        qcol=f"left(coalesce(d.last_edit->>'question', p.question), {cut})",
        acol=f"left(coalesce(d.last_edit->>'answer', p.answer), {cut})",
        joins="",
    )
    found = dicts(con.execute(sql, {"lo": lo, "hi": hi, "seqs": seq_list}))
    by_seq = {r["seq"]: r for r in found}
    return [by_seq[s] for s in seq_list if s in by_seq]


def pair(con: duckdb.DuckDBPyConnection, pair_id: str) -> dict[str, Any] | None:
    """One pair in full: current and original text, context, decision state, meta."""
    sql = _PAGE_SQL.format(
        extra=", question AS original_question, answer AS original_answer, meta",
        extra_out=", p.original_question, p.original_answer, p.meta, x.text AS context, "
        "x.doc_id, x.chunk",
        where="id = $id",
        qcol="coalesce(d.last_edit->>'question', p.question)",
        acol="coalesce(d.last_edit->>'answer', p.answer)",
        joins="LEFT JOIN contexts x ON x.context_id = p.context_id",
    )
    found = dicts(con.execute(sql, {"id": pair_id}))
    return found[0] if found else None


def detail(con: duckdb.DuckDBPyConnection, pair_id: str) -> dict[str, Any] | None:
    """Everything the detail pane shows for one pair."""
    row = pair(con, pair_id)
    if row is None:
        return None
    row["flags"] = flags.pair_flags(con, pair_id)
    row["clusters"] = clusters.pair_clusters(con, pair_id)
    row["history"] = decisions.history(con, pair_id)
    return row


def flagged_seqs(con: duckdb.DuckDBPyConnection) -> np.ndarray:
    """Sorted seqs of every pair with at least one flag (for next/previous flagged)."""
    got = con.execute(
        "SELECT p.seq FROM pairs p SEMI JOIN flags f ON f.pair_id = p.id ORDER BY p.seq"
    ).fetchnumpy()["seq"]
    return np.asarray(got, dtype=np.int64)


def id_of(con: duckdb.DuckDBPyConnection, seq: int) -> str | None:
    """The pair id at a seq (None when there is none)."""
    return scalar(con, "SELECT id FROM pairs WHERE seq = ?", [seq])


def seq_of(con: duckdb.DuckDBPyConnection, pair_id: str) -> int | None:
    """The seq of a pair id (None when it is not in the store)."""
    return scalar(con, "SELECT seq FROM pairs WHERE id = ?", [pair_id])


def facets(con: duckdb.DuckDBPyConnection) -> dict[str, list[Any]]:
    """The values each filter field can take, for the filter dialog."""

    def col(sql: str) -> list[Any]:
        return [r[0] for r in con.execute(sql).fetchall()]

    return {
        "status": list(STATUSES),
        "source": col("SELECT DISTINCT source FROM pairs ORDER BY 1"),
        "kind": col("SELECT DISTINCT kind FROM pairs ORDER BY 1"),
        "tag": col("SELECT DISTINCT unnest(tags) FROM pair_tags ORDER BY 1"),
        "flag": col("SELECT DISTINCT code FROM flags ORDER BY 1"),
        "severity": [s for s in SEVERITIES if s in col("SELECT DISTINCT severity FROM flags")],
        "method": col("SELECT DISTINCT method FROM clusters ORDER BY 1"),
        "subset": col(
            "SELECT name || '@' || max(version) FROM subsets GROUP BY name ORDER BY name"
        ),
    }


def record_seqs(
    con: duckdb.DuckDBPyConnection,
    seqs: np.ndarray | Sequence[int],
    action: str,
    payload: dict[str, Any] | None = None,
    *,
    by: str = "curator",
    description: str | None = None,
) -> Batch:
    """One decision batch over the pairs with these seqs (a whole filtered view, say)."""
    con.register("_wb_bulk_seqs", pa.table({"seq": pa.array(np.asarray(seqs), pa.int64())}))
    try:
        return decisions.record(
            con,
            "SELECT id FROM pairs WHERE seq IN (SELECT seq FROM _wb_bulk_seqs)",
            action,
            payload,
            by=by,
            description=description,
        )
    finally:
        con.unregister("_wb_bulk_seqs")


def ids_for_seqs(con: duckdb.DuckDBPyConnection, seqs: np.ndarray | Sequence[int]) -> list[str]:
    """Pair ids for seqs, in seq order."""
    return [
        r[0]
        for r in con.execute(
            "SELECT id FROM pairs WHERE seq IN (SELECT unnest(?::BIGINT[])) ORDER BY seq",
            [[int(s) for s in seqs]],
        ).fetchall()
    ]


# Clusters ---------------------------------------------------------------------------------

_VERDICTS = """
    SELECT pair_id,
           CASE arg_max(action, seq) WHEN 'accept' THEN 'accepted' WHEN 'reject' THEN 'rejected'
                ELSE 'pending' END AS status
    FROM decisions WHERE action IN ('accept', 'reject', 'reset') GROUP BY pair_id
"""


def cluster_table(con: duckdb.DuckDBPyConnection, method: str | None = None) -> pa.Table:
    """One row per cluster: size, states, representative; biggest first (an Arrow table)."""
    where = "WHERE k.method = $method" if method else ""
    return con.sql(
        f"""
        WITH v AS ({_VERDICTS}),
        m AS (
            SELECT k.method, k.cluster_id, k.pair_id, k.is_representative, k.similarity, p.seq,
                   p.question, coalesce(v.status, 'pending') AS status
            FROM clusters k JOIN pairs p ON p.id = k.pair_id LEFT JOIN v ON v.pair_id = k.pair_id
            {where}
        )
        SELECT method, cluster_id, count(*) AS size,
               count(*) FILTER (WHERE status = 'pending') AS pending,
               count(*) FILTER (WHERE status = 'accepted') AS accepted,
               count(*) FILTER (WHERE status = 'rejected') AS rejected,
               coalesce(arg_min(pair_id, seq) FILTER (WHERE is_representative),
                        arg_min(pair_id, seq)) AS representative,
               left(coalesce(arg_min(question, seq) FILTER (WHERE is_representative),
                             arg_min(question, seq)), 200) AS question,
               min(similarity) AS min_similarity,
               count(*) FILTER (WHERE status <> 'rejected') >= 2
                   AND count(*) FILTER (WHERE status = 'pending') >= 1 AS unresolved
        FROM m GROUP BY method, cluster_id
        ORDER BY size DESC, method, cluster_id
        """,
        params={"method": method} if method else {},
    ).to_arrow_table()


def cluster_members(
    con: duckdb.DuckDBPyConnection, method: str, cluster_id: str
) -> list[dict[str, Any]]:
    """A cluster's members in full (current text), the representative first."""
    members = dicts(
        con.execute(
            "SELECT k.pair_id, k.similarity, k.is_representative, p.seq FROM clusters k "
            "JOIN pairs p ON p.id = k.pair_id WHERE k.method = ? AND k.cluster_id = ? "
            "ORDER BY k.is_representative DESC, p.seq",
            [method, cluster_id],
        )
    )
    if not members:
        return []
    if not any(m["is_representative"] for m in members):
        members[0]["is_representative"] = True
    full = {r["id"]: r for r in rows_full(con, [m["seq"] for m in members])}
    return [{**full[m["pair_id"]], **m} for m in members if m["pair_id"] in full]


def rows_full(con: duckdb.DuckDBPyConnection, seqs: Sequence[int]) -> list[dict[str, Any]]:
    """Like `rows` but with the whole text, for side-by-side comparison."""
    seq_list = [int(s) for s in seqs]
    if not seq_list:
        return []
    sql = _PAGE_SQL.format(
        extra="",
        extra_out="",
        where="seq IN (SELECT unnest($seqs::BIGINT[]))",
        qcol="coalesce(d.last_edit->>'question', p.question)",
        acol="coalesce(d.last_edit->>'answer', p.answer)",
        joins="",
    )
    by_seq = {r["seq"]: r for r in dicts(con.execute(sql, {"seqs": seq_list}))}
    return [by_seq[s] for s in seq_list if s in by_seq]


def resolve_cluster(
    con: duckdb.DuckDBPyConnection, method: str, cluster_id: str, *, by: str = "curator"
) -> Batch | None:
    """Keep the representative, reject every other member not yet rejected: one undoable batch."""
    members = cluster_members(con, method, cluster_id)
    rest = [
        m["pair_id"] for m in members if not m["is_representative"] and m["status"] != "rejected"
    ]
    if not rest:
        return None
    return decisions.record(
        con, rest, "reject", by=by, description=f"resolve cluster {method}/{cluster_id}"
    )


def set_representative(
    con: duckdb.DuckDBPyConnection, method: str, cluster_id: str, pair_id: str
) -> None:
    """Make one member the cluster's representative (the others stop being one)."""
    found = one(
        con,
        "SELECT count(*) FROM clusters WHERE method = ? AND cluster_id = ? AND pair_id = ?",
        [method, cluster_id, pair_id],
    )[0]
    if not found:
        raise WorkbenchError(f"pair {pair_id} is not in cluster {method}/{cluster_id}")
    con.execute(
        "UPDATE clusters SET is_representative = (pair_id = ?) WHERE method = ? AND cluster_id = ?",
        [pair_id, method, cluster_id],
    )


def cluster_size_histogram(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """How many clusters have each size, per method."""
    return dicts(
        con.execute(
            "SELECT method, size, count(*) AS clusters FROM "
            "(SELECT method, cluster_id, count(*) AS size FROM clusters GROUP BY ALL) "
            "GROUP BY ALL ORDER BY method, size"
        )
    )


# Flags ------------------------------------------------------------------------------------


def flag_summary(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Per code and severity: flagged pairs, and how many curators judged right or wrong."""
    judged = dict(
        con.execute(
            f"""
            SELECT tag, count(*) FROM (SELECT unnest(tags) AS tag FROM pair_tags)
            WHERE starts_with(tag, '{RULE_OK}') OR starts_with(tag, '{RULE_WRONG}')
            GROUP BY tag
            """
        ).fetchall()
    )
    rows = flags.flag_counts(con)
    for row in rows:
        row["judged_ok"] = int(judged.get(RULE_OK + row["code"], 0))
        row["judged_wrong"] = int(judged.get(RULE_WRONG + row["code"], 0))
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    rows.sort(key=lambda r: (rank.get(r["severity"], 9), -r["pairs"], r["code"]))
    return rows


def flag_sample(
    con: duckdb.DuckDBPyConnection, code: str, n: int, seed: int = 0
) -> list[dict[str, Any]]:
    """Up to n pairs flagged with `code` that nobody judged yet, in a seeded random order."""
    ids = [
        r[0]
        for r in con.execute(
            """
            SELECT f.pair_id FROM (SELECT DISTINCT pair_id FROM flags WHERE code = ?) f
            WHERE f.pair_id NOT IN (
                SELECT pair_id FROM pair_tags
                WHERE list_contains(tags, ?) OR list_contains(tags, ?)
            )
            ORDER BY hash(f.pair_id || ?::VARCHAR) LIMIT ?
            """,
            [code, RULE_OK + code, RULE_WRONG + code, seed, n],
        ).fetchall()
    ]
    return [d for d in (detail(con, i) for i in ids) if d is not None]


# Subsets ----------------------------------------------------------------------------------


def subset_versions(con: duckdb.DuckDBPyConnection, name: str) -> list[dict[str, Any]]:
    """Every version of a subset with its splits and what it changed from the previous one."""
    return dicts(
        con.execute(
            """
            WITH m AS (SELECT version, pair_id, split FROM subset_members WHERE name = $name),
            added AS (
                SELECT a.version, count(*) AS n FROM m a
                ANTI JOIN m b ON b.version = a.version - 1 AND b.pair_id = a.pair_id
                GROUP BY a.version
            ),
            removed AS (
                SELECT b.version + 1 AS version, count(*) AS n FROM m b
                ANTI JOIN m a ON a.version = b.version + 1 AND a.pair_id = b.pair_id
                GROUP BY b.version
            ),
            sp AS (
                SELECT version, list({'split': split, 'pairs': n} ORDER BY split) AS splits
                FROM (SELECT version, split, count(*) AS n FROM m GROUP BY ALL) GROUP BY version
            )
            SELECT s.version, s.n_pairs AS pairs, s.ids_hash, s.note, s.filter,
                   strftime(s.created_at, '%Y-%m-%d %H:%M') AS created_at,
                   coalesce(added.n, 0) AS added, coalesce(removed.n, 0) AS removed,
                   coalesce(sp.splits, []) AS splits
            FROM subsets s
            LEFT JOIN added ON added.version = s.version
            LEFT JOIN removed ON removed.version = s.version
            LEFT JOIN sp ON sp.version = s.version
            WHERE s.name = $name ORDER BY s.version
            """,
            {"name": name},
        )
    )


def subset_changes(
    con: duckdb.DuckDBPyConnection, name: str, version: int, limit: int = 20
) -> dict[str, list[dict[str, Any]]]:
    """A sample of the pairs a version added and removed compared with the previous version."""
    out: dict[str, list[dict[str, Any]]] = {}
    for key, new, old in (("added", version, version - 1), ("removed", version - 1, version)):
        out[key] = dicts(
            con.execute(
                """
                SELECT p.id, p.seq, left(p.question, 200) AS question FROM pairs p
                WHERE p.id IN (
                    SELECT pair_id FROM subset_members WHERE name = $name AND version = $new
                    EXCEPT
                    SELECT pair_id FROM subset_members WHERE name = $name AND version = $old)
                ORDER BY p.seq LIMIT $limit
                """,
                {"name": name, "new": new, "old": old, "limit": limit},
            )
        )
    return out


def subset_split_ids(
    con: duckdb.DuckDBPyConnection, name: str, version: int, fractions: dict[str, float], seed: int
) -> dict[str, str]:
    """Pair id → split for one subset version, seeded and grouped by context."""
    from storage.splits import assign_splits

    con.execute(
        "CREATE OR REPLACE TEMP TABLE _wb_split_members AS SELECT pair_id FROM subset_members "
        "WHERE name = ? AND version = ?",
        [name, version],
    )
    try:
        assign_splits(con, "_wb_split_members", fractions, seed, table="_wb_split_out")
        return dict(con.execute("SELECT pair_id, split FROM _wb_split_out").fetchall())
    finally:
        con.execute("DROP TABLE IF EXISTS _wb_split_members")
        con.execute("DROP TABLE IF EXISTS _wb_split_out")


def pin_times(con: duckdb.DuckDBPyConnection, at: str) -> None:
    """Give every decision and subset version the same timestamp: reproducible screenshots."""
    con.execute('UPDATE decisions SET "at" = ?::TIMESTAMP', [at])
    con.execute('UPDATE decision_batches SET "at" = ?::TIMESTAMP', [at])
    con.execute("UPDATE subsets SET created_at = ?::TIMESTAMP", [at])
