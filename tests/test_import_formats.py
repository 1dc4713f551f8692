"""Every container and record shape the issue lists goes in through the real CLI, field for field.

Each test writes a small real file, runs `workbench import`, and reads the store back: exact
counts, exact texts, and the `meta` a curator will later filter on.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.conftest import write_jsonl

CTX_PARIS = "Paris is the capital of France."
CTX_ROME = "Rome is the capital of Italy."


def rows(store: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def count(store: Path, table: str) -> int:
    return rows(store, f"SELECT count(*) FROM {table}")[0][0]


def pairs(store: Path) -> list[dict[str, Any]]:
    """Every pair with its context, ordered as imported; meta parsed."""
    cur = rows(
        store,
        """
        SELECT p.question, p.answer, p.kind, p.answerable, p.source, p.meta,
               c.text, c.doc_id, c.chunk
        FROM pairs p LEFT JOIN contexts c USING (context_id) ORDER BY p.seq
        """,
    )
    names = ("question", "answer", "kind", "answerable", "source", "meta", "context", "doc_id")
    out = []
    for row in cur:
        item = dict(zip((*names, "chunk"), row, strict=True))
        item["meta"] = json.loads(item["meta"]) if item["meta"] is not None else None
        out.append(item)
    return out


def errors(store: Path) -> list[dict[str, Any]]:
    cur = rows(
        store,
        "SELECT file, line, location, field, message, raw FROM import_errors "
        "ORDER BY line NULLS FIRST, location",
    )
    names = ("file", "line", "location", "field", "message", "raw")
    return [dict(zip(names, r, strict=True)) for r in cur]


QA_RECORDS = [
    {
        "context": CTX_PARIS,
        "question": "What is the capital of France?",
        "answer": "Paris",
        "doc_id": "geo-1",
        "chunk_id": 0,
        "model": "llama-3-8b",
        "extra": {"temperature": 0.7, "tags": ["geo", "easy"]},
    },
    {
        "context": CTX_PARIS,
        "question": "Which country is Paris the capital of?",
        "answer": "France",
        "doc_id": "geo-1",
        "chunk_id": 0,
        "model": "llama-3-8b",
        "extra": {"temperature": 0.7, "tags": []},
    },
    {
        "context": CTX_ROME,
        "question": "What is the capital of Italy?",
        "answer": "Rome",
        "doc_id": "geo-2",
        "chunk_id": 1,
        "model": "llama-3-8b",
        "extra": None,
    },
]


def assert_qa_store(store: Path, source: str, *, chunk_as_text: bool = False) -> None:
    """The three QA_RECORDS, whatever container carried them."""
    assert count(store, "pairs") == 3
    assert count(store, "contexts") == 2
    assert count(store, "import_errors") == 0
    got = pairs(store)
    assert [p["question"] for p in got] == [r["question"] for r in QA_RECORDS]
    assert [p["answer"] for p in got] == ["Paris", "France", "Rome"]
    assert [p["context"] for p in got] == [CTX_PARIS, CTX_PARIS, CTX_ROME]
    assert [(p["doc_id"], p["chunk"]) for p in got] == [
        ("geo-1", "0"),
        ("geo-1", "0"),
        ("geo-2", "1"),
    ]
    assert {p["kind"] for p in got} == {"qa"}
    assert all(p["answerable"] for p in got)
    assert {p["source"] for p in got} == {source}
    assert got[0]["meta"]["model"] == "llama-3-8b"
    if not chunk_as_text:
        assert got[0]["meta"]["extra"] == {"temperature": 0.7, "tags": ["geo", "easy"]}
        assert got[2]["meta"] == {"model": "llama-3-8b", "extra": None}


def test_jsonl_qa_with_extra_fields_in_meta(cli, store: Path, tmp_path: Path) -> None:
    """Unknown fields, nested ones included, land in meta exactly as written."""
    src = write_jsonl(tmp_path / "gen.jsonl", QA_RECORDS)
    result = cli("import", src)
    assert result.code == 0, result.stderr
    assert "3 pairs added" in result.stdout
    assert_qa_store(store, "gen")
    meta = pairs(store)[0]["meta"]
    assert meta == {"model": "llama-3-8b", "extra": {"temperature": 0.7, "tags": ["geo", "easy"]}}


def test_json_array(cli, store: Path, tmp_path: Path) -> None:
    src = tmp_path / "arr.json"
    src.write_text(json.dumps(QA_RECORDS, indent=2))
    result = cli("import", src, "--json")
    assert result.code == 0, result.stderr
    assert result.json()["files"][0]["format"] == "json"
    assert_qa_store(store, "arr")


def test_json_file_holding_json_lines_with_long_lines(cli, store: Path, tmp_path: Path) -> None:
    """A `.json` file that is really JSON Lines, with first lines longer than any sniff buffer."""
    long_ctx = "Long context sentence. " * 400
    records = [{"context": long_ctx, "question": f"Q{i}?", "answer": f"A{i}"} for i in range(3)]
    src = write_jsonl(tmp_path / "lines.json", records)
    result = cli("import", src, "--json")
    assert result.code == 0, result.stderr
    assert result.json()["files"][0]["format"] == "jsonl"
    assert count(store, "pairs") == 3 and count(store, "contexts") == 1


@pytest.mark.parametrize(("suffix", "delimiter"), [(".csv", ","), (".tsv", "\t")])
def test_csv_and_tsv(cli, store: Path, tmp_path: Path, suffix: str, delimiter: str) -> None:
    """Delimited files: every value is text, extra columns go to meta as text."""
    header = ["context", "question", "answer", "doc_id", "chunk_id", "model"]
    lines = [delimiter.join(header)]
    for r in QA_RECORDS:
        lines.append(delimiter.join(str(r[h]) for h in header))
    src = tmp_path / f"table{suffix}"
    src.write_text("\n".join(lines) + "\n")
    result = cli("import", src)
    assert result.code == 0, result.stderr
    assert_qa_store(store, "table", chunk_as_text=True)
    assert pairs(store)[0]["meta"] == {"model": "llama-3-8b"}


def test_parquet(cli, store: Path, tmp_path: Path) -> None:
    src = tmp_path / "pairs.parquet"
    pq.write_table(pa.Table.from_pylist(QA_RECORDS), src)
    result = cli("import", src, "--json")
    assert result.code == 0, result.stderr
    assert result.json()["files"][0]["format"] == "parquet"
    assert_qa_store(store, "pairs")


def test_parquet_without_extension_detected_by_magic(cli, store: Path, tmp_path: Path) -> None:
    src = tmp_path / "export_0001"
    pq.write_table(pa.Table.from_pylist(QA_RECORDS), src)
    result = cli("import", src)
    assert result.code == 0, result.stderr
    assert count(store, "pairs") == 3


def test_hf_dataset_saved_to_disk(cli, store: Path, tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    folder = tmp_path / "hf_ds"
    datasets.Dataset.from_list(QA_RECORDS).save_to_disk(str(folder))
    result = cli("import", folder, "--json")
    assert result.code == 0, result.stderr
    assert result.json()["files"][0]["format"] == "hf"
    assert_qa_store(store, "hf_ds")


def test_hf_dataset_dict_keeps_split_in_meta(cli, store: Path, tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    folder = tmp_path / "hf_dict"
    datasets.DatasetDict(
        {
            "train": datasets.Dataset.from_list(QA_RECORDS[:2]),
            "test": datasets.Dataset.from_list(QA_RECORDS[2:]),
        }
    ).save_to_disk(str(folder))
    result = cli("import", folder)
    assert result.code == 0, result.stderr
    got = {p["question"]: p["meta"]["split"] for p in pairs(store)}
    assert got == {
        "What is the capital of France?": "train",
        "Which country is Paris the capital of?": "train",
        "What is the capital of Italy?": "test",
    }
    assert count(store, "contexts") == 2


def test_hf_dataset_dict_bad_row_names_its_split(cli, store: Path, tmp_path: Path) -> None:
    """Row numbers restart in every split, so an error location must say which split."""
    datasets = pytest.importorskip("datasets")
    folder = tmp_path / "hf_dict"
    good = {"question": "Q?", "answer": "A"}
    datasets.DatasetDict(
        {
            "train": datasets.Dataset.from_list([good]),
            "test": datasets.Dataset.from_list([{"question": "Q2?", "answer": None}, good]),
        }
    ).save_to_disk(str(folder))
    result = cli("import", folder)
    assert result.code == 1
    (error,) = errors(store)
    assert error["location"] == "test row 1"
    assert error["field"] == "answer"


def test_alpaca(cli, store: Path, tmp_path: Path) -> None:
    src = write_jsonl(
        tmp_path / "alpaca.jsonl",
        [
            {"instruction": "Translate to French", "input": "Good morning", "output": "Bonjour"},
            {"instruction": "Name a prime number", "input": "", "output": 7, "lang": "en"},
        ],
    )
    result = cli("import", src, "--json")
    assert result.code == 0, result.stderr
    assert result.json()["files"][0]["shape"] == "alpaca"
    first, second = pairs(store)
    assert (first["question"], first["answer"], first["context"]) == (
        "Translate to French",
        "Bonjour",
        "Good morning",
    )
    assert (second["question"], second["answer"], second["context"]) == (
        "Name a prime number",
        "7",
        None,
    )
    assert {first["kind"], second["kind"]} == {"instruction"}
    assert second["meta"] == {"lang": "en"}
    assert count(store, "contexts") == 1


def test_openai_messages_multi_turn_keeps_history(cli, store: Path, tmp_path: Path) -> None:
    """The pair is the last user turn and the assistant's reply; everything before is in meta."""
    convo = [
        {"role": "system", "content": "You are terse."},
        {"role": "user", "content": "Capital of France?"},
        {"role": "assistant", "content": "Paris."},
        {"role": "user", "content": "And of Italy?"},
        {"role": "assistant", "content": "Rome."},
    ]
    src = write_jsonl(
        tmp_path / "chat.jsonl",
        [
            {"messages": convo, "id": "c1"},
            {
                "messages": [
                    {"role": "user", "content": [{"type": "text", "text": "Hi"}]},
                    {"role": "assistant", "content": "Hello!"},
                ]
            },
        ],
    )
    result = cli("import", src, "--json")
    assert result.code == 0, result.stderr
    assert result.json()["files"][0]["shape"] == "messages"
    first, second = pairs(store)
    assert (first["question"], first["answer"], first["kind"]) == ("And of Italy?", "Rome.", "chat")
    assert first["meta"] == {"id": "c1", "history": convo[:3], "chat_format": "messages"}
    assert (second["question"], second["answer"]) == ("Hi", "Hello!")
    assert "history" not in second["meta"]
    assert count(store, "contexts") == 0


def test_sharegpt(cli, store: Path, tmp_path: Path) -> None:
    src = write_jsonl(
        tmp_path / "sg.jsonl",
        [
            {
                "conversations": [
                    {"from": "human", "value": "What is 2+2?"},
                    {"from": "gpt", "value": "4"},
                ],
                "source": "math",
            }
        ],
    )
    result = cli("import", src, "--json")
    assert result.code == 0, result.stderr
    assert result.json()["files"][0]["shape"] == "sharegpt"
    (pair,) = pairs(store)
    assert (pair["question"], pair["answer"], pair["kind"]) == ("What is 2+2?", "4", "chat")
    assert pair["meta"] == {"source": "math", "chat_format": "conversations"}


def test_chat_without_assistant_is_an_error(cli, store: Path, tmp_path: Path) -> None:
    src = write_jsonl(
        tmp_path / "chat.jsonl",
        [
            {
                "messages": [
                    {"role": "user", "content": "Hi"},
                    {"role": "assistant", "content": "Yo"},
                ]
            },
            {"messages": [{"role": "user", "content": "Anyone there?"}]},
        ],
    )
    result = cli("import", src)
    assert result.code == 1
    assert count(store, "pairs") == 1
    (error,) = errors(store)
    assert (error["line"], error["field"]) == (2, "messages")
    assert error["message"] == "field 'messages' has no assistant message"
    assert json.loads(error["raw"]) == {"messages": [{"role": "user", "content": "Anyone there?"}]}


SQUAD = {
    "version": "v2.0",
    "data": [
        {
            "title": "France",
            "paragraphs": [
                {
                    "context": CTX_PARIS,
                    "qas": [
                        {
                            "id": "q1",
                            "question": "What is the capital of France?",
                            "answers": [{"text": "Paris", "answer_start": 0}],
                            "is_impossible": False,
                        },
                        {
                            "id": "q2",
                            "question": "What is the capital of Spain?",
                            "answers": [],
                            "plausible_answers": [{"text": "Paris", "answer_start": 0}],
                            "is_impossible": True,
                        },
                    ],
                }
            ],
        },
        {
            "title": "Italy",
            "paragraphs": [
                {
                    "context": CTX_ROME,
                    "qas": [
                        {
                            "id": "q3",
                            "question": "What is the capital of Italy?",
                            "answers": [
                                {"text": "Rome", "answer_start": 0},
                                {"text": "Rome, Italy", "answer_start": 0},
                            ],
                        }
                    ],
                }
            ],
        },
    ],
}


@pytest.mark.parametrize("indent", [None, 2])
def test_squad_with_unanswerable(cli, store: Path, tmp_path: Path, indent: int | None) -> None:
    """Unanswerable questions are valid pairs with answerable=false and an empty answer."""
    src = tmp_path / "dev-v2.0.json"
    src.write_text(json.dumps(SQUAD, indent=indent))
    result = cli("import", src, "--json")
    assert result.code == 0, result.stderr
    assert result.json()["files"][0]["format"] == "squad"
    assert count(store, "import_errors") == 0
    got = pairs(store)
    assert [(p["question"], p["answer"], p["answerable"]) for p in got] == [
        ("What is the capital of France?", "Paris", True),
        ("What is the capital of Spain?", "", False),
        ("What is the capital of Italy?", "Rome", True),
    ]
    assert [(p["doc_id"], p["chunk"]) for p in got] == [
        ("France", "0"),
        ("France", "0"),
        ("Italy", "0"),
    ]
    assert got[0]["meta"] == {"id": "q1", "answer_start": 0}
    assert got[1]["meta"] == {
        "id": "q2",
        "plausible_answers": [{"text": "Paris", "answer_start": 0}],
    }
    assert got[2]["meta"]["other_answers"] == ["Rome, Italy"]
    assert count(store, "contexts") == 2
    info = cli("info", "--json").json()
    assert info["unanswerable"] == 1


def test_qa_answerable_false_and_hf_style_answers(cli, store: Path, tmp_path: Path) -> None:
    """Flat SQuAD-style records (`answers: {text: [], answer_start: []}`) as HF exports them."""
    src = write_jsonl(
        tmp_path / "flat.jsonl",
        [
            {
                "context": CTX_PARIS,
                "question": "Capital?",
                "answers": {"text": ["Paris"], "answer_start": [0]},
            },
            {
                "context": CTX_PARIS,
                "question": "Population?",
                "answers": {"text": [], "answer_start": []},
            },
        ],
    )
    result = cli("import", src)
    assert result.code == 0, result.stderr
    got = pairs(store)
    assert [(p["answer"], p["answerable"]) for p in got] == [("Paris", True), ("", False)]
    assert got[0]["meta"] == {"answer_start": 0}


def generator_record(output: str, **extra: Any) -> dict[str, Any]:
    return {
        "doc_id": "d1",
        "chunk_id": 3,
        "context": CTX_PARIS,
        "model": "gen-7b",
        "output": output,
        **extra,
    }


def test_generator_output_expanded_broken_item_kept_raw(cli, store: Path, tmp_path: Path) -> None:
    """A JSON list inside the answer field becomes one pair per item; a bad item is an error
    carrying its own raw text, and the items after it still go in."""
    output = (
        '[{"question": "Capital of France?", "answer": "Paris", "difficulty": "easy"},\n'
        ' {"question": "Is Paris big?", "answer": "Yes" "very"},\n'
        ' {"question": "River through Paris?", "answer": "The Seine"},\n'
        ' {"question": "No answer here"}]'
    )
    src = write_jsonl(tmp_path / "raw_gen.jsonl", [generator_record(output)])
    result = cli("import", src, "--json")
    assert result.code == 1
    summary = result.json()
    assert summary["files"][0]["shape"] == "generator"
    assert summary["added"] == 2 and summary["errors"] == 2
    got = pairs(store)
    assert [(p["question"], p["answer"]) for p in got] == [
        ("Capital of France?", "Paris"),
        ("River through Paris?", "The Seine"),
    ]
    assert {(p["context"], p["doc_id"], p["chunk"], p["kind"]) for p in got} == {
        (CTX_PARIS, "d1", "3", "qa")
    }
    assert got[0]["meta"] == {"model": "gen-7b", "difficulty": "easy", "item": 1}
    assert got[1]["meta"] == {"model": "gen-7b", "item": 3}
    broken, missing = errors(store)
    assert broken["line"] == 1 and broken["field"] == "output"
    assert broken["location"] == "line 1, output item 2"
    assert broken["raw"] == '{"question": "Is Paris big?", "answer": "Yes" "very"}'
    assert broken["message"].startswith("field 'output' item 2: invalid JSON: ")
    assert missing["location"] == "line 1, output item 4"
    assert missing["message"] == "missing required field 'answer'"
    assert json.loads(missing["raw"]) == {"question": "No answer here"}


def test_generator_fenced_json(cli, store: Path, tmp_path: Path) -> None:
    output = (
        "```json\n"
        '[{"question": "Capital of France?", "answer": "Paris"},\n'
        ' {"question": "Country of Paris?", "answer": "France"}]\n'
        "```"
    )
    preamble = 'Here are the pairs:\n```json\n[{"question": "Q3?", "answer": "A3"}]\n```\nEnjoy!'
    src = write_jsonl(
        tmp_path / "fenced.jsonl",
        [generator_record(output), generator_record(preamble, chunk_id=4)],
    )
    result = cli("import", src)
    assert result.code == 0, result.stderr
    assert [p["question"] for p in pairs(store)] == [
        "Capital of France?",
        "Country of Paris?",
        "Q3?",
    ]


def test_generator_truncated_output_keeps_complete_items(cli, store: Path, tmp_path: Path) -> None:
    """Generation cut off by max_tokens: complete items go in, the cut tail is kept raw."""
    output = (
        "```json\n"
        '[{"question": "Capital of France?", "answer": "Paris"},\n'
        ' {"question": "Country of Paris?", "answer": "France"},\n'
        ' {"question": "River through Par'
    )
    src = write_jsonl(tmp_path / "cut.jsonl", [generator_record(output)])
    result = cli("import", src)
    assert result.code == 1
    assert [p["answer"] for p in pairs(store)] == ["Paris", "France"]
    (error,) = errors(store)
    assert error["location"] == "line 1, output item 3"
    assert error["raw"] == '{"question": "River through Par'
    assert "truncated" in error["message"]


def test_generator_output_that_is_not_json_is_kept(cli, store: Path, tmp_path: Path) -> None:
    """A refusal instead of JSON: the whole record is the error's raw text, context included."""
    src = write_jsonl(
        tmp_path / "gen.jsonl",
        [
            generator_record('[{"question": "Q1?", "answer": "A1"}]'),
            generator_record("I'm sorry, I cannot help with that."),
        ],
    )
    result = cli("import", src)
    assert result.code == 1
    assert count(store, "pairs") == 1
    (error,) = errors(store)
    assert (error["line"], error["field"]) == (2, "output")
    assert error["message"] == "field 'output' is not a JSON list of question/answer objects"
    assert json.loads(error["raw"]) == generator_record("I'm sorry, I cannot help with that.")


def test_generator_native_list(cli, store: Path, tmp_path: Path) -> None:
    src = write_jsonl(
        tmp_path / "gen.jsonl",
        [
            {
                "context": CTX_ROME,
                "qa_pairs": [{"q": "Capital?", "a": "Rome"}, {"q": "Country?", "a": "Italy"}],
            }
        ],
    )
    result = cli("import", src)
    assert result.code == 0, result.stderr
    assert [(p["question"], p["answer"], p["context"]) for p in pairs(store)] == [
        ("Capital?", "Rome", CTX_ROME),
        ("Country?", "Italy", CTX_ROME),
    ]


def test_map_reads_odd_columns(cli, store: Path, tmp_path: Path) -> None:
    src = write_jsonl(
        tmp_path / "odd.jsonl",
        [{"prompt_text": "Capital of France?", "gold": "Paris", "passage_body": CTX_PARIS, "x": 1}],
    )
    result = cli(
        "import",
        src,
        "--map",
        "question=prompt_text",
        "--map",
        "answer=gold",
        "--map",
        "context=passage_body",
    )
    assert result.code == 0, result.stderr
    (pair,) = pairs(store)
    assert (pair["question"], pair["answer"], pair["context"]) == (
        "Capital of France?",
        "Paris",
        CTX_PARIS,
    )
    assert pair["meta"] == {"x": 1}


def test_map_overrides_an_alias(cli, store: Path, tmp_path: Path) -> None:
    """`question` exists but the curator says the real question is `rewritten`; the original
    `question` is not lost: it stays in meta."""
    src = write_jsonl(
        tmp_path / "odd.jsonl",
        [{"question": "cap fr?", "rewritten": "What is the capital of France?", "answer": "Paris"}],
    )
    result = cli("import", src, "--map", "question=rewritten")
    assert result.code == 0, result.stderr
    (pair,) = pairs(store)
    assert pair["question"] == "What is the capital of France?"
    assert pair["meta"] == {"question": "cap fr?"}


def test_source_label(cli, store: Path, tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "a.jsonl", QA_RECORDS)
    result = cli("import", src, "--source", "llama-run-7")
    assert result.code == 0, result.stderr
    assert {p["source"] for p in pairs(store)} == {"llama-run-7"}
    assert rows(store, "SELECT source, records, added FROM imports") == [("llama-run-7", 3, 3)]


def test_folder_import_takes_every_data_file(cli, store: Path, tmp_path: Path) -> None:
    """A folder is walked recursively: data files and HF datasets go in; other files are listed
    as skipped; hidden folders are ignored."""
    datasets = pytest.importorskip("datasets")
    folder = tmp_path / "drop"
    (folder / "nested").mkdir(parents=True)
    (folder / ".cache").mkdir()
    write_jsonl(folder / "a.jsonl", QA_RECORDS[:1])
    write_jsonl(folder / "nested" / "b.jsonl", QA_RECORDS[1:2])
    write_jsonl(folder / ".cache" / "c.jsonl", [{"question": "hidden?", "answer": "yes"}])
    datasets.Dataset.from_list(QA_RECORDS[2:]).save_to_disk(str(folder / "nested" / "hf"))
    (folder / "README.txt").write_text("notes about this drop\n")
    result = cli("import", folder, "--json")
    assert result.code == 0, result.stderr
    summary = result.json()
    assert [Path(f["path"]).name for f in summary["files"]] == ["a.jsonl", "b.jsonl", "hf"]
    assert [Path(p).name for p in summary["skipped"]] == ["README.txt"]
    assert count(store, "pairs") == 3
    assert sorted(p["source"] for p in pairs(store)) == ["a", "b", "hf"]


def test_multiple_files_in_one_command(cli, store: Path, tmp_path: Path) -> None:
    a = write_jsonl(tmp_path / "a.jsonl", QA_RECORDS[:2])
    b = write_jsonl(tmp_path / "b.jsonl", QA_RECORDS[1:])
    result = cli("import", a, b, "--json")
    assert result.code == 0, result.stderr
    summary = result.json()
    assert [(f["added"], f["duplicates"]) for f in summary["files"]] == [(2, 0), (1, 1)]
    assert count(store, "pairs") == 3 and count(store, "imports") == 2


def test_reimport_adds_nothing_and_says_so(cli, store: Path, tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "a.jsonl", QA_RECORDS)
    assert cli("import", src).code == 0
    ids = rows(store, "SELECT id FROM pairs ORDER BY id")
    again = cli("import", src)
    assert again.code == 0
    assert "0 pairs added, 3 already in the store" in again.stdout
    assert rows(store, "SELECT id FROM pairs ORDER BY id") == ids
    assert count(store, "contexts") == 2


def test_pair_id_ignores_whitespace_but_not_content(cli, store: Path, tmp_path: Path) -> None:
    """Ids hash normalised text: re-wrapped whitespace is the same pair, a changed answer is not."""
    a = write_jsonl(
        tmp_path / "a.jsonl", [{"context": CTX_PARIS, "question": "Capital?", "answer": "Paris"}]
    )
    b = write_jsonl(
        tmp_path / "b.jsonl",
        [
            {
                "context": "  Paris is the   capital\nof France. ",
                "question": "Capital? ",
                "answer": "Paris",
            },
            {"context": CTX_PARIS, "question": "Capital?", "answer": "Paris, France"},
        ],
    )
    assert cli("import", a).code == 0
    result = cli("import", b, "--json")
    assert result.json()["added"] == 1 and result.json()["duplicates"] == 1
    assert count(store, "contexts") == 1
    assert count(store, "pairs") == 2


def test_ids_match_the_sql_macros(cli, store: Path, tmp_path: Path) -> None:
    """Stable ids: the stored id is the documented content hash, so other tools can recompute it."""
    src = write_jsonl(tmp_path / "a.jsonl", QA_RECORDS[:1])
    assert cli("import", src).code == 0
    ((pid, cid, expect_pid, expect_cid),) = rows(
        store,
        "SELECT p.id, p.context_id, wb_pair_id(c.text, p.question, p.answer), wb_context_id(c.text) "
        "FROM pairs p JOIN contexts c USING (context_id)",
    )
    assert (pid, cid) == (expect_pid, expect_cid)
    assert len(pid) == 16


def test_doc_id_without_a_context_stays_in_meta(cli, store: Path, tmp_path: Path) -> None:
    """Doc id and chunk are stored on the context; a pair that has none must not lose them, so
    they stay in its meta (with a context they move to the context and leave meta)."""
    src = write_jsonl(
        tmp_path / "a.jsonl",
        [
            {"question": "Q1?", "answer": "A1", "doc_id": "d9", "chunk_id": 4, "model": "m"},
            {"question": "Q2?", "answer": "A2", "context": "  ", "doc_id": "d8"},
            {"question": "Q3?", "answer": "A3", "context": CTX_ROME, "doc_id": "d7", "chunk_id": 0},
            {"question": "Q4?", "answer": "A4", "doc_id": "", "chunk_id": None},
        ],
    )
    assert cli("import", src).code == 0
    got = pairs(store)
    assert got[0]["meta"] == {"model": "m", "doc_id": "d9", "chunk_id": 4}
    assert got[1]["meta"] == {"doc_id": "d8"}
    assert got[2]["meta"] is None and (got[2]["doc_id"], got[2]["chunk"]) == ("d7", "0")
    assert got[3]["meta"] is None
