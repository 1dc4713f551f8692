"""Chat turns laid out as "Context: … Question: …" are split into context and question at import.

Only an unambiguous layout is split; everything else stays whole, and the original user turn is
kept in meta.user_message whenever the question differs from it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from storage.db import connect
from storage.formats.chatsplit import split_chat
from tests.conftest import SAMPLE, write_jsonl
from workbench.cli import app
from workbench.curate.analyze import AnalyzeOptions, analyze

PASSAGE = (
    "The Peace of Westphalia was signed in 1648 in Osnabrück and Münster, ending the Thirty "
    "Years' War and the Eighty Years' War between Spain and the Dutch Republic."
)


def stored(store: Path) -> list[dict[str, Any]]:
    with duckdb.connect(str(store), read_only=True) as con:
        rows = con.execute(
            "SELECT id, question, answer, context, context_id, kind, meta FROM current_pairs "
            "ORDER BY id"
        ).fetchall()
    keys = ("id", "question", "answer", "context", "context_id", "kind", "meta")
    return [
        dict(zip(keys, (*r[:-1], json.loads(r[-1]) if r[-1] else {}), strict=True)) for r in rows
    ]


def chat(user: str, answer: str = "1648", system: str | None = None, **extra: Any) -> dict:
    turns = [{"role": "system", "content": system}] if system is not None else []
    turns += [{"role": "user", "content": user}, {"role": "assistant", "content": answer}]
    return {"messages": turns, **extra}


@pytest.mark.parametrize(
    "user",
    [
        f"Context:\n{PASSAGE}\n\nQuestion: When was the peace signed?",
        f"Passage: {PASSAGE}\nQ: When was the peace signed?\nAnswer:",
        f"Use the text below.\n\nDOCUMENT:\n{PASSAGE}\n\n  question : When was the peace signed?",
    ],
)
def test_labelled_layouts_are_split(user: str) -> None:
    assert split_chat(user) == (PASSAGE, "When was the peace signed?")


@pytest.mark.parametrize(
    "user",
    [
        f"{PASSAGE}\n\nWhen was the peace signed?",  # no labels: passage or preamble, who knows
        f"Context: {PASSAGE}\nQuestion: When?\nQuestion: Where?",  # two questions
        f"Question: When was it signed?\nContext: {PASSAGE}",  # question first
        f"Context: {PASSAGE}\nContext: more\nQuestion: When?",  # two contexts
        f"Read this. Context: {PASSAGE} Question: When?",  # labels not at a line start
        "Context:\n\nQuestion: When was it signed?",  # empty passage
        f"Context: {PASSAGE}\nQuestion:   ",  # empty question
    ],
)
def test_ambiguous_layouts_stay_whole(user: str) -> None:
    assert split_chat(user) == (None, user)


def test_a_system_message_carrying_the_context_is_the_context() -> None:
    system = f"Answer from the context only.\n\nContext:\n{PASSAGE}"
    assert split_chat("When was it signed?", [system]) == (PASSAGE, "When was it signed?")
    assert split_chat("Question: When?", [system]) == (PASSAGE, "When?")
    # a user turn with its own context label wins; two system contexts are ambiguous
    assert split_chat("Context: other\nQuestion: When?", [system]) == ("other", "When?")
    assert split_chat("When?", [system, system]) == (None, "When?")
    assert split_chat("When?", ["You are terse."]) == (None, "When?")


def test_sharegpt_system_context(cli, store: Path, tmp_path: Path) -> None:
    turns = [
        {"from": "system", "value": f"Context: {PASSAGE}"},
        {"from": "human", "value": "When was the peace signed?"},
        {"from": "gpt", "value": "1648"},
    ]
    assert cli("import", write_jsonl(tmp_path / "sg.jsonl", [{"conversations": turns}])).code == 0
    (pair,) = stored(store)
    assert (pair["question"], pair["context"]) == ("When was the peace signed?", PASSAGE)
    assert pair["meta"] == {"history": turns[:1], "chat_format": "conversations"}


def test_sample_chat_questions_no_longer_hold_their_passage(cli, store: Path) -> None:
    result = cli("import", SAMPLE / "pairs" / "chat.jsonl")
    assert result.code == 1, result.stderr  # the sample plants two malformed lines
    pairs = stored(store)
    assert len(pairs) == 60 and {p["kind"] for p in pairs} == {"chat"}
    truth = {
        r["uid"]: r
        for r in map(json.loads, (SAMPLE / "ground_truth.jsonl").read_text().splitlines())
        if r["file"] == "pairs/chat.jsonl" and r["uid"]
    }
    split = [p for p in pairs if p["context"] is not None]
    assert len(split) == 40  # two in three records label their context; the rest stay whole
    for pair in split:
        assert "Context:" not in pair["question"] and "\n" not in pair["question"]
        assert pair["question"] in pair["meta"]["user_message"]
        assert pair["meta"]["user_message"].startswith(f"Context:\n{pair['context']}")
        if pair["meta"]["id"] in truth:
            assert pair["question"] == truth[pair["meta"]["id"]]["question"]
    whole = [p for p in pairs if p["context"] is None]
    assert all("user_message" not in p["meta"] for p in whole)
    # pairs on one passage share one stored context
    assert len({p["context_id"] for p in split}) < len(split)
    with duckdb.connect(str(store), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM contexts").fetchone()[0] == len(
            {p["context_id"] for p in split}
        )


def test_two_questions_on_one_passage_are_not_near_duplicates(cli, store: Path, tmp_path: Path):
    src = write_jsonl(
        tmp_path / "chat.jsonl",
        [
            chat(f"Context:\n{PASSAGE}\n\nQuestion: When was the peace signed?", "1648"),
            chat(f"Context:\n{PASSAGE}\n\nQuestion: Which war did the peace end?", "Thirty Years"),
            chat(f"Context:\n{PASSAGE}\n\nQuestion: When was the peace signed?!", "1648"),
        ],
    )
    assert cli("import", src).code == 0
    with connect(store) as con:
        analyze(con, ["near"], AnalyzeOptions())
        groups = con.execute(
            "SELECT list(p.question ORDER BY p.question) FROM clusters c "
            "JOIN pairs p ON p.id = c.pair_id WHERE c.method = 'near' GROUP BY c.cluster_id"
        ).fetchall()
    assert groups == [(["When was the peace signed?", "When was the peace signed?!"],)]


def test_export_and_reimport_keep_the_split_pairs(cli, store: Path, tmp_path: Path) -> None:
    assert cli("import", SAMPLE / "pairs" / "chat.jsonl").code == 1
    before = stored(store)
    for fmt in ("jsonl", "messages"):
        out = tmp_path / f"out_{fmt}.jsonl"
        assert cli("export", out, "--format", fmt).code == 0
        again = tmp_path / f"again_{fmt}.duckdb"
        assert CliRunner().invoke(app, ["--store", str(again), "import", str(out)]).exit_code == 0
        after = stored(again)
        if fmt == "jsonl":
            assert after == before
        else:  # messages keep the turns (not other meta): the same pairs by id and text
            fields = ("id", "question", "answer", "context")
            assert [[p[f] for f in fields] for p in after] == [
                [p[f] for f in fields] for p in before
            ]
