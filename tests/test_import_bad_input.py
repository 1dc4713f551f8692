"""Bad input: valid rows go in, every bad one is kept with file, line, field, raw text and message.

The command exits 1 whenever something was rejected, and says what in a few plain lines; a user
mistake (a path that does not exist, an unknown option value) is one line and never a traceback.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.conftest import write_jsonl

GOOD = {"context": "Paris is the capital of France.", "question": "Capital?", "answer": "Paris"}


def rows(store: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute(sql).fetchall()


def count(store: Path, table: str) -> int:
    return rows(store, f"SELECT count(*) FROM {table}")[0][0]


def errors(store: Path) -> list[dict[str, Any]]:
    names = ("file", "line", "location", "field", "message", "raw")
    cur = rows(
        store,
        f"SELECT {', '.join(names)} FROM import_errors ORDER BY import_id, line NULLS FIRST, location",
    )
    return [dict(zip(names, r, strict=True)) for r in cur]


def good(i: int) -> dict[str, Any]:
    return {**GOOD, "question": f"Question {i}?", "answer": f"Answer {i}"}


def one_line(stderr: str) -> str:
    """The single line a user mistake prints."""
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    return lines[0]


def test_malformed_lines_are_kept_and_the_rest_goes_in(cli, store: Path, tmp_path: Path) -> None:
    src = write_jsonl(
        tmp_path / "mixed.jsonl",
        [
            good(1),
            '{"question": "broken", "answer": ',
            good(3),
            '["a", "list"]',
            "not json at all",
            good(6),
        ],
    )
    result = cli("import", src)
    assert result.code == 1
    assert count(store, "pairs") == 3
    errs = errors(store)
    assert [(e["line"], e["location"]) for e in errs] == [
        (2, "line 2"),
        (4, "line 4"),
        (5, "line 5"),
    ]
    assert errs[0]["raw"] == '{"question": "broken", "answer":'
    assert errs[0]["message"].startswith("invalid JSON: ")
    assert errs[1]["message"] == "expected a JSON object, got a list"
    assert errs[1]["raw"] == '["a", "list"]'
    assert errs[2]["raw"] == "not json at all"
    assert {e["file"] for e in errs} == {str(src)}
    assert "3 pairs added" in result.stdout
    assert "3 record(s) rejected" in result.stderr
    assert f"{src}: line 2: invalid JSON" in result.stderr
    assert "Traceback" not in result.stderr
    ((records, added, n_errors),) = rows(store, "SELECT records, added, errors FROM imports")
    assert (records, added, n_errors) == (6, 3, 3)


def test_errors_command_lists_what_was_rejected(cli, store: Path, tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "a.jsonl", [good(1), "{oops"])
    assert cli("import", src).code == 1
    listed = cli("errors", "--json")
    assert listed.code == 0
    (row,) = listed.json()
    assert (row["line"], row["raw"]) == (2, "{oops")


def test_blank_lines_are_skipped_and_line_numbers_stay_true(
    cli, store: Path, tmp_path: Path
) -> None:
    src = tmp_path / "gaps.jsonl"
    src.write_text(
        "\n" + json.dumps(good(1)) + "\n\n   \n" + json.dumps(good(2)) + "\n\n{bad\n\n",
        encoding="utf-8",
    )
    result = cli("import", src)
    assert result.code == 1
    assert count(store, "pairs") == 2
    (error,) = errors(store)
    assert error["line"] == 7 and error["raw"] == "{bad"


@pytest.mark.parametrize(
    ("suffix", "body"),
    [
        (".jsonl", json.dumps(GOOD) + "\n"),
        (".json", json.dumps([GOOD])),
        (".csv", "context,question,answer\n" + ",".join(GOOD.values()) + "\n"),
    ],
)
@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_byte_order_marks(
    cli, store: Path, tmp_path: Path, suffix: str, body: str, encoding: str
) -> None:
    """A UTF-8 BOM (Excel, Notepad) or a UTF-16 file with its BOM reads as if it were plain UTF-8;
    the BOM never ends up in the first field name or value."""
    src = tmp_path / f"bom{suffix}"
    src.write_bytes(body.encode(encoding))
    assert src.read_bytes()[:2] in (b"\xef\xbb", b"\xff\xfe", b"\xfe\xff")
    result = cli("import", src)
    assert result.code == 0, result.stderr
    assert rows(store, "SELECT question, answer, meta FROM pairs") == [("Capital?", "Paris", None)]
    assert rows(store, "SELECT text FROM contexts") == [(GOOD["context"],)]


def test_utf16_squad_detected(cli, store: Path, tmp_path: Path) -> None:
    doc = {
        "data": [
            {
                "title": "T",
                "paragraphs": [
                    {
                        "context": "C.",
                        "qas": [{"id": "1", "question": "Q?", "answers": [{"text": "A"}]}],
                    }
                ],
            }
        ]
    }
    src = tmp_path / "squad.json"
    src.write_bytes(json.dumps(doc, indent=1).encode("utf-16"))
    result = cli("import", src, "--json")
    assert result.code == 0, result.stderr
    assert result.json()["files"][0]["format"] == "squad"


def latin1_jsonl(tmp_path: Path) -> Path:
    src = tmp_path / "latin1.jsonl"
    lines = [
        json.dumps(good(1)),
        json.dumps(
            {**GOOD, "question": "Où est la tour?", "answer": "À Paris"}, ensure_ascii=False
        ),
        json.dumps(good(3)),
        json.dumps({**GOOD, "question": "Café?", "answer": "Oui"}, ensure_ascii=False),
    ]
    src.write_bytes(("\n".join(lines) + "\n").encode("latin-1"))
    return src


def test_wrong_encoding_is_an_error_per_line(cli, store: Path, tmp_path: Path) -> None:
    """Latin-1 bytes in a UTF-8 read: each such line is refused naming its line and byte, and
    its raw text is kept (bytes escaped) so nothing is lost; the clean lines go in."""
    src = latin1_jsonl(tmp_path)
    result = cli("import", src)
    assert result.code == 1
    assert count(store, "pairs") == 2
    errs = errors(store)
    assert [e["line"] for e in errs] == [2, 4]
    assert errs[0]["message"].startswith("not valid utf-8 (byte 0xf9 at column ")
    assert "--encoding" in errs[0]["message"]
    assert "O\\xf9 est la tour?" in errs[0]["raw"]
    assert "line 2: not valid utf-8" in result.stderr


def test_encoding_option_reads_latin1(cli, store: Path, tmp_path: Path) -> None:
    src = latin1_jsonl(tmp_path)
    result = cli("import", src, "--encoding", "latin-1")
    assert result.code == 0, result.stderr
    questions = {q for (q,) in rows(store, "SELECT question FROM pairs")}
    assert questions == {"Question 1?", "Où est la tour?", "Question 3?", "Café?"}


def test_wrong_encoding_in_csv_names_the_field(cli, store: Path, tmp_path: Path) -> None:
    src = tmp_path / "latin1.csv"
    src.write_bytes("question,answer\nCapital?,Paris\nCafé?,Oui\n".encode("latin-1"))
    result = cli("import", src)
    assert result.code == 1
    (error,) = errors(store)
    assert (error["line"], error["field"]) == (3, "question")
    assert "not valid utf-8" in error["message"]
    assert error["raw"] == "Caf\\xe9?,Oui"
    assert cli("import", src, "--encoding", "latin-1").code == 0
    assert {q for (q,) in rows(store, "SELECT question FROM pairs")} == {"Capital?", "Café?"}


def test_unknown_encoding_is_one_line(cli, store: Path, tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "a.jsonl", [GOOD])
    result = cli("import", src, "--encoding", "klingon")
    assert result.code == 1
    assert "unknown encoding 'klingon'" in one_line(result.stderr)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.jsonl", b""),
        ("blank.jsonl", b"\n \n\t\n"),
        ("empty.json", b""),
        ("empty_array.json", b"[ ]"),
        ("header_only.csv", b"question,answer\n"),
        ("empty.csv", b""),
    ],
)
def test_empty_file_is_reported(
    cli, store: Path, tmp_path: Path, name: str, content: bytes
) -> None:
    """An empty file imports nothing and says so: a curator expecting pairs wants to know."""
    src = tmp_path / name
    src.write_bytes(content)
    result = cli("import", src)
    assert result.code == 1
    assert count(store, "pairs") == 0
    (error,) = errors(store)
    assert error["location"] == "file"
    assert error["message"] == "the file holds no records (empty)"
    assert "Traceback" not in result.stderr


def test_missing_and_wrong_typed_fields(cli, store: Path, tmp_path: Path) -> None:
    """Blank question or answer counts as missing; an answerable pair needs a real answer."""
    src = write_jsonl(
        tmp_path / "fields.jsonl",
        [
            good(1),
            {"context": "C", "answer": "no question here", "question_id": 7},
            {"context": "C", "question": "No answer?"},
            {"context": "C", "question": None, "answer": "A"},
            {"context": "C", "question": {"text": "nested"}, "answer": "A"},
            {"context": "C", "question": "   ", "answer": "A"},
            {"context": "C", "question": "Blank answer?", "answer": ""},
            {"context": "C", "question": "Unanswerable?", "answer": "", "answerable": False},
            {"context": "C", "question": "Numeric answer?", "answer": 42},
        ],
    )
    result = cli("import", src)
    assert result.code == 1
    # Blank text is present, not missing: it goes in, and the empty_field flag reports it.
    assert rows(store, "SELECT question, answer, answerable FROM pairs ORDER BY seq") == [
        ("Question 1?", "Answer 1", True),
        ("   ", "A", True),
        ("Blank answer?", "", True),
        ("Unanswerable?", "", False),
        ("Numeric answer?", "42", True),
    ]
    got = [(e["line"], e["field"], e["message"]) for e in errors(store)]
    assert got == [
        (2, "question", "missing required field 'question'"),
        (3, "answer", "missing required field 'answer'"),
        (4, "question", "missing required field 'question'"),
        (5, "question", "field 'question' must be text, got an object"),
    ]
    raw = json.loads(errors(store)[0]["raw"])
    assert raw == {"context": "C", "answer": "no question here", "question_id": 7}


def test_csv_blank_answer_cell_and_answerable_column(cli, store: Path, tmp_path: Path) -> None:
    src = tmp_path / "t.csv"
    src.write_text("question,answer,answerable\nQ1?,A1,true\nQ2?,,false\nQ3?,,\n")
    result = cli("import", src)
    assert result.code == 0
    assert rows(store, "SELECT question, answer, answerable FROM pairs ORDER BY seq") == [
        ("Q1?", "A1", True),
        ("Q2?", "", False),
        ("Q3?", "", True),
    ]
    assert errors(store) == []


def test_ten_megabyte_field_is_refused_fast(cli, store: Path, tmp_path: Path) -> None:
    """A runaway 10 MB context is refused with its size and the limit, its record kept whole in
    `import_errors`; the small records beside it go in."""
    huge = "x" * 10_000_000
    src = write_jsonl(
        tmp_path / "huge.jsonl",
        [good(1), {"context": huge, "question": "Q?", "answer": "A", "model": "m"}, good(3)],
    )
    started = time.perf_counter()
    result = cli("import", src)
    elapsed = time.perf_counter() - started
    assert result.code == 1
    assert elapsed < 10
    assert count(store, "pairs") == 2
    (error,) = errors(store)
    assert (error["line"], error["field"]) == (2, "context")
    assert error["message"] == (
        "field 'context' is 10,000,000 characters, over the 1,000,000 limit "
        "(raise it with --max-field-chars)"
    )
    assert json.loads(error["raw"]) == {
        "context": huge,
        "question": "Q?",
        "answer": "A",
        "model": "m",
    }


def test_huge_meta_field_and_raised_limit(cli, store: Path, tmp_path: Path) -> None:
    """The limit covers the extra fields too (they are stored in meta); raising it lets them in."""
    src = write_jsonl(tmp_path / "big_meta.jsonl", [{**GOOD, "log": "y" * 2_000_000}])
    result = cli("import", src)
    assert result.code == 1
    (error,) = errors(store)
    assert error["field"] == "log"
    assert error["message"].startswith("field 'log' is 2,000,002 characters")
    assert cli("import", src, "--max-field-chars", "3000000").code == 0
    assert count(store, "pairs") == 1


def test_deeply_nested_extra_field_is_kept(cli, store: Path, tmp_path: Path) -> None:
    """An extra field nested deeper than orjson writes (254 levels) once stopped the import
    with a traceback; the pair goes in with its meta written by the json fallback."""
    deep: dict[str, Any] = {}
    inner = deep
    for _ in range(300):
        inner["k"] = {}
        inner = inner["k"]
    src = write_jsonl(tmp_path / "deep.jsonl", [{**GOOD, "x": deep}, good(2)])
    result = cli("import", src)
    assert result.code == 0, result.stderr
    ((meta,),) = rows(store, "SELECT meta FROM pairs WHERE question = 'Capital?'")
    assert json.loads(meta) == {"x": deep}
    assert count(store, "pairs") == 2


def test_ten_megabyte_csv_cell(cli, store: Path, tmp_path: Path) -> None:
    src = tmp_path / "huge.csv"
    src.write_text(f"question,answer\nQ1?,A1\nQ2?,{'z' * 10_000_000}\nQ3?,A3\n")
    result = cli("import", src)
    assert result.code == 1
    assert count(store, "pairs") == 2
    (error,) = errors(store)
    assert (error["line"], error["field"]) == (3, "answer")
    assert "10,000,000 characters" in error["message"]


def test_csv_embedded_newlines_keep_true_line_numbers(cli, store: Path, tmp_path: Path) -> None:
    """Quoted cells may span lines; a later bad row is reported at the line it starts on."""
    src = tmp_path / "multi.csv"
    src.write_text(
        "question,answer,notes\n"  # line 1
        '"Line one\nline two?","An answer\nthat spans\nthree lines",ok\n'  # lines 2-5
        "Plain?,Plain,\n"  # line 6
        "Too,many,cells,here\n"  # line 7
        '"Another\r\nmulti",A,\n'  # lines 8-9
        "short\n",  # line 10
        newline="",
    )
    result = cli("import", src)
    assert result.code == 1
    got = rows(store, "SELECT question, answer FROM pairs ORDER BY seq")
    assert got == [
        ("Line one\nline two?", "An answer\nthat spans\nthree lines"),
        ("Plain?", "Plain"),
        ("Another\r\nmulti", "A"),
    ]
    errs = errors(store)
    assert [(e["line"], e["message"]) for e in errs] == [
        (7, "expected 3 fields (as in the header), found 4"),
        (10, "expected 3 fields (as in the header), found 1"),
    ]
    assert errs[0]["raw"] == "Too,many,cells,here"


def test_csv_duplicate_header_keeps_both_columns(cli, store: Path, tmp_path: Path) -> None:
    src = tmp_path / "dup.csv"
    src.write_text("question,answer,note,note,\nQ?,A,first,second,third\n")
    assert cli("import", src).code == 0
    ((meta,),) = rows(store, "SELECT meta FROM pairs")
    assert json.loads(meta) == {"note": "first", "note.1": "second", "column_5": "third"}


def test_json_array_with_a_broken_element_keeps_the_rest(cli, store: Path, tmp_path: Path) -> None:
    src = tmp_path / "arr.json"
    src.write_text(
        "[\n"
        + json.dumps(good(1))
        + ",\n"
        + '{"question": "Broken?" "answer": "x"},\n'
        + json.dumps(good(3))
        + ",\n"
        + '"just a string"\n'
        + "]\n"
    )
    result = cli("import", src)
    assert result.code == 1
    assert count(store, "pairs") == 2
    errs = errors(store)
    assert [(e["line"], e["location"]) for e in errs] == [(3, "item 2"), (5, "item 4")]
    assert errs[0]["raw"] == '{"question": "Broken?" "answer": "x"}'
    assert errs[1]["message"] == "expected a JSON object, got str"


def test_truncated_json_array_keeps_complete_elements(cli, store: Path, tmp_path: Path) -> None:
    src = tmp_path / "cut.json"
    src.write_text(
        "[" + json.dumps(good(1)) + ", " + json.dumps(good(2)) + ', {"question": "Q3", "ans'
    )
    result = cli("import", src)
    assert result.code == 1
    assert count(store, "pairs") == 2
    (error,) = errors(store)
    assert error["raw"] == '{"question": "Q3", "ans'
    assert "truncated" in error["message"]


def test_strict_imports_nothing_when_any_row_is_bad(cli, store: Path, tmp_path: Path) -> None:
    """--strict: all or nothing across every file of the command, errors included; the one line
    names the first bad record."""
    ok = write_jsonl(tmp_path / "ok.jsonl", [good(1), good(2)])
    bad = write_jsonl(tmp_path / "bad.jsonl", [good(3), "{nope"])
    result = cli("import", ok, bad, "--strict")
    assert result.code == 1
    line = one_line(result.stderr)
    assert line == f"error: --strict: nothing imported: 1 bad record(s); first: {bad}: line 2: " + (
        "invalid JSON: " + line.split("invalid JSON: ", 1)[1]
    )
    assert not store.exists(), "a store created by a failed command is not left behind"
    assert cli("import", ok).code == 0
    assert cli("import", bad, "--strict").code == 1
    for table, expected in (("pairs", 2), ("contexts", 1), ("imports", 1), ("import_errors", 0)):
        assert count(store, table) == expected, table
    clean = cli("import", ok, "--strict")
    assert clean.code == 0
    assert count(store, "pairs") == 2 and count(store, "imports") == 2


def test_strict_keeps_an_earlier_import(cli, store: Path, tmp_path: Path) -> None:
    assert cli("import", write_jsonl(tmp_path / "first.jsonl", [good(1)])).code == 0
    bad = write_jsonl(tmp_path / "bad.jsonl", [good(2), {"question": "no answer"}])
    assert cli("import", bad, "--strict").code == 1
    assert count(store, "pairs") == 1 and count(store, "imports") == 1


def test_unknown_format_file_is_reported_clearly(cli, store: Path, tmp_path: Path) -> None:
    """A file named .txt with prose in it: the command says it cannot tell, and how to fix it."""
    src = tmp_path / "notes.txt"
    src.write_text("These are my notes about the dataset.\n")
    result = cli("import", src)
    assert result.code == 1
    assert "Traceback" not in result.stderr
    assert (
        f"file rejected: {src}: cannot tell the format from the name or the first bytes; "
        "pass --format" in result.stderr
    )
    assert count(store, "pairs") == 0
    (error,) = errors(store)
    assert error["location"] == "file" and "pass --format" in error["message"]


def test_txt_holding_json_lines_is_detected(cli, store: Path, tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "pairs.txt", [good(1), good(2)])
    result = cli("import", src)
    assert result.code == 0, result.stderr
    assert count(store, "pairs") == 2


def test_mixed_chat_and_qa_records_are_ambiguous(cli, store: Path, tmp_path: Path) -> None:
    """Half chat, half flat QA: refuse to guess, name both shapes with counts, suggest --format;
    with --format the other shape's records become per-line errors."""
    chat = {
        "messages": [{"role": "user", "content": "Hi?"}, {"role": "assistant", "content": "Hello"}]
    }
    chat2 = {
        "messages": [{"role": "user", "content": "Bye?"}, {"role": "assistant", "content": "Bye"}]
    }
    src = write_jsonl(tmp_path / "mixed.jsonl", [chat, good(1), chat2, good(2), good(3)])
    result = cli("import", src)
    assert result.code == 1
    assert "Traceback" not in result.stderr
    expected = (
        "records have mixed shapes: qa (3 records), messages (2 records); pass --format SHAPE"
    )
    assert expected in result.stderr
    assert count(store, "pairs") == 0
    forced = cli("import", src, "--format", "messages")
    assert forced.code == 1
    assert count(store, "pairs") == 2
    assert [e["line"] for e in errors(store) if e["line"] is not None] == [2, 4, 5]


def test_unrecognised_fields_ask_for_map(cli, store: Path, tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "odd.jsonl", [{"prompt_x": "Q?", "gold": "A"}])
    result = cli("import", src)
    assert result.code == 1
    assert "cannot tell which fields hold the question and answer (fields: gold, prompt_x)" in (
        result.stderr
    )
    assert "--map question=FIELD" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.jsonl"], "missing.jsonl: no such file or folder"),
        (["{src}", "--format", "xml"], "unknown format 'xml'"),
        (["{src}", "--map", "question"], "--map question: expected FIELD=COLUMN"),
        (["{src}", "--map", "title=x"], "--map title=x: unknown field 'title'"),
        (["{src}", "--map", "question=nope"], "--map question=nope: no field 'nope'"),
        (["{empty_dir}"], "no data files found"),
        (["{src}", "--max-field-chars", "-1"], "--max-field-chars -1: must be at least 1"),
    ],
)
def test_user_mistakes_print_one_line(
    cli, store: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    src = write_jsonl(tmp_path / "a.jsonl", [GOOD])
    (tmp_path / "empty_dir").mkdir()
    filled = [a.format(src=src, empty_dir=tmp_path / "empty_dir") for a in args]
    result = (
        cli("import", *filled) if args[0] != "missing.jsonl" else cli("import", tmp_path / args[0])
    )
    assert result.code != 0
    assert message in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_user_mistakes_leave_no_store_behind(cli, store: Path, tmp_path: Path) -> None:
    result = cli("import", tmp_path / "typo.jsonl")
    assert result.code == 1
    assert one_line(result.stderr).startswith("error: ")
    assert not store.exists()
