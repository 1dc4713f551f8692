"""A small, fixed store for the TUI tests and snapshots, and helpers to drive the app.

The content is deterministic (no timestamps shown, fixed ids) so SVG snapshots are stable.
Search tests rely on the tricky texts: quotes, `%`, `_`, backslashes and SQL keywords.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb

from storage.db import open_store
from storage.ingest import import_paths
from workbench.tui.screenshots import settle

__all__ = ["make_store", "settle", "state"]

CONTEXTS = [
    "The Peace of Westphalia was signed in 1648 in Osnabrück and Münster, ending the Thirty "
    "Years' War.",
    "Mount Etna is an active stratovolcano on the east coast of Sicily; it is 3,357 metres high.",
    "Photosynthesis converts light energy into chemical energy, releasing oxygen as a by-product.",
    "The Rhine rises in the Swiss Alps and flows 1,230 kilometres to the North Sea.",
]

PAIRS: list[dict[str, Any]] = [
    {"c": 0, "q": "When was the Peace of Westphalia signed?", "a": "in 1648"},
    {"c": 0, "q": "When was the Peace of Westphalia signed?", "a": "1648"},
    {"c": 0, "q": "Which war did the Peace of Westphalia end?", "a": "the Thirty Years' War"},
    {"c": 0, "q": "Where was the treaty signed?", "a": "Osnabrück and Münster"},
    {"c": 1, "q": "How high is Mount Etna?", "a": "3,357 metres"},
    {"c": 1, "q": "How tall is Mount Etna?", "a": "3,357 metres"},
    {"c": 1, "q": "Where is Mount Etna?", "a": "on the east coast of Sicily"},
    {"c": 1, "q": "Is Etna 100% active?", "a": "it is an active volcano"},
    {"c": 2, "q": "What does photosynthesis release?", "a": "oxygen"},
    {"c": 2, "q": "What does photosynthesis convert?", "a": "light energy into chemical energy"},
    {"c": 2, "q": "What is the by_product of photosynthesis?", "a": "oxygen gas"},
    {"c": 2, "q": "SELECT * FROM pairs; DROP TABLE pairs", "a": "not a question"},
    {"c": 3, "q": "Where does the Rhine rise?", "a": "in the Swiss Alps"},
    {"c": 3, "q": "How long is the Rhine?", "a": "1,230 kilometres"},
    {"c": 3, "q": "Where does the Rhine flow to?", "a": "the North Sea"},
    {"c": 3, "q": "What is the Rhine's length in miles?", "a": "about 764 miles"},
    {"c": None, "q": 'Say "hello" in French', "a": "bonjour"},
    {"c": None, "q": "Escape a backslash: C:\\temp\\new", "a": "use \\\\"},
    {"c": None, "q": "Write a haiku about autumn", "a": "Leaves fall, quietly / red and gold"},
    {"c": None, "q": "What is 2 + 2?", "a": "4"},
]

SOURCES = ("gen-a", "gen-b")


def write_pairs(path: Path, pairs: list[dict[str, Any]] = PAIRS) -> Path:
    lines = []
    for i, p in enumerate(pairs):
        rec: dict[str, Any] = {"question": p["q"], "answer": p["a"], "id": f"src-{i:03d}"}
        if p["c"] is not None:
            rec["context"] = CONTEXTS[p["c"]]
            rec["doc_id"] = f"doc-{p['c'] + 1:03d}"
        lines.append(json.dumps(rec, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def make_store(tmp_path: Path, *, analyses: bool = True) -> Path:
    """A store with the 20 pairs above (two sources), plus flags and clusters when asked."""
    store = tmp_path / "tui.duckdb"
    half = len(PAIRS) // 2
    a = write_pairs(tmp_path / "gen-a.jsonl", PAIRS[:half])
    b = write_pairs(tmp_path / "gen-b.jsonl", PAIRS[half:])
    with open_store(store, create=True) as con:
        import_paths(con, [a], source="gen-a")
        import_paths(con, [b], source="gen-b")
        # Tests name pairs by position: number them 1..20 whatever the importer's numbering.
        con.execute(
            "UPDATE pairs SET seq = r.n FROM "
            "(SELECT id, row_number() OVER (ORDER BY seq) AS n FROM pairs) r WHERE pairs.id = r.id"
        )
        if analyses:
            add_analyses(con)
    return store


def ids_by_seq(con: duckdb.DuckDBPyConnection) -> dict[int, str]:
    return dict(con.execute("SELECT seq, id FROM pairs ORDER BY seq").fetchall())


def add_analyses(con: duckdb.DuckDBPyConnection) -> None:
    """Flags and duplicate clusters as the analysis stages would write them."""
    ids = ids_by_seq(con)
    flags = [
        (2, "short_answer", "warning", "answer has 1 token", {"tokens": 1}),
        (9, "short_answer", "warning", "answer has 1 token", {"tokens": 1}),
        (20, "short_answer", "warning", "answer has 1 token", {"tokens": 1}),
        (16, "answer_not_in_context", "error", "answer not found in context", {"best": 0.42}),
        (12, "not_a_question", "error", "question has no question word or '?'", {}),
        (8, "answer_not_in_context", "error", "answer not found in context", {"best": 0.61}),
    ]
    for seq, code, severity, message, evidence in flags:
        con.execute(
            "INSERT INTO flags VALUES (?, ?, ?, ?, ?, 'test-1')",
            [ids[seq], code, severity, message, json.dumps(evidence)],
        )
    clusters = [
        (1, "exact_question", "q1", 1.0, True),
        (2, "exact_question", "q1", 1.0, False),
        (5, "near", "n1", 1.0, True),
        (6, "near", "n1", 0.83, False),
        (9, "near", "n2", 1.0, True),
        (11, "near", "n2", 0.71, False),
    ]
    for seq, method, cid, sim, rep in clusters:
        con.execute(
            "INSERT INTO clusters VALUES (?, ?, ?, ?, ?)", [ids[seq], method, cid, sim, rep]
        )


def state(store: Path) -> dict[str, Any]:
    """Decision state per seq, read from the store after the app has closed."""
    with open_store(store, read_only=True) as con:
        rows = con.execute(
            "SELECT seq, status, question, answer, original_question, original_answer, tags "
            "FROM current_pairs ORDER BY seq"
        ).fetchall()
    return {
        r[0]: {
            "status": r[1],
            "question": r[2],
            "answer": r[3],
            "original_question": r[4],
            "original_answer": r[5],
            "tags": list(r[6]),
        }
        for r in rows
    }


def browse(app: Any) -> Any:
    from workbench.tui.modes.browse import BrowseScreen

    screen = app.screen
    assert isinstance(screen, BrowseScreen), type(screen)
    return screen
