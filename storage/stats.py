"""Diversity statistics as SQL aggregates over a scope (the whole store or one subset version).

`set_scope` points the temp view `_wb_scope` at the scope's pairs; every other function
aggregates over it and returns a few rows of plain data (histogram bins and counts, never
rendered text), so the CLI and the TUI draw the same thing.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import Any

import duckdb
import pyarrow as pa

from storage.sql import dicts, one, scalar
from storage.subsets import resolve

# Cluster methods that group pairs without making them redundant.
NOT_DUPLICATES = ("exact_answer",)
QUESTION_TYPES = ("what", "who", "when", "where", "why", "how", "which", "yes-no", "other")
WORD_PATTERN = r"[\p{L}\p{N}]+"
_WH = "what|which|who|whom|whose|when|where|why|how"
_AUX = (
    "is|are|was|were|am|do|does|did|can|could|will|would|shall|should|may|might|must|has|have|had"
)
# First wh-word at the start wins; else a leading auxiliary verb makes a yes/no question; else the
# first wh-word anywhere ("In which year ..."); else other. whom/whose count as who.
_QTYPE_SQL = rf"""
CASE
    WHEN regexp_matches(q, '^({_WH})\b') THEN regexp_extract(q, '^({_WH})\b', 1)
    WHEN regexp_matches(q, '^(({_AUX})(n''t|n’t)?|can''t|won''t|cannot)\b') THEN 'yes-no'
    ELSE coalesce(nullif(regexp_extract(q, '\b({_WH})\b', 1), ''), 'other')
END
"""


def set_scope(con: duckdb.DuckDBPyConnection, subset: str | None = None) -> dict[str, Any]:
    """Point the temp view `_wb_scope` at the whole store or a subset (`NAME[@VERSION]`).

    A view, not a table: a million pairs' text is never copied, the aggregates stream over it.
    """
    members, described = "", {"subset": None, "version": None}
    if subset is not None:
        name, version = resolve(con, subset)
        quoted = name.replace("'", "''")
        members = (
            "SEMI JOIN (SELECT pair_id FROM subset_members "
            f"WHERE name = '{quoted}' AND version = {int(version)}) m ON m.pair_id = c.id"
        )
        described = {"subset": name, "version": version}
    con.execute(
        f"""
        CREATE OR REPLACE TEMP VIEW _wb_scope AS
        SELECT c.id, c.context_id, c.status, c.kind, c.source, c.edited, c.question, c.answer
        FROM current_pairs c {members}
        """
    )
    return described


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Pairs by decision state and kind, edits, and pairs without a context."""
    row = dicts(
        con.execute(
            """
            SELECT count(*) AS pairs,
                   count(*) FILTER (WHERE status = 'accepted') AS accepted,
                   count(*) FILTER (WHERE status = 'pending') AS pending,
                   count(*) FILTER (WHERE status = 'rejected') AS rejected,
                   count(*) FILTER (WHERE edited) AS edited,
                   count(*) FILTER (WHERE context_id IS NULL) AS without_context,
                   count(DISTINCT context_id) AS contexts
            FROM _wb_scope
            """
        )
    )[0]
    row["by_kind"] = dicts(
        con.execute("SELECT kind, count(*) AS pairs FROM _wb_scope GROUP BY 1 ORDER BY 2 DESC, 1")
    )
    return row


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def flag_rates(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Share of scope pairs with any flag, with a flag of each severity, and with each code."""
    total = scalar(con, "SELECT count(*) FROM _wb_scope")
    flagged = "SELECT f.* FROM flags f SEMI JOIN _wb_scope s ON s.id = f.pair_id"
    any_row = one(
        con,
        f"""
        SELECT count(DISTINCT pair_id),
               count(DISTINCT pair_id) FILTER (WHERE severity = 'error'),
               count(DISTINCT pair_id) FILTER (WHERE severity = 'warning'),
               count(DISTINCT pair_id) FILTER (WHERE severity = 'info')
        FROM ({flagged})
        """,
    )
    codes = dicts(
        con.execute(
            f"SELECT code, mode(severity) AS severity, count(DISTINCT pair_id) AS pairs "
            f"FROM ({flagged}) GROUP BY code ORDER BY pairs DESC, code"
        )
    )
    for row in codes:
        row["rate"] = _rate(row["pairs"], total)
    severities = dict(zip(("error", "warning", "info"), any_row[1:], strict=True))
    return {
        "pairs_flagged": any_row[0],
        "rate": _rate(any_row[0], total),
        "by_severity": {k: {"pairs": v, "rate": _rate(v, total)} for k, v in severities.items()},
        "by_code": codes,
    }


def duplicate_counts(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Per dedup method: clusters touching the scope and members that are not representatives."""
    return dicts(
        con.execute(
            """
            SELECT method, count(DISTINCT cluster_id) AS clusters, count(*) AS members,
                   count(*) FILTER (WHERE NOT is_representative) AS redundant
            FROM clusters k SEMI JOIN _wb_scope s ON s.id = k.pair_id
            GROUP BY method ORDER BY method
            """
        )
    )


def regex_lengths(con: duckdb.DuckDBPyConnection, pattern: str) -> None:
    """Fill `_wb_lengths(field, tokens)` by counting `pattern` matches (contexts counted once)."""
    count = "len(regexp_extract_all({}, $pattern))"
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _wb_lengths AS
        SELECT 'question' AS field, {count.format("question")} AS tokens FROM _wb_scope
        UNION ALL SELECT 'answer', {count.format("answer")} FROM _wb_scope
        UNION ALL SELECT 'context', {count.format("x.text")}
        FROM contexts x SEMI JOIN _wb_scope s ON s.context_id = x.context_id
        """,
        {"pattern": pattern},
    )


def iter_scope_texts(
    con: duckdb.DuckDBPyConnection, field: str, batch_size: int = 4096
) -> Iterator[pa.RecordBatch]:
    """Stream one text column of the scope (`question`, `answer`, or each `context` once)."""
    if field == "context":
        sql = "SELECT x.text FROM contexts x SEMI JOIN _wb_scope s ON s.context_id = x.context_id"
    elif field in ("question", "answer"):
        sql = f"SELECT {field} AS text FROM _wb_scope"
    else:
        raise ValueError(field)
    yield from con.sql(sql).to_arrow_reader(batch_size)


def store_lengths(con: duckdb.DuckDBPyConnection, lengths: dict[str, Sequence[int]]) -> None:
    """Fill `_wb_lengths` from counts computed outside SQL (a real tokenizer)."""
    fields = [f for f, values in lengths.items() for _ in values]
    tokens = [t for values in lengths.values() for t in values]
    con.register(
        "_wb_lengths_in", pa.table({"field": fields, "tokens": pa.array(tokens, pa.int64())})
    )
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE _wb_lengths AS SELECT * FROM _wb_lengths_in")
    finally:
        con.unregister("_wb_lengths_in")


def length_distributions(con: duckdb.DuckDBPyConnection, bins: int = 20) -> dict[str, Any]:
    """Summary and histogram of token counts per field, from `_wb_lengths`."""
    return {
        field: histogram(con, "SELECT tokens AS v FROM _wb_lengths WHERE field = ?", [field], bins)
        for field in ("context", "question", "answer")
    }


def nice_width(span: float, bins: int) -> int:
    """The smallest 1, 2 or 5 × 10^k integer width that covers `span` in `bins` bins."""
    raw = max(span / bins, 1.0)
    power = 10 ** math.floor(math.log10(raw))
    for step in (1, 2, 5, 10):
        if step * power >= raw:
            return int(step * power)
    return int(10 * power)


def histogram(
    con: duckdb.DuckDBPyConnection,
    values_sql: str,
    params: Sequence[Any] = (),
    bins: int = 20,
    from_zero: bool = False,
) -> dict[str, Any]:
    """Summary and equal-width bins of non-negative integers `v`; the last bin is open past p99.

    Bins start at the smallest value (rounded down to the width), or at 0 with `from_zero`.
    """
    n, low, high, mean, p50, p90, p99 = one(
        con,
        f"SELECT count(v), min(v), max(v), avg(v), quantile_cont(v, 0.5), "
        f"quantile_cont(v, 0.9), quantile_cont(v, 0.99) FROM ({values_sql})",
        params,
    )
    summary: dict[str, Any] = {"n": n, "min": low, "max": high, "bins": []}
    if not n:
        return {**summary, "mean": None, "median": None, "p90": None, "p99": None}
    summary |= {"mean": round(mean, 2), "median": p50, "p90": round(p90, 2), "p99": round(p99, 2)}
    base = 0 if from_zero else low
    width = nice_width(p99 - base + 1, bins)
    origin = base // width * width
    count = min(bins, (high - origin) // width + 1)
    rows = dict(
        con.execute(
            f"SELECT least((v - ?) // ?, ?) AS b, count(*) FROM ({values_sql}) GROUP BY b",
            [origin, width, count - 1, *params],
        ).fetchall()
    )
    open_last = high >= origin + count * width
    summary["bins"] = [
        {
            "lo": origin + b * width,
            "hi": None if open_last and b == count - 1 else origin + (b + 1) * width,
            "count": int(rows.get(b, 0)),
        }
        for b in range(count)
    ]
    summary["bin_width"] = width
    return summary


def question_types(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Pairs per question type (see `_QTYPE_SQL`), every type listed, in `QUESTION_TYPES` order."""
    rows = dict(
        con.execute(
            f"""
            SELECT qtype, count(*) FROM (
                SELECT CASE t WHEN 'whom' THEN 'who' WHEN 'whose' THEN 'who' ELSE t END AS qtype
                FROM (SELECT {_QTYPE_SQL} AS t FROM (SELECT lower(ltrim(question)) AS q FROM _wb_scope))
            ) GROUP BY qtype
            """
        ).fetchall()
    )
    total = sum(rows.values())
    return [
        {"type": t, "pairs": int(rows.get(t, 0)), "share": _rate(rows.get(t, 0), total)}
        for t in QUESTION_TYPES
    ]


def distinct_n(con: duckdb.DuckDBPyConnection, field: str, n_max: int = 3) -> dict[str, Any]:
    """distinct-n of one field: distinct n-grams / all n-grams, over lower-cased word tokens.

    N-grams never cross pair boundaries; distinct ones are counted by 64-bit hash. The ratio falls
    as text grows, so compare scopes of similar size (or read the distinct counts too).
    """
    if field not in ("question", "answer"):
        raise ValueError(field)
    rows = con.execute(
        f"""
        SELECT n, count(*) AS total, count(DISTINCT h) AS uniq FROM (
            SELECT n, unnest(list_transform(range(1, len(t) - n + 2),
                                            lambda i: hash(list_slice(t, i, i + n - 1)))) AS h
            FROM (SELECT regexp_extract_all(lower({field}), $words) AS t FROM _wb_scope),
                 range(1, $n_max + 1) AS ns(n)
        ) GROUP BY n ORDER BY n
        """,
        {"words": WORD_PATTERN, "n_max": n_max},
    ).fetchall()
    found = {int(n): (int(total), int(uniq)) for n, total, uniq in rows}
    result: dict[str, Any] = {}
    for n in range(1, n_max + 1):
        total, uniq = found.get(n, (0, 0))
        result[str(n)] = {
            "ngrams": total,
            "distinct": uniq,
            "ratio": round(uniq / total, 4) if total else None,
        }
    return result


def set_sources(con: duckdb.DuckDBPyConnection, sources: pa.Table | None = None) -> None:
    """Register the passages the generator was given (doc_id, chunk, text), so coverage counts
    passages that have no pair at all; a passage is a stored context when its normalised text is.
    """
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _wb_sources "
        "(context_id VARCHAR, doc_id VARCHAR, chunk VARCHAR, text VARCHAR)"
    )
    if sources is None:
        return
    con.register("_wb_sources_in", sources)
    try:
        con.execute(
            """
            INSERT INTO _wb_sources
            SELECT wb_context_id(text) AS cid, any_value(doc_id), any_value(chunk), any_value(text)
            FROM _wb_sources_in WHERE cid IS NOT NULL GROUP BY cid
            """
        )
    finally:
        con.unregister("_wb_sources_in")


def _coverage_table(con: duckdb.DuckDBPyConnection) -> None:
    """`_wb_coverage`: every stored context and source passage with its live scope pairs (0 too).

    A stored context without a doc id takes the one of the source passage with the same text.
    """
    con.execute(
        "CREATE TEMP TABLE IF NOT EXISTS _wb_sources "
        "(context_id VARCHAR, doc_id VARCHAR, chunk VARCHAR, text VARCHAR)"
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _wb_coverage AS
        SELECT u.context_id, u.doc_id, u.chunk, count(s.id) AS pairs
        FROM (
            SELECT coalesce(x.context_id, r.context_id) AS context_id,
                   coalesce(x.doc_id, r.doc_id) AS doc_id, coalesce(x.chunk, r.chunk) AS chunk
            FROM contexts x FULL OUTER JOIN _wb_sources r ON r.context_id = x.context_id
        ) u
        LEFT JOIN _wb_scope s ON s.context_id = u.context_id AND s.status <> 'rejected'
        GROUP BY ALL
        """
    )


def overgenerated_threshold(q1: float, median: float, q3: float) -> float:
    """Tukey's upper fence Q3 + 1.5 × IQR, but at least 1.5 × the median.

    Robust to the long tail of one-pair contexts; the floor keeps a tight, even spread (where the
    IQR is tiny) from calling a context with a couple of extra pairs over-generated.
    """
    return max(q3 + 1.5 * (q3 - q1), 1.5 * median)


def _spread(
    con: duckdb.DuckDBPyConnection, table_sql: str, keys: str, order: str, top: int
) -> dict[str, Any]:
    """Units (contexts or documents) with none, one and too many pairs, from rows with `pairs`."""
    units, covered, zero, single, q = one(
        con,
        f"""
        SELECT count(*), count(*) FILTER (WHERE pairs > 0), count(*) FILTER (WHERE pairs = 0),
               count(*) FILTER (WHERE pairs = 1),
               quantile_cont(pairs, [0.25, 0.5, 0.75, 0.95]) FILTER (WHERE pairs > 0)
        FROM ({table_sql})
        """,
    )
    q1, median, q3, p95 = q if q is not None else (None, None, None, None)
    threshold = overgenerated_threshold(q1, median, q3) if covered else None
    over = dicts(
        con.execute(
            f"SELECT {keys}, pairs FROM ({table_sql}) WHERE pairs > ? ORDER BY pairs DESC, {order}",
            [threshold if threshold is not None else math.inf],
        )
    )
    return {
        "total": units,
        "covered": covered,
        "covered_share": _rate(covered, units),
        "zero": zero,
        "one": single,
        "median": median,
        "p95": round(p95, 2) if p95 is not None else None,
        "overgenerated_threshold": round(threshold, 2) if threshold is not None else None,
        "overgenerated": len(over),
        "overgenerated_top": over[:top],
    }


def coverage(con: duckdb.DuckDBPyConnection, top: int = 20, bins: int = 20) -> dict[str, Any]:
    """Pairs per context and per document: how many have none or one, which are over-generated.

    A rejected pair covers nothing. Every stored context (and registered source passage) counts,
    so a subset that dropped all pairs of a passage shows it as uncovered. Over-generated: more
    pairs than `overgenerated_threshold` of the units that have at least one pair.
    """
    _coverage_table(con)
    contexts = _spread(
        con,
        "SELECT * FROM _wb_coverage",
        "context_id, doc_id, chunk",
        "doc_id, chunk, context_id",
        top,
    )
    contexts["contexts"] = contexts.pop("total")
    contexts["histogram"] = histogram(
        con, "SELECT pairs AS v FROM _wb_coverage", bins=bins, from_zero=True
    )
    documents = _spread(
        con,
        "SELECT doc_id, count(*) AS contexts, sum(pairs)::BIGINT AS pairs FROM _wb_coverage "
        "WHERE doc_id IS NOT NULL GROUP BY doc_id",
        "doc_id, contexts",
        "doc_id",
        top,
    )
    documents["documents"] = documents.pop("total")
    contexts["sources"] = scalar(con, "SELECT count(*) FROM _wb_sources")
    contexts["by_document"] = documents
    return contexts


def under_covered(
    con: duckdb.DuckDBPyConnection, max_pairs: int, by: str = "context"
) -> list[dict[str, Any]]:
    """Contexts (or documents) with at most `max_pairs` live scope pairs, fewest first, with text.

    A document's text is its source passages joined in chunk order when it has any, else its
    stored contexts; documents are known only through doc ids.
    """
    _coverage_table(con)
    if by == "context":
        sql = """
            SELECT v.context_id, v.doc_id, v.chunk, v.pairs, coalesce(x.text, r.text) AS context
            FROM _wb_coverage v
            LEFT JOIN contexts x ON x.context_id = v.context_id
            LEFT JOIN _wb_sources r ON r.context_id = v.context_id
            WHERE v.pairs <= ? ORDER BY v.pairs, v.doc_id NULLS LAST, v.chunk, v.context_id
        """
    elif by == "document":
        sql = """
            WITH docs AS (
                SELECT doc_id, sum(pairs)::BIGINT AS pairs, count(*) AS contexts
                FROM _wb_coverage WHERE doc_id IS NOT NULL GROUP BY doc_id
            ),
            texts AS (
                SELECT v.doc_id,
                       string_agg(r.text, chr(10) || chr(10) ORDER BY v.chunk, v.context_id)
                           FILTER (WHERE r.text IS NOT NULL) AS source_text,
                       string_agg(x.text, chr(10) || chr(10) ORDER BY v.chunk, v.context_id)
                           FILTER (WHERE x.text IS NOT NULL) AS stored_text
                FROM _wb_coverage v
                LEFT JOIN contexts x ON x.context_id = v.context_id
                LEFT JOIN _wb_sources r ON r.context_id = v.context_id
                WHERE v.doc_id IS NOT NULL GROUP BY v.doc_id
            )
            SELECT NULL AS context_id, d.doc_id, NULL AS chunk, d.pairs,
                   coalesce(t.source_text, t.stored_text) AS context
            FROM docs d JOIN texts t USING (doc_id)
            WHERE d.pairs <= ? ORDER BY d.pairs, d.doc_id
        """
    else:
        raise ValueError(by)
    return dicts(con.execute(sql, [max_pairs]))


def source_mix(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Pairs per import source, largest first."""
    rows = dicts(
        con.execute("SELECT source, count(*) AS pairs FROM _wb_scope GROUP BY 1 ORDER BY 2 DESC, 1")
    )
    total = sum(r["pairs"] for r in rows)
    for row in rows:
        row["share"] = _rate(row["pairs"], total)
    return rows


def embedding_models(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Embedding models in the store with how many pairs each covers, most first."""
    return dicts(
        con.execute(
            "SELECT model, count(DISTINCT pair_id) AS pairs FROM embeddings GROUP BY 1 ORDER BY 2 DESC, 1"
        )
    )


def missing_vectors(con: duckdb.DuckDBPyConnection, ids_sql: str, model: str) -> int:
    """How many of the ids `ids_sql` selects have no embedding from `model`."""
    return int(
        scalar(
            con,
            f"SELECT count(*) FROM ({ids_sql}) i "
            f"ANTI JOIN (SELECT pair_id FROM embeddings WHERE model = ?) e ON e.pair_id = i.id",
            [model],
        )
    )


def iter_vectors(
    con: duckdb.DuckDBPyConnection, ids_sql: str, model: str, batch_size: int = 16_384
) -> Iterator[pa.RecordBatch]:
    """Stream (id, vector) of `model` for the ids `ids_sql` selects, in no particular order.

    Unordered on purpose: sorting a million vectors would materialise them all inside DuckDB.
    """
    yield from con.sql(
        f"""
        SELECT e.pair_id AS id, e.vector
        FROM embeddings e SEMI JOIN ({ids_sql}) i ON i.id = e.pair_id
        WHERE e.model = $model
        """,
        params={"model": model},
    ).to_arrow_reader(batch_size)


def sample_ids_sql(base_sql: str, n: int, seed: int) -> str:
    """SQL for a deterministic pseudo-random sample of `n` ids from `base_sql` (hash order)."""
    return f"SELECT id FROM ({base_sql}) ORDER BY hash(id || '{int(seed)}'), id LIMIT {int(n)}"


def scope_ids_sql() -> str:
    """The ids of the current scope, for the functions above that take an `ids_sql`."""
    return "SELECT id FROM _wb_scope"


def store_ids_sql(model: str | None = None) -> str:
    """Every pair id (or every id with an embedding from `model`, quoted safely)."""
    if model is None:
        return "SELECT id FROM pairs"
    quoted = model.replace("'", "''")
    return f"SELECT DISTINCT pair_id AS id FROM embeddings WHERE model = '{quoted}'"


def topic_terms(
    con: duckdb.DuckDBPyConnection, assigned: pa.Table, stopwords: Sequence[str], top: int = 5
) -> dict[int, list[str]]:
    """Top terms per topic by class-based TF-IDF over the assigned pairs' question and answer.

    A term's weight in a topic is the share of the topic's term occurrences (counted once per
    pair) times log(1 + average topic size / the term's frequency over all topics).
    """
    con.register("_wb_assigned", assigned)
    try:
        rows = con.execute(
            r"""
            WITH words AS (
                SELECT DISTINCT a.topic, a.id, w.term
                FROM _wb_assigned a JOIN current_pairs c ON c.id = a.id,
                     unnest(regexp_extract_all(lower(c.question || ' ' || c.answer),
                                               '\p{L}[\p{L}\-'']{2,}')) AS w(term)
                WHERE NOT list_contains($stop, w.term)
            ),
            tf AS (SELECT topic, term, count(*) AS df FROM words GROUP BY ALL),
            size AS (SELECT topic, sum(df) AS words FROM tf GROUP BY topic),
            freq AS (SELECT term, sum(df) AS f FROM tf GROUP BY term),
            avg_size AS (SELECT avg(words) AS a FROM size)
            SELECT tf.topic, tf.term
            FROM tf JOIN size USING (topic) JOIN freq USING (term), avg_size
            QUALIFY row_number() OVER (
                PARTITION BY tf.topic ORDER BY tf.df / size.words * ln(1 + avg_size.a / freq.f) DESC,
                tf.df DESC, tf.term) <= $top
            ORDER BY tf.topic
            """,
            {"stop": list(stopwords), "top": top},
        ).fetchall()
    finally:
        con.unregister("_wb_assigned")
    terms: dict[int, list[str]] = {}
    for topic, term in rows:
        terms.setdefault(int(topic), []).append(term)
    return terms


def eligible_pairs(
    con: duckdb.DuckDBPyConnection, subset: str | None = None
) -> tuple[pa.Table, dict[str, int]]:
    """Pairs a selection may pick, ordered by id, and how many were skipped for each reason.

    Eligible: not rejected, no error-severity flag, and not a non-representative member of any
    duplicate cluster (pairs in no cluster are eligible). `exact_answer` clusters only share an
    answer ("1889"), so they do not make a pair redundant. Reasons overlap, so they are counted
    independently.
    """
    set_scope(con, subset)
    methods = ", ".join(f"'{m}'" for m in NOT_DUPLICATES)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _wb_candidates AS
        SELECT s.id, s.context_id, s.status = 'rejected' AS rejected,
               EXISTS (SELECT 1 FROM flags f WHERE f.pair_id = s.id AND f.severity = 'error')
                   AS error_flag,
               EXISTS (SELECT 1 FROM clusters k WHERE k.pair_id = s.id AND NOT k.is_representative
                       AND k.method NOT IN ({methods})) AS duplicate
        FROM _wb_scope s
        """
    )
    total, rejected, flagged, duplicate, eligible = one(
        con,
        """
        SELECT count(*), count(*) FILTER (WHERE rejected), count(*) FILTER (WHERE error_flag),
               count(*) FILTER (WHERE duplicate),
               count(*) FILTER (WHERE NOT (rejected OR error_flag OR duplicate))
        FROM _wb_candidates
        """,
    )
    table = con.sql(
        "SELECT id, context_id FROM _wb_candidates "
        "WHERE NOT (rejected OR error_flag OR duplicate) ORDER BY id"
    ).to_arrow_table()
    skipped = {"rejected": rejected, "error_flags": flagged, "duplicates": duplicate}
    return table, {"in_scope": total, "eligible": eligible, **skipped}


def eligible_ids_sql() -> str:
    """The ids `eligible_pairs` found, for `iter_vectors` and text streams."""
    return "SELECT id FROM _wb_candidates WHERE NOT (rejected OR error_flag OR duplicate)"


def union_scopes(con: duckdb.DuckDBPyConnection, subsets: Sequence[str | None]) -> str:
    """Materialise the union of several scopes' ids; returns the SELECT of them."""
    con.execute("CREATE OR REPLACE TEMP TABLE _wb_needed (id VARCHAR)")
    for subset in subsets:
        set_scope(con, subset)
        con.execute("INSERT INTO _wb_needed SELECT id FROM _wb_scope")
    return "SELECT DISTINCT id FROM _wb_needed"
