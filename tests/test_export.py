"""`workbench export`: every format as its consumer reads it, edits, review states, splits, errors.

Each test imports real files through the CLI into a real DuckDB file, then exports through the CLI.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.json as pj
import pyarrow.parquet as pq
import pytest

from tests.conftest import write_jsonl

N_CONTEXTS = 12


def _records() -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for i in range(N_CONTEXTS):
        context = f"Fact {i}: the code word is W{i}x, and it was noted in {1900 + i}."
        base = {"context": context, "doc_id": f"doc{i % 4}", "chunk_id": str(i), "model": "m1"}
        records.append(
            {**base, "question": f"What is the code word of fact {i}?", "answer": f"W{i}x"}
        )
        records.append({**base, "question": f"When was fact {i} noted?", "answer": str(1900 + i)})
        if i % 3 == 0:
            records.append(
                {**base, "question": f"Who wrote fact {i}?", "answer": "", "is_impossible": True}
            )
    for i in range(6):
        records.append({"question": f"Say hello number {i}", "answer": f"hello {i}", "tags": ["x"]})
    return records


CHAT = {
    "messages": [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello."},
        {"role": "user", "content": "Name a colour."},
        {"role": "assistant", "content": "Blue."},
    ],
    "source_model": "m2",
}


def query(store: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def write(store: Path, sql: str, params: list[Any] | None = None) -> None:
    with duckdb.connect(str(store)) as con:
        con.execute(sql, params or [])


def decide(store: Path, pair_id: str, action: str, payload: dict[str, Any] | None = None) -> None:
    """Record a decision directly in the log, as the review commands would."""
    write(
        store,
        "INSERT INTO decisions VALUES (nextval('decision_seq'), ?, ?, ?, now(), 'test', 1)",
        [pair_id, action, json.dumps(payload) if payload is not None else None],
    )


def pair_id(store: Path, question: str) -> str:
    return query(store, "SELECT id FROM pairs WHERE question = ?", [question])[0][0]


@pytest.fixture
def filled(cli, store: Path, tmp_path: Path) -> Path:
    """A store holding qa pairs over 12 contexts, unanswerable ones, instructions and a chat."""
    src = tmp_path / "src"
    src.mkdir()
    write_jsonl(src / "pairs.jsonl", _records())
    write_jsonl(src / "z_chat.jsonl", [CHAT])
    result = cli("import", src)
    assert result.code == 0, result.stderr
    return store


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def total(store: Path) -> int:
    return query(store, "SELECT count(*) FROM pairs")[0][0]


def test_jsonl_is_flat_native_records(cli, filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = cli("export", out, "--json")
    assert result.code == 0, result.stderr
    summary = result.json()
    assert summary["pairs"] == total(filled) and summary["files"] == [str(out)]
    recs = lines(out)
    assert len(recs) == total(filled)
    first = recs[0]
    assert first["question"] == "What is the code word of fact 0?" and first["answer"] == "W0x"
    assert first["context"].startswith("Fact 0") and first["kind"] == "qa"
    assert first["doc_id"] == "doc0" and first["chunk_id"] == "0" and first["model"] == "m1"
    assert "is_impossible" not in first
    impossible = [r for r in recs if r.get("is_impossible")]
    assert len(impossible) == 4 and all(r["answer"] == "" for r in impossible)
    instruction = next(r for r in recs if r["question"] == "Say hello number 0")
    assert instruction["kind"] == "instruction" and instruction["context"] is None
    assert instruction["tags"] == ["x"]
    chat = next(r for r in recs if r["kind"] == "chat")
    assert chat["question"] == "Name a colour." and chat["history"][0]["content"] == "Be brief."


def test_prompt_completion_and_messages_load_with_pyarrow(
    cli, filled: Path, tmp_path: Path
) -> None:
    pc, chat = tmp_path / "pc.jsonl", tmp_path / "chat.jsonl"
    assert cli("export", pc, "--format", "prompt-completion").code == 0
    assert cli("export", chat, "--format", "messages").code == 0
    table = pj.read_json(pc)
    assert table.column_names == ["prompt", "completion"] and table.num_rows == total(filled)
    row = table.slice(0, 1).to_pylist()[0]
    assert row["prompt"] == (
        "Context: Fact 0: the code word is W0x, and it was noted in 1900.\n\n"
        "Question: What is the code word of fact 0?\nAnswer:"
    )
    assert row["completion"] == " W0x"
    bare = next(r for r in table.to_pylist() if r["prompt"] == "Say hello number 1")
    assert bare["completion"] == "hello 1"
    convs = pj.read_json(chat).column("messages").to_pylist()
    assert convs[0] == [
        {
            "role": "user",
            "content": "Context:\nFact 0: the code word is W0x, and it was noted in 1900.\n\n"
            "Question: What is the code word of fact 0?",
        },
        {"role": "assistant", "content": "W0x"},
    ]
    chat_turns = next(c for c in convs if c[0]["role"] == "system")
    assert [m["role"] for m in chat_turns] == ["system", "user", "assistant", "user", "assistant"]
    assert chat_turns[-1]["content"] == "Blue." and chat_turns[-2]["content"] == "Name a colour."


def test_alpaca_is_a_json_array(cli, filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.json"
    refused = cli("export", out)
    assert refused.code == 1 and "--format alpaca" in refused.stderr and not out.exists()
    assert cli("export", out, "--format", "alpaca").code == 0
    items = json.loads(out.read_text(encoding="utf-8"))
    assert len(items) == total(filled)
    assert set(items[0]) == {"instruction", "input", "output"}
    assert items[0]["input"].startswith("Fact 0") and items[0]["output"] == "W0x"
    assert next(i for i in items if i["instruction"] == "Say hello number 2")["input"] == ""


def test_squad_reimports_with_the_same_ids_and_offsets(cli, filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "squad.json"
    result = cli("export", out, "--format", "squad", "--json")
    assert result.code == 0, result.stderr
    qa_with_context = query(
        filled, "SELECT id FROM pairs WHERE kind = 'qa' AND context_id IS NOT NULL"
    )
    assert result.json()["pairs"] == len(qa_with_context)
    assert result.json()["skipped"] == total(filled) - len(qa_with_context)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["version"] == "v2.0"
    assert sorted(a["title"] for a in doc["data"]) == ["doc0", "doc1", "doc2", "doc3"]
    seen = 0
    for article in doc["data"]:
        for para in article["paragraphs"]:
            for qa in para["qas"]:
                seen += 1
                if qa["is_impossible"]:
                    assert qa["answers"] == []
                    continue
                ans = qa["answers"][0]
                start = ans["answer_start"]
                assert para["context"][start : start + len(ans["text"])] == ans["text"]
    assert seen == len(qa_with_context)
    again = tmp_path / "again.duckdb"
    assert cli("--store", again, "import", out).code == 0
    ids = {r[0] for r in query(again, "SELECT id FROM pairs")}
    assert ids == {r[0] for r in qa_with_context}
    starts = query(again, "SELECT meta->>'answer_start', answer, context FROM current_pairs")
    for start, answer, context in starts:
        if answer:
            assert context[int(start) : int(start) + len(answer)] == answer


def test_parquet_and_csv_are_tables(cli, filled: Path, tmp_path: Path) -> None:
    pq_out, csv_out = tmp_path / "p.parquet", tmp_path / "c.csv"
    assert cli("export", pq_out).code == 0
    assert cli("export", csv_out).code == 0
    columns = ["question", "answer", "context", "kind", "doc_id", "chunk_id", "answerable", "meta"]
    table = pq.read_table(pq_out)
    assert table.column_names == columns and table.num_rows == total(filled)
    assert table.column("answerable").to_pylist().count(False) == 4
    assert json.loads(table.column("meta")[0].as_py()) == {"model": "m1"}
    with csv_out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == columns and len(rows) == total(filled)
    assert rows[0]["answerable"] == "true" and json.loads(rows[0]["meta"]) == {"model": "m1"}


def test_hf_dataset_and_dataset_dict(cli, filled: Path, tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    out = tmp_path / "hf"
    assert cli("export", out).code == 1
    assert cli("export", out, "--format", "hf").code == 0
    ds = datasets.load_from_disk(str(out))
    assert ds.num_rows == total(filled) and "question" in ds.column_names
    assert ds[0]["answer"] == "W0x" and ds[0]["answerable"] is True
    result = cli("export", out, "--format", "hf", "--split", "eval=0.25", "--json")
    assert result.code == 0, result.stderr
    dd = datasets.load_from_disk(str(out))
    assert set(dd) == {"train", "eval"}
    assert dd["train"].num_rows + dd["eval"].num_rows == total(filled)
    assert result.json()["splits"] == {"train": dd["train"].num_rows, "eval": dd["eval"].num_rows}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    empty = tmp_path / "empty"
    assert cli("export", empty, "--format", "hf", "--status", "accepted").code == 0
    assert datasets.load_from_disk(str(empty)).num_rows == 0


def test_edited_text_is_exported_unless_original(cli, filled: Path, tmp_path: Path) -> None:
    pid = pair_id(filled, "What is the code word of fact 1?")
    decide(filled, pid, "edit", {"question": "Which code word has fact 1?", "answer": "W1x!"})
    out = tmp_path / "e.jsonl"
    assert cli("export", out).code == 0
    questions = {r["question"]: r["answer"] for r in lines(out)}
    assert questions["Which code word has fact 1?"] == "W1x!"
    assert "What is the code word of fact 1?" not in questions
    assert cli("export", out, "--original").code == 0
    questions = {r["question"]: r["answer"] for r in lines(out)}
    assert questions["What is the code word of fact 1?"] == "W1x"


def test_rejected_left_out_and_status_filter(cli, filled: Path, tmp_path: Path) -> None:
    rejected = pair_id(filled, "When was fact 2 noted?")
    accepted = pair_id(filled, "When was fact 3 noted?")
    decide(filled, rejected, "reject")
    decide(filled, accepted, "accept")
    out = tmp_path / "r.jsonl"
    result = cli("export", out)
    assert result.code == 0 and "1 rejected pairs left out" in result.stdout
    assert len(lines(out)) == total(filled) - 1
    assert "When was fact 2 noted?" not in {r["question"] for r in lines(out)}
    assert cli("export", out, "--include-rejected").code == 0
    assert len(lines(out)) == total(filled)
    assert cli("export", out, "--status", "accepted").code == 0
    assert [r["question"] for r in lines(out)] == ["When was fact 3 noted?"]
    bad = cli("export", out, "--status", "done")
    assert bad.code == 1 and "--status done" in bad.stderr and "Traceback" not in bad.stderr


def test_with_analysis_adds_review_fields(cli, filled: Path, tmp_path: Path) -> None:
    pid = pair_id(filled, "What is the code word of fact 4?")
    decide(filled, pid, "edit", {"question": "Code word of fact 4?", "answer": "W4x"})
    decide(filled, pid, "tag", {"tag": "checked"})
    decide(filled, pid, "accept")
    out = tmp_path / "a.jsonl"
    assert cli("export", out, "--with-analysis").code == 0
    rec = next(r for r in lines(out) if r.get("id") == pid)
    assert rec["question"] == "Code word of fact 4?" and rec["status"] == "accepted"
    assert rec["tags"] == ["checked"] and rec["edited"] is True
    assert rec["original_question"] == "What is the code word of fact 4?"
    assert [d["action"] for d in rec["decisions"]] == ["edit", "tag", "accept"]
    assert rec["decisions"][1]["payload"] == {"tag": "checked"} and "at" in rec["decisions"][0]
    plain = next(r for r in lines(out) if r["id"] != pid)
    assert plain["edited"] is False and "original_question" not in plain
    assert plain["decisions"] == [] and plain["status"] == "pending"
    table_out = tmp_path / "a.parquet"
    assert cli("export", table_out, "--with-analysis").code == 0
    names = pq.read_schema(table_out).names
    assert {"id", "status", "tags", "edited", "decisions"} <= set(names)


def _context_sides(path: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    stem = path.with_suffix("")
    return lines(Path(f"{stem}.train.jsonl")), lines(Path(f"{stem}.eval.jsonl"))


def test_split_is_grouped_by_context_seeded_and_close(cli, filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "s.jsonl"
    result = cli("export", out, "--split", "eval=0.3", "--json")
    assert result.code == 0, result.stderr
    train, held = _context_sides(out)
    assert not out.exists()
    assert result.json()["splits"] == {"train": len(train), "eval": len(held)}
    assert len(train) + len(held) == total(filled)
    both = {r["context"] for r in train if r["context"]} & {
        r["context"] for r in held if r["context"]
    }
    assert not both
    assert abs(len(held) - 0.3 * total(filled)) <= 3  # within half of the largest group
    first = (out.parent / "s.eval.jsonl").read_bytes()
    assert cli("export", out, "--split", "eval=0.3").code == 0
    assert (out.parent / "s.eval.jsonl").read_bytes() == first
    assert cli("export", out, "--split", "eval=0.3", "--seed", "7").code == 0
    assert (out.parent / "s.eval.jsonl").read_bytes() != first


def test_subset_export_uses_its_members_and_stored_splits(
    cli, filled: Path, tmp_path: Path
) -> None:
    ids = [r[0] for r in query(filled, "SELECT id FROM pairs ORDER BY seq LIMIT 6")]
    write(filled, "INSERT INTO subsets VALUES ('small', 1, NULL, 'h1', 3, now(), NULL)")
    write(filled, "INSERT INTO subsets VALUES ('small', 2, NULL, 'h2', 6, now(), NULL)")
    for i, pid in enumerate(ids):
        if i < 3:
            write(filled, "INSERT INTO subset_members VALUES ('small', 1, ?, 'train')", [pid])
        split = "eval" if i >= 4 else "train"
        write(filled, "INSERT INTO subset_members VALUES ('small', 2, ?, ?)", [pid, split])
    out = tmp_path / "sub.jsonl"
    result = cli("export", out, "--subset", "small@1", "--json")
    assert result.code == 0 and result.json()["pairs"] == 3 and len(lines(out)) == 3
    result = cli("export", out, "--subset", "small", "--json")
    assert result.code == 0 and result.json()["splits"] == {"train": 4, "eval": 2}
    train, held = _context_sides(out)
    assert len(train) == 4 and len(held) == 2
    decide(filled, ids[1], "accept")
    decide(filled, ids[5], "accept")
    decide(filled, ids[0], "reject")
    result = cli("export", out, "--subset", "small", "--status", "accepted", "--json")
    assert result.code == 0 and result.json()["splits"] == {"train": 1, "eval": 1}
    assert result.json()["rejected_left_out"] == 0
    result = cli("export", out, "--subset", "small", "--json")
    assert result.json()["splits"] == {"train": 3, "eval": 2}
    assert result.json()["rejected_left_out"] == 1
    missing = cli("export", out, "--subset", "nope")
    assert missing.code == 1 and "no subset 'nope'" in missing.stderr
    assert "Traceback" not in missing.stderr and missing.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["out.xyz"], "cannot tell the format from '.xyz'"),
        (["out.jsonl", "--format", "docx"], "unknown export format 'docx'"),
        (["out.jsonl", "--format", "parquet"], "--format parquet does not write .jsonl files"),
        (["out.jsonl", "--split", "eval=2"], "between 0 and 1"),
        (["out.jsonl", "--split", "train=0.1"], "cannot name a split"),
        (["out.jsonl", "--split", "eval=0.6,test=0.5"], "add up to 1 or more"),
        (["out.jsonl", "--split", "eval:0.1"], "is not NAME=FRACTION"),
    ],
)
def test_user_mistakes_are_one_line(cli, filled: Path, tmp_path: Path, args, message) -> None:
    result = cli("export", tmp_path / args[0], *args[1:])
    assert result.code == 1 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and result.stderr.strip().count("\n") == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["src", "test.duckdb"]


def test_missing_store_and_read_only(cli, tmp_path: Path) -> None:
    result = cli("export", tmp_path / "x.jsonl")
    assert result.code == 1 and "no store at" in result.stderr


def test_failed_export_leaves_no_file(cli, filled: Path, tmp_path: Path, monkeypatch) -> None:
    from storage.export import writers

    def boom(self, batch):
        raise RuntimeError("disk full")

    out = tmp_path / "f.jsonl"
    out.write_text("old\n")
    monkeypatch.setattr(writers.JsonLinesWriter, "write", boom)
    with pytest.raises(RuntimeError):
        cli("export", out, "--split", "eval=0.2")
    assert out.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.jsonl", "src", "test.duckdb"]


def test_export_opens_the_store_read_only(cli, filled: Path, tmp_path: Path) -> None:
    # DuckDB refuses a writing connection while this process holds a read-only one.
    with duckdb.connect(str(filled), read_only=True):
        result = cli("export", tmp_path / "ro.jsonl")
    assert result.code == 0, result.stderr


def test_never_replaces_a_folder_it_did_not_write(cli, filled: Path, tmp_path: Path) -> None:
    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / "keep.txt").write_text("mine")
    result = cli("export", mine, "--format", "hf")
    assert result.code == 1 and "not a saved dataset" in result.stderr
    assert (mine / "keep.txt").read_text() == "mine"
    (tmp_path / "d.jsonl").mkdir()
    result = cli("export", tmp_path / "d.jsonl")
    assert result.code == 1 and "is a folder" in result.stderr


def test_messages_rebuild_sharegpt_history_with_openai_roles(cli, tmp_path: Path) -> None:
    convo = [
        {"from": "human", "value": "Hi"},
        {"from": "gpt", "value": "Hello."},
        {"from": "human", "value": "Count to two."},
        {"from": "gpt", "value": "One, two."},
    ]
    assert cli("import", write_jsonl(tmp_path / "sg.jsonl", [{"conversations": convo}])).code == 0
    out = tmp_path / "m.jsonl"
    assert cli("export", out, "--format", "messages").code == 0
    assert lines(out) == [
        {
            "messages": [
                {"role": "user", "content": "Hi"},
                {"role": "assistant", "content": "Hello."},
                {"role": "user", "content": "Count to two."},
                {"role": "assistant", "content": "One, two."},
            ]
        }
    ]


def test_analysis_providers_are_a_hook(cli, filled: Path, tmp_path: Path, monkeypatch) -> None:
    from storage.export import query as export_query

    monkeypatch.setattr(export_query, "ANALYSIS", list(export_query.ANALYSIS))
    export_query.register_analysis(
        export_query.AnalysisProvider(
            "flag_count",
            (export_query.Column("flag_count", "coalesce(wb_fc.n, 0)"),),
            (
                "LEFT JOIN (SELECT pair_id, count(*) AS n FROM flags GROUP BY pair_id) wb_fc "
                "ON wb_fc.pair_id = p.id",
            ),
            table="flags",
        )
    )
    export_query.register_analysis(
        export_query.AnalysisProvider(
            "later", (export_query.Column("later", "1"),), table="not_there_yet"
        )
    )
    out = tmp_path / "h.jsonl"
    assert cli("export", out, "--with-analysis").code == 0
    rec = lines(out)[0]
    assert rec["flag_count"] == 0 and "later" not in rec and rec["status"] == "pending"
    assert cli("export", out).code == 0
    assert "flag_count" not in lines(out)[0]


def test_several_held_out_splits_share_no_context(cli, filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "m.parquet"
    result = cli("export", out, "--split", "eval=0.2,test=0.2", "--json")
    assert result.code == 0, result.stderr
    assert list(result.json()["splits"]) == ["train", "eval", "test"]
    sides = {}
    for name in ("train", "eval", "test"):
        table = pq.read_table(tmp_path / f"m.{name}.parquet")
        assert table.num_rows == result.json()["splits"][name] > 0
        sides[name] = {c for c in table.column("context").to_pylist() if c}
    assert not (sides["train"] & sides["eval"] or sides["train"] & sides["test"])
    assert not sides["eval"] & sides["test"]
