"""User rules from a TOML file: regex and SQL rules run beside the built-ins, and every mistake in
the file is one clear line naming the rule."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from tests.conftest import write_jsonl

CONTEXT = "Paris is the capital of France. Wikipedia lists its population as 2.1 million."

RULES = """
[[rule]]
code = "cites_wikipedia"
severity = "info"
message = "mentions Wikipedia"
field = "answer"
regex = "(?i)wikipedia"

[[rule]]
code = "short_answer"
severity = "warning"
message = "answer under 3 characters"
sql = "length(answer) < 3"
max_rate = 0.9
"""


@pytest.fixture
def loaded(cli, tmp_path: Path) -> Path:
    rows = [
        {"context": CONTEXT, "question": "What is the capital of France?", "answer": "Paris"},
        {"context": CONTEXT, "question": "Which site lists the population?", "answer": "Wikipedia"},
        {"context": CONTEXT, "question": "How many millions live in Paris?", "answer": "2.1"},
        {"context": CONTEXT, "question": "Which country has Paris as capital?", "answer": "France"},
        {"context": CONTEXT, "question": "What is 'FR' short for here?", "answer": "FR"},
    ]
    assert cli("import", write_jsonl(tmp_path / "p.jsonl", rows)).code == 0
    path = tmp_path / "rules.toml"
    path.write_text(RULES, encoding="utf-8")
    return path


def user_flags(store: Path) -> list[tuple[str, str, str, dict]]:
    with duckdb.connect(str(store), read_only=True) as con:
        rows = con.execute(
            "SELECT c.answer, f.code, f.severity, f.evidence::VARCHAR FROM flags f "
            "JOIN pairs c ON c.id = f.pair_id WHERE f.rule_version LIKE 'user:%' ORDER BY 2, 1"
        ).fetchall()
    return [(a, code, sev, json.loads(ev)) for a, code, sev, ev in rows]


def test_regex_and_sql_rules_flag_with_evidence(cli, store: Path, loaded: Path) -> None:
    result = cli("analyze", "--only", "flags", "--rules", loaded, "--json")
    assert result.code == 0, result.stderr
    found = user_flags(store)
    assert [(a, c, s) for a, c, s, _ in found] == [
        ("Wikipedia", "cites_wikipedia", "info"),
        ("FR", "short_answer", "warning"),
    ]
    regex_ev, sql_ev = found[0][3], found[1][3]
    assert regex_ev == {
        "field": "answer",
        "regex": "(?i)wikipedia",
        "matched": "Wikipedia",
        "offset": 0,
    }
    assert sql_ev == {"sql": "length(answer) < 3"}
    again = cli("analyze", "--only", "flags", "--rules", loaded, "--json").json()
    assert again["stages"]["flags"]["stages"]["flags_user"]["pending"] == 0
    # The same rules show in the explanation the TUI and help use.
    explained = cli("flags", "--explain", "--rules", loaded, "--json").json()
    assert {"cites_wikipedia", "short_answer", "pii"} <= {r["code"] for r in explained}


def test_removing_a_rule_removes_its_flags(cli, store: Path, loaded: Path) -> None:
    assert cli("analyze", "--only", "flags", "--rules", loaded).code == 0
    loaded.write_text(RULES.split("[[rule]]")[0] + "[[rule]]" + RULES.split("[[rule]]")[1])
    assert cli("analyze", "--only", "flags", "--rules", loaded).code == 0
    assert [c for _, c, _, _ in user_flags(store)] == ["cites_wikipedia"]


def test_builtins_keep_running_without_the_rules_file(cli, store: Path, loaded: Path) -> None:
    assert cli("analyze", "--only", "flags", "--rules", loaded).code == 0
    assert cli("analyze", "--only", "flags").code == 0
    assert len(user_flags(store)) == 2  # not given this time: left as they were


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('code = "r1"\nfield = "answr"\nregex = "x"', "rule 'r1': unknown field 'answr'"),
        (
            'code = "r1"\nfield = "answer"\nregex = "(unclosed"',
            "rule 'r1': invalid regex '(unclosed'",
        ),
        ('code = "r1"\nsql = "lenght(answer) > 3"', "rule 'r1': bad SQL predicate"),
        ('code = "r1"\nsql = "no_such_column > 3"', "rule 'r1': bad SQL predicate"),
        ('code = "r1"\nsql = "1=1; DROP TABLE pairs"', "rule 'r1': bad SQL predicate"),
        ('code = "r1"\nseverity = "fatal"\nsql = "true"', "rule 'r1': unknown severity 'fatal'"),
        ('code = "r1"\nsql = "true"\nregexp = "x"', "rule 'r1': unknown key 'regexp'"),
        ('code = "r1"\nsql = "true"\nregex = "x"\nfield = "answer"', "rule 'r1': give exactly one"),
        ('code = "r1"', "rule 'r1': give exactly one of 'regex' or 'sql'"),
        ('code = "pii"\nsql = "true"', "rule 'pii': this code belongs to a built-in rule"),
        ('code = "Bad Code"\nsql = "true"', "rule #1: 'code' must be lower-case"),
        ('code = "r1"\nsql = "true"\nmax_rate = 2', "rule 'r1': 'max_rate' must be a number"),
    ],
)
def test_bad_rule_is_one_line_naming_it(cli, loaded: Path, body: str, expected: str) -> None:
    loaded.write_text(f"[[rule]]\n{body}\n", encoding="utf-8")
    for command in (("analyze", "--only", "flags"), ("check",)):
        result = cli(*command, "--rules", loaded)
        assert result.code == 1
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and expected in lines[0], result.stderr
        assert "Traceback" not in result.stderr


def test_file_level_mistakes(cli, loaded: Path, tmp_path: Path) -> None:
    loaded.write_text('[[rule]]\ncode = "a"\nsql = "true"\n[[rule]]\ncode = "a"\nsql = "true"\n')
    assert "rule 'a': the code is used twice" in cli("check", "--rules", loaded).stderr
    loaded.write_text("[[rule]\ncode = 1\n")
    bad_toml = cli("check", "--rules", loaded)
    assert bad_toml.code == 1 and f"rules {loaded}:" in bad_toml.stderr
    missing = cli("check", "--rules", tmp_path / "nope.toml")
    assert missing.code == 1 and "nope.toml" in missing.stderr


def test_sql_failing_at_run_time_names_the_rule(cli, loaded: Path) -> None:
    loaded.write_text('[[rule]]\ncode = "numeric"\nsql = "CAST(answer AS INTEGER) > 1"\n')
    result = cli("analyze", "--only", "flags", "--rules", loaded)
    assert result.code == 1
    assert "rule 'numeric': its SQL predicate failed" in result.stderr
