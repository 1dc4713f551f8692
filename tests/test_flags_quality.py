"""Measured quality of the built-in flags on sample_data/'s planted defects.

Ground-truth lines are matched to store rows by exact question + answer text (a chat turn
carries its context inline, so there the stored question ends with the planted one). Per flag:
precision = flagged pairs that carry a mapped defect / flagged pairs; recall = pairs carrying a
mapped defect that are flagged / pairs carrying it. Both must reach 0.9; negative controls must
not be flagged at all.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from tests.conftest import SAMPLE
from workbench.cli import app

pytestmark = pytest.mark.slow

# Flag code → ground-truth defects it should find. A refusal in the answer is planted as
# junk_answer; this workbench reports it as a meta answer (verbose_answer).
EXPECTED = {
    "empty_field": {"empty_field"},
    "answer_not_in_context": {"answer_not_in_context"},
    "verbose_answer": {"verbose_answer", "junk_answer"},
    "long_answer": {"long_answer"},
    "junk_question": {"junk_question"},
    "vague_reference": {"vague_reference"},
    "answer_in_question": {"answer_in_question"},
    "pii": {"pii"},
    "eval_contamination": {"eval_contamination"},
    "garbage_text": {"garbage_text"},
}
# Negative controls: planted look-alikes that must not get the flag.
CONTROLS = {
    "answer_normalised_match": "answer_not_in_context",
    "unanswerable": "answer_not_in_context",
    "pii_lookalike": "pii",
}
MIN_SCORE = 0.9
_MATCH = """
    coalesce(g.answer, '') = p.answer
    AND (p.question = g.question OR (p.kind = 'chat' AND ends_with(p.question, g.question)))
"""


@dataclass
class Measured:
    """Ground-truth labels and flags per store pair, plus what could not be matched."""

    labels: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    flags: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    lines: int = 0
    unmatched: list[tuple[str, str, str]] = field(default_factory=list)

    def score(self, code: str) -> tuple[float, float, int, int, int]:
        """precision, recall, true positives, false positives, false negatives."""
        wanted = {pid for pid, defects in self.labels.items() if defects & EXPECTED[code]}
        got = self.flags[code]
        tp = len(wanted & got)
        precision = tp / len(got) if got else 0.0
        recall = tp / len(wanted) if wanted else 0.0
        return precision, recall, tp, len(got - wanted), len(wanted - got)


def run(store: Path, *args: str | Path) -> int:
    result = CliRunner().invoke(
        app, ["--store", str(store), *map(str, args)], catch_exceptions=False
    )
    return result.exit_code


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> Measured:
    truth = SAMPLE / "ground_truth.jsonl"
    if not truth.exists():
        pytest.skip("sample_data/ground_truth.jsonl is not there: run sample_data/generate.py")
    store = tmp_path_factory.mktemp("quality") / "sample.duckdb"
    assert run(store, "import", SAMPLE / "pairs") == 1  # the sample plants malformed records
    assert run(store, "evalset", "add", SAMPLE / "eval.jsonl") == 0
    assert run(store, "analyze", "--only", "flags") == 0
    out = Measured()
    with duckdb.connect(str(store), read_only=True) as con:
        con.execute(
            "CREATE TEMP TABLE gt AS SELECT defect, question, answer FROM "
            "read_json(?, format = 'newline_delimited', columns = "
            "{defect: 'VARCHAR', question: 'VARCHAR', answer: 'VARCHAR'}) WHERE question IS NOT NULL",
            [str(truth)],
        )
        out.lines = con.execute("SELECT count(*) FROM gt").fetchone()[0]
        for defect, pair_id in con.execute(
            f"SELECT g.defect, p.id FROM gt g JOIN pairs p ON {_MATCH}"
        ).fetchall():
            out.labels[pair_id].add(defect)
        out.unmatched = con.execute(
            f"SELECT defect, question, answer FROM gt g WHERE NOT EXISTS "
            f"(SELECT 1 FROM pairs p WHERE {_MATCH})"
        ).fetchall()
        for pair_id, code in con.execute("SELECT DISTINCT pair_id, code FROM flags").fetchall():
            out.flags[code].add(pair_id)
    return out


def table(m: Measured) -> str:
    rows = [f"{'flag':<24} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4}"]
    for code in EXPECTED:
        p, r, tp, fp, fn = m.score(code)
        rows.append(f"{code:<24} {p:>9.3f} {r:>7.3f} {tp:>4} {fp:>4} {fn:>4}")
    return "\n".join(rows)


def test_precision_and_recall_of_every_builtin_flag(measured: Measured) -> None:
    failing = [code for code in EXPECTED if min(measured.score(code)[:2]) < MIN_SCORE]
    print("\n" + table(measured))
    assert not failing, f"below {MIN_SCORE}: {failing}\n{table(measured)}"


def test_negative_controls_are_not_flagged(measured: Measured) -> None:
    for control, code in CONTROLS.items():
        planted = {pid for pid, defects in measured.labels.items() if control in defects}
        assert planted, f"no {control} pairs found in the store"
        wrong = planted & measured.flags[code]
        assert not wrong, f"{len(wrong)} {control} pair(s) flagged {code}"


def test_ground_truth_matches_the_store(measured: Measured) -> None:
    # Lines that cannot match are blank fields the import refuses (kept in import_errors) and
    # whitespace-only variants of exact duplicates, which the store keeps once.
    for defect, question, answer in measured.unmatched:
        blank = not (question or "").strip() or not (answer or "").strip()
        assert blank or defect == "exact_duplicate", (defect, question, answer)
    assert len(measured.unmatched) <= 0.05 * measured.lines
