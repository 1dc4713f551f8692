"""Numbered schema migrations: the one source of truth for the store's tables.

Each migration runs once, inside a transaction, and is recorded in `schema_version`. Later
work appends migrations; it never edits an applied one.
"""

from __future__ import annotations

import duckdb

from storage.sql import one

# Normalisation used for stable ids: whitespace runs collapsed, trimmed, Unicode NFC.
_MACROS = """
CREATE OR REPLACE MACRO wb_norm(x) AS
    nfc_normalize(trim(regexp_replace(coalesce(x, ''), '\\s+', ' ', 'g')));
CREATE OR REPLACE MACRO wb_hash(x) AS substr(sha256(x), 1, 16);
CREATE OR REPLACE MACRO wb_context_id_n(nctx) AS CASE WHEN nctx = '' THEN NULL ELSE wb_hash(nctx) END;
CREATE OR REPLACE MACRO wb_pair_id_n(nctx, nq, na) AS wb_hash(nctx || chr(31) || nq || chr(31) || na);
CREATE OR REPLACE MACRO wb_context_id(ctx) AS wb_context_id_n(wb_norm(ctx));
CREATE OR REPLACE MACRO wb_pair_id(ctx, q, a) AS wb_pair_id_n(wb_norm(ctx), wb_norm(q), wb_norm(a));
"""

_V1 = """
CREATE SEQUENCE import_seq START 1;
CREATE TABLE imports (
    import_id   INTEGER PRIMARY KEY,
    source      VARCHAR NOT NULL,
    path        VARCHAR NOT NULL,
    format      VARCHAR NOT NULL,
    started_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    records     BIGINT DEFAULT 0,
    added       BIGINT DEFAULT 0,
    duplicates  BIGINT DEFAULT 0,
    errors      BIGINT DEFAULT 0,
    options     JSON
);
CREATE TABLE import_errors (
    import_id INTEGER NOT NULL,
    file      VARCHAR NOT NULL,
    line      BIGINT,
    location  VARCHAR,
    field     VARCHAR,
    message   VARCHAR NOT NULL,
    raw       VARCHAR
);
CREATE TABLE contexts (
    context_id VARCHAR NOT NULL,
    text       VARCHAR NOT NULL,
    doc_id     VARCHAR,
    chunk      VARCHAR
);
CREATE TABLE pairs (
    id         VARCHAR NOT NULL,
    seq        BIGINT NOT NULL,
    context_id VARCHAR,
    question   VARCHAR NOT NULL,
    answer     VARCHAR NOT NULL,
    answerable BOOLEAN NOT NULL DEFAULT true,
    kind       VARCHAR NOT NULL,
    source     VARCHAR NOT NULL,
    meta       JSON,
    import_id  INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE SEQUENCE decision_seq START 1;
CREATE TABLE decisions (
    seq     BIGINT PRIMARY KEY,
    pair_id VARCHAR NOT NULL,
    action  VARCHAR NOT NULL CHECK (action IN ('accept', 'reject', 'reset', 'edit', 'tag', 'untag')),
    payload JSON,
    "at"    TIMESTAMP NOT NULL,
    "by"    VARCHAR NOT NULL,
    batch   BIGINT NOT NULL
);
CREATE TABLE subsets (
    name       VARCHAR NOT NULL,
    version    INTEGER NOT NULL,
    filter     VARCHAR,
    ids_hash   VARCHAR NOT NULL,
    n_pairs    BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    note       VARCHAR,
    PRIMARY KEY (name, version)
);
CREATE TABLE subset_members (
    name    VARCHAR NOT NULL,
    version INTEGER NOT NULL,
    pair_id VARCHAR NOT NULL,
    split   VARCHAR NOT NULL DEFAULT 'train'
);
"""

# Current decision state per pair, derived from the append-only log: never stored twice.
_V1_VIEWS = """
CREATE VIEW pair_status AS
SELECT pair_id,
       arg_max(action, seq) FILTER (WHERE action IN ('accept', 'reject', 'reset')) AS last_verdict,
       arg_max(payload, seq) FILTER (WHERE action = 'edit') AS last_edit,
       max(seq) AS last_seq
FROM decisions GROUP BY pair_id;

CREATE VIEW pair_tags AS
SELECT pair_id, list(tag ORDER BY tag) AS tags
FROM (
    SELECT pair_id, payload->>'tag' AS tag, arg_max(action, seq) AS last
    FROM decisions WHERE action IN ('tag', 'untag')
    GROUP BY pair_id, payload->>'tag'
) WHERE last = 'tag'
GROUP BY pair_id;

CREATE VIEW current_pairs AS
SELECT p.id, p.seq, p.context_id, p.kind, p.source, p.meta, p.import_id, p.answerable,
       coalesce(s.last_edit->>'question', p.question) AS question,
       coalesce(s.last_edit->>'answer', p.answer) AS answer,
       p.question AS original_question,
       p.answer AS original_answer,
       coalesce(s.last_edit->>'question', p.question) <> p.question
           OR coalesce(s.last_edit->>'answer', p.answer) <> p.answer AS edited,
       CASE s.last_verdict WHEN 'accept' THEN 'accepted' WHEN 'reject' THEN 'rejected'
            ELSE 'pending' END AS status,
       coalesce(t.tags, []::VARCHAR[]) AS tags,
       c.text AS context, c.doc_id, c.chunk
FROM pairs p
LEFT JOIN pair_status s ON s.pair_id = p.id
LEFT JOIN pair_tags t ON t.pair_id = p.id
LEFT JOIN contexts c ON c.context_id = p.context_id;
"""

# Analysis results. `analysis_state` remembers which text of a pair each stage saw, so a re-run
# only touches new or edited pairs.
_V2 = """
CREATE TABLE flags (
    pair_id      VARCHAR NOT NULL,
    code         VARCHAR NOT NULL,
    severity     VARCHAR NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
    message      VARCHAR NOT NULL,
    evidence     JSON,
    rule_version VARCHAR NOT NULL
);
CREATE TABLE clusters (
    pair_id           VARCHAR NOT NULL,
    method            VARCHAR NOT NULL,
    cluster_id        VARCHAR NOT NULL,
    similarity        DOUBLE,
    is_representative BOOLEAN NOT NULL DEFAULT false
);
CREATE TABLE minhashes (
    pair_id   VARCHAR NOT NULL,
    field     VARCHAR NOT NULL,
    text_hash VARCHAR NOT NULL,
    signature UINTEGER[] NOT NULL
);
CREATE TABLE embeddings (
    pair_id   VARCHAR NOT NULL,
    model     VARCHAR NOT NULL,
    text_hash VARCHAR NOT NULL,
    vector    FLOAT[] NOT NULL
);
CREATE TABLE analysis_state (
    pair_id   VARCHAR NOT NULL,
    stage     VARCHAR NOT NULL,
    text_hash VARCHAR NOT NULL,
    config    VARCHAR,
    "at"      TIMESTAMP NOT NULL
);
CREATE TABLE evalset (
    eval_id  VARCHAR NOT NULL,
    question VARCHAR NOT NULL,
    answer   VARCHAR,
    context  VARCHAR,
    source   VARCHAR NOT NULL,
    added_at TIMESTAMP NOT NULL
);
CREATE OR REPLACE MACRO wb_text_hash(q, a) AS wb_hash(wb_norm(q) || chr(31) || wb_norm(a));
"""

# Undo and redo are new batches in the log; this table says which batch undid or redid which.
_V3 = """
CREATE TABLE decision_batches (
    batch       BIGINT NOT NULL,
    kind        VARCHAR NOT NULL CHECK (kind IN ('do', 'undo', 'redo')),
    target      BIGINT,
    action      VARCHAR NOT NULL,
    n_pairs     BIGINT NOT NULL,
    "by"        VARCHAR NOT NULL,
    "at"        TIMESTAMP NOT NULL,
    description VARCHAR
);
CREATE SEQUENCE batch_seq START 1;
"""

# Training runs, registered with the exact subset snapshot they trained on.
_V4 = """
CREATE TABLE runs (
    run_id         VARCHAR NOT NULL,
    subset_name    VARCHAR NOT NULL,
    subset_version INTEGER NOT NULL,
    ids_hash       VARCHAR NOT NULL,
    base_model     VARCHAR NOT NULL,
    config         JSON NOT NULL,
    run_dir        VARCHAR NOT NULL,
    status         VARCHAR NOT NULL,
    pid            INTEGER,
    created_at     TIMESTAMP NOT NULL,
    finished_at    TIMESTAMP,
    final_metrics  JSON,
    adapter_path   VARCHAR,
    error          VARCHAR
);
CREATE TABLE run_metrics (
    run_id            VARCHAR NOT NULL,
    step              INTEGER NOT NULL,
    epoch             DOUBLE,
    loss              DOUBLE,
    eval_loss         DOUBLE,
    learning_rate     DOUBLE,
    grad_norm         DOUBLE,
    tokens_per_second DOUBLE,
    gpu_memory_gb     DOUBLE,
    elapsed_s         DOUBLE
);
CREATE TABLE eval_results (
    run_id     VARCHAR NOT NULL,
    model      VARCHAR NOT NULL CHECK (model IN ('adapter', 'base')),
    pair_id    VARCHAR NOT NULL,
    split      VARCHAR NOT NULL,
    prediction VARCHAR,
    em         DOUBLE,
    f1         DOUBLE,
    loss       DOUBLE
);
"""

# Per analysis stage: the newest pair and decision it had seen when it last finished, so a re-run
# finds new pairs by seq and edits by decision instead of comparing every pair with its state.
_V5 = """
CREATE TABLE analysis_marks (
    stage        VARCHAR PRIMARY KEY,
    config       VARCHAR NOT NULL,
    pair_seq     BIGINT NOT NULL,
    decision_seq BIGINT NOT NULL,
    n_state      BIGINT NOT NULL
);
"""

# Each decided pair's status and tags, as the log says, so the TUI's status and tag filters are
# a plain lookup by seq instead of an aggregation of the whole log. Only the decision writer
# (storage/decisions.py) changes it, in the transaction of each batch, with PAIR_STATE_SQL.
PAIR_STATE_SQL = """
INSERT INTO pair_state
WITH d AS (SELECT pair_id, seq, action, payload FROM decisions {where}),
v AS (
    SELECT pair_id,
           arg_max(action, seq) FILTER (WHERE action IN ('accept', 'reject', 'reset')) AS verdict
    FROM d GROUP BY pair_id
),
t AS (
    SELECT pair_id, list(tag ORDER BY tag) AS tags FROM (
        SELECT pair_id, payload->>'tag' AS tag, arg_max(action, seq) AS last
        FROM d WHERE action IN ('tag', 'untag') GROUP BY pair_id, payload->>'tag'
    ) WHERE last = 'tag' GROUP BY pair_id
)
SELECT v.pair_id, p.seq,
       CASE v.verdict WHEN 'accept' THEN 'accepted' WHEN 'reject' THEN 'rejected'
            ELSE 'pending' END,
       coalesce(t.tags, []::VARCHAR[])
FROM v JOIN {pairs} p ON p.id = v.pair_id LEFT JOIN t ON t.pair_id = v.pair_id
"""
_V6 = (
    """
CREATE TABLE pair_state (
    pair_id VARCHAR NOT NULL,
    seq     BIGINT NOT NULL,
    status  VARCHAR NOT NULL,
    tags    VARCHAR[] NOT NULL
);
"""
    + PAIR_STATE_SQL.format(where="", pairs="pairs")
    + ";"
)

MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "pairs, contexts, imports, decisions, subsets", _MACROS + _V1 + _V1_VIEWS),
    (2, "flags, clusters, minhashes, embeddings, analysis state, eval set", _V2),
    (3, "decision batches for undo and redo", _V3),
    (4, "training runs, run metrics, evaluation results", _V4),
    (5, "analysis high-water marks", _V5),
    (6, "pair state (status, tags) kept by the decision writer", _V6),
]

LATEST = MIGRATIONS[-1][0]


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """Return the applied schema version (0 for an empty file)."""
    exists = one(
        con, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    )[0]
    if not exists:
        return 0
    row = one(con, "SELECT max(version) FROM schema_version")
    return int(row[0] or 0)


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Apply every pending migration, each in its own transaction; return the new version."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version "
        "(version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)"
    )
    version = current_version(con)
    for number, name, sql in MIGRATIONS:
        if number <= version:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute(
                "INSERT INTO schema_version VALUES (?, ?, current_timestamp::TIMESTAMP)",
                [number, name],
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        version = number
    return version
