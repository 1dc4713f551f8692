"""`workbench flags`, `workbench check` (the CI gate) and `workbench evalset` through the real CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_jsonl

CONTEXT = (
    "The Peace of Westphalia was signed in 1648 in Osnabrück and Münster. It ended the Thirty "
    "Years' War, which had begun in 1618 with the Defenestration of Prague."
)
PAIRS = [
    ("In what year was the Peace of Westphalia signed in Osnabrück and Münster?", "1648"),
    (
        "Which war did the Peace of Westphalia end after thirty years of fighting?",
        "the Thirty Years' War",
    ),
    ("What event in 1618 started the Thirty Years' War?", "the Defenestration of Prague"),
    ("Where can I write for a copy of the treaty?", "jane.doe@example.org"),
    ("Which city hosted the Catholic powers?", "N/A"),
    ("When did the war begin?", "1618"),
    ("Who mediated the talks?", "the Pope"),
    ("How long did the war last?", "thirty years"),
    ("What did the treaty end?", "the Thirty Years' War"),
    ("Which cities hosted the talks?", "Osnabrück and Münster"),
]


@pytest.fixture
def imported(cli, tmp_path: Path) -> None:
    rows = [{"context": CONTEXT, "question": q, "answer": a} for q, a in PAIRS]
    assert cli("import", write_jsonl(tmp_path / "p.jsonl", rows)).code == 0


def test_flags_counts_and_listing(cli, imported) -> None:
    assert cli("flags").stdout.startswith("no flags")
    assert cli("analyze", "--only", "flags").code == 0
    counts = {r["code"]: r for r in cli("flags", "--json").json()}
    assert counts["pii"]["pairs"] == 1 and counts["pii"]["severity"] == "error"
    listed = cli("flags", "--code", "pii", "--json").json()
    assert len(listed) == 1 and listed[0]["answer"] == "jane.doe@example.org"
    assert listed[0]["evidence"]["matches"][0]["kind"] == "email"
    text = cli("flags", "--code", "pii").stdout
    assert "PII in answer: email" in text and "evidence:" in text
    assert "no pairs flagged" in cli("flags", "--code", "garbage_text").stdout
    unknown = cli("flags", "--code", "piii")
    assert unknown.code == 1 and "no flag code 'piii'" in unknown.stderr


def test_check_passes_and_fails_on_rates(cli, imported, tmp_path: Path) -> None:
    ok = cli("check", "--max-rate", "pii=0.2", "--json")
    assert ok.code == 0, ok.stderr
    data = ok.json()
    assert data["pairs"] == 10 and data["failed"] == []
    pii = next(r for r in data["rates"] if r["code"] == "pii")
    assert pii == {"code": "pii", "pairs": 1, "rate": 0.1, "max_rate": 0.2, "breached": False}
    failed = cli("check", "--max-rate", "pii=0.05", "--max-rate", "empty_field=0.5")
    assert failed.code == 1 and "check failed" in failed.stderr and "pii" in failed.stderr
    assert "FAIL" in failed.stdout
    rules = tmp_path / "rules.toml"
    rules.write_text(
        '[[rule]]\ncode = "numeric_answer"\nsql = "regexp_matches(answer, \'^[0-9]+$\')"\nmax_rate = 0.1\n'
    )
    gated = cli("check", "--rules", rules, "--json")
    assert gated.code == 1 and gated.json()["failed"] == ["numeric_answer"]  # 2 of 10 > 0.1
    assert cli("check", "--rules", rules, "--max-rate", "numeric_answer=0.3").code == 0


def test_check_over_a_subset_and_mistakes(cli, imported) -> None:
    made = cli("subset", "create", "numbers", "--where", "regexp_matches(answer, '^[0-9]+$')")
    assert made.code == 0, made.stderr
    data = cli("check", "--subset", "numbers", "--max-rate", "pii=0", "--json").json()
    assert data["pairs"] == 2 and data["failed"] == []
    for bad, expected in (
        ("pii", "expected CODE=RATE"),
        ("pii=2", "expected CODE=RATE"),
        ("nope=0.1", "--max-rate nope: no such rule"),
    ):
        result = cli("check", "--max-rate", bad)
        assert result.code == 1 and expected in result.stderr
    missing = cli("check", "--subset", "ghost")
    assert missing.code == 1 and "no subset 'ghost'" in missing.stderr


def test_evalset_add_list_and_contamination(cli, store: Path, imported, tmp_path: Path) -> None:
    items = write_jsonl(
        tmp_path / "eval.jsonl",
        [
            # Long enough for 13-grams: the training pair repeats it word for word.
            {
                "id": "ev-1",
                "question": "Which war did the Peace of Westphalia end after thirty years of fighting?",
                "answer": "the Thirty Years' War",
            },
            # A lightly edited copy: most of its 3-grams, and the answers agree.
            {
                "id": "ev-2",
                "question": "What event in 1618 started the war?",
                "answer": "the defenestration",
            },
            # Same phrasing, another answer: common wording alone is not a leak.
            {"id": "ev-4", "question": "When did the war begin?", "answer": "1620"},
            # Nothing like any pair.
            {"id": "ev-3", "question": "Who painted the Night Watch?", "answer": "Rembrandt"},
        ],
    )
    assert cli("analyze", "--only", "flags").code == 0
    added = cli("evalset", "add", items, "--json")
    assert added.code == 0, added.stderr
    assert added.json()["added"] == 4
    assert cli("evalset", "add", items, "--json").json() == {
        "items": 4,
        "added": 0,
        "replaced": 4,
        "problems": 0,
        "first_problems": [],
    }
    listing = cli("evalset", "list", "--json").json()
    assert listing[0]["source"] == "eval" and listing[0]["items"] == 4
    report = cli("analyze", "--only", "flags", "--json").json()["stages"]["flags"]["stages"]
    assert report["flags"]["pending"] == 0 and report["flags_eval"]["pending"] == 10
    hits = cli("flags", "--code", "eval_contamination", "--json").json()
    by_item = {h["evidence"]["eval_id"]: h["evidence"] for h in hits}
    assert set(by_item) == {"ev-1", "ev-2"}
    long = by_item["ev-1"]
    assert long["method"] == "shared n-gram" and long["n"] == 13 and long["shared"] >= 1
    assert len(long["ngram"].split()) == 13 and 0 < long["score"] <= 1
    near = by_item["ev-2"]
    assert near["method"] == "3-gram overlap" and near["score"] >= near["threshold"] == 0.6


def test_evalset_short_items_need_agreeing_answers(cli, imported, tmp_path: Path) -> None:
    extra = [
        {"context": CONTEXT, "question": "Who won?", "answer": "Sweden"},
        {"context": CONTEXT, "question": "Who won the war in the end?", "answer": "Sweden"},
    ]
    assert cli("import", write_jsonl(tmp_path / "more.jsonl", extra)).code == 0
    items = write_jsonl(
        tmp_path / "short.jsonl",
        [
            {"id": "s-1", "question": "When did the war begin?", "answer": "1618"},
            {
                "id": "s-2",
                "question": "What did the treaty end?",
                "answer": "the Thirty Years' War",
            },
            {"id": "s-3", "question": "who won", "answer": "Sweden!"},
            {"id": "s-4", "question": "Who won?", "answer": "Spain"},
        ],
    )
    assert cli("evalset", "add", items).code == 0
    assert cli("analyze", "--only", "flags").code == 0
    hits = cli("flags", "--code", "eval_contamination", "--json").json()
    found = {(h["question"], h["answer"]): h["evidence"] for h in hits}
    assert set(found) == {
        ("When did the war begin?", "1618"),
        ("What did the treaty end?", "the Thirty Years' War"),
        ("Who won?", "Sweden"),
    }
    for evidence in found.values():
        assert evidence["method"] == "3-gram overlap" and evidence["score"] == 1.0
    assert found[("Who won?", "Sweden")]["eval_id"] == "s-3"


def test_evalset_bad_file(cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"question": "Q?", "answer": "A"}\n{broken\n', encoding="utf-8")
    result = cli("evalset", "add", bad)
    assert result.code == 1 and "1 eval items" in result.stdout and "skipped" in result.stderr
    assert cli("evalset", "add", tmp_path / "none.jsonl").code == 1
