"""`workbench train / runs / eval` through the real CLI, a real store and real training processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from storage.db import open_store
from storage.decisions import record
from storage.runs import export_run_data, register_run
from storage.subsets import freeze
from tests.conftest import write_jsonl
from training.rundir import RunPaths, read_status, write_json_atomic
from training.tiny import build_tiny_llama

FACTS = [
    ("Paris is the capital of France.", "What is the capital of France?", "Paris"),
    ("Rome is the capital of Italy.", "What is the capital of Italy?", "Rome"),
    ("The treaty was signed in 1648.", "When was the treaty signed?", "1648"),
    ("The river is 300 kilometres long.", "How long is the river?", "300 kilometres"),
    ("Berlin is the capital of Germany.", "What is the capital of Germany?", "Berlin"),
    ("Madrid is the capital of Spain.", "What is the capital of Spain?", "Madrid"),
]
FAST = [
    "--set", "lora.r=8",
    "--set", "train.learning_rate=1e-2",
    "--set", "train.batch_size=4",
    "--set", "train.gradient_accumulation_steps=1",
    "--set", "train.logging_steps=2",
    "--set", "eval.max_new_tokens=8",
]  # fmt: skip


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_llama(tmp_path_factory.mktemp("tiny"))


@pytest.fixture
def pairs(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store with 18 pairs over 6 contexts and a subset `all` of them; runs go under tmp_path."""
    monkeypatch.setenv("WORKBENCH_RUNS", str(tmp_path / "runs"))
    monkeypatch.setenv("OMP_NUM_THREADS", "1")  # the training processes: see test_training_run
    records = [
        {"context": c, "question": f"{q} ({k})" if k else q, "answer": a}
        for c, q, a in FACTS
        for k in range(3)
    ]
    assert cli("import", write_jsonl(tmp_path / "pairs.jsonl", records)).code == 0
    assert cli("subset", "create", "all", "--where", "true").code == 0
    return tmp_path / "runs"


def _refused(result, message: str) -> None:
    assert result.code == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), result.stderr
    assert message in " ".join(result.stderr.split()), result.stderr


def test_refusals_before_launch(cli, pairs: Path, model: Path, store: Path, tmp_path: Path) -> None:
    from transformers import BertConfig

    classifier = tmp_path / "classifier"
    BertConfig(architectures=["BertForSequenceClassification"]).save_pretrained(classifier)
    train = ("train", "--subset", "all", "--base-model")
    _refused(cli(*train, tmp_path / "nope"), f"model '{tmp_path / 'nope'}': no such directory")
    _refused(
        cli(*train, classifier),
        "is a BertForSequenceClassification model, not a causal language model",
    )
    _refused(cli(*train, model, "--set", "lora.r=0"), "lora.r = 0: must be at least 1")
    _refused(
        cli(*train, model, "--set", "train.batch_size=many"),
        "train.batch_size = 'many': expected a whole number",
    )
    _refused(cli(*train, model, "--set", "lora.rank=8"), "unknown setting 'lora.rank'")
    _refused(
        cli(*train, model, "--set", "train.max_length=16"),
        "every prompt is longer than train.max_length = 16",
    )
    assert cli("subset", "create", "none", "--where", "false").code == 0
    _refused(cli("train", "--subset", "none", "--base-model", model), "subset none v1 is empty")
    _refused(cli("train", "--subset", "ghost", "--base-model", model), "no subset 'ghost'")
    with open_store(store) as con:
        record(con, "SELECT id FROM pairs", "reject")
    _refused(cli(*train, model), "all 18 pairs of subset all v1 are rejected")
    assert cli("runs", "--json").json() == []
    assert not pairs.exists() or not any(pairs.iterdir()), "a refused run leaves no directory"


def test_export_uses_the_stored_split_else_a_seeded_context_split(
    cli, pairs: Path, store: Path, tmp_path: Path
) -> None:
    with open_store(store) as con:
        ids = [r[0] for r in con.execute("SELECT id FROM pairs ORDER BY id").fetchall()]
        record(con, ids[:2], "reject")
        seeded = export_run_data(
            con, "all", tmp_path / "t.parquet", tmp_path / "e.parquet", eval_fraction=0.3
        )
        again = export_run_data(
            con, "all", tmp_path / "t2.parquet", tmp_path / "e2.parquet", eval_fraction=0.3
        )
        version = freeze(con, "split", ids=ids, splits={i: "eval" for i in ids[-4:]})
        stored = export_run_data(con, "split", tmp_path / "t3.parquet", tmp_path / "e3.parquet")
    assert seeded.split_source == "seeded" and seeded.n_rejected == 2
    assert seeded.n_train + seeded.n_eval == 16 and seeded.n_eval > 0
    assert (seeded.n_train, seeded.train_hash) == (again.n_train, again.train_hash)
    train, evals = pq.read_table(tmp_path / "t.parquet"), pq.read_table(tmp_path / "e.parquet")
    assert train.column_names == ["id", "question", "answer", "context", "kind", "answerable"]
    assert not set(train["context"].to_pylist()) & set(evals["context"].to_pylist()), (
        "contexts never straddle"
    )
    assert not {ids[0], ids[1]} & set(train["id"].to_pylist() + evals["id"].to_pylist())
    meta = pq.read_schema(tmp_path / "t.parquet").metadata
    assert meta[b"subset"] == b"all" and len(meta[b"ids_hash"]) == 64
    assert stored.split_source == "subset" and (stored.n_train, stored.n_eval) == (12, 4)
    assert stored.ids_hash == version.ids_hash
    assert set(pq.read_table(tmp_path / "e3.parquet")["id"].to_pylist()) == set(ids[-4:])


def test_dry_run_previews_the_trained_tokens(cli, pairs: Path, model: Path) -> None:
    result = cli("train", "--subset", "all", "--base-model", model, "--dry-run")
    assert result.code == 0, result.stderr
    assert "chat template; trained tokens between ⟦ ⟧" in result.stdout
    assert "</s>⟧" in result.stdout and "<|assistant|>" in result.stdout
    assert "tokens over" in result.stdout and "0 pairs truncated" in result.stdout
    data = cli("train", "--subset", "all", "--base-model", model, "--dry-run", "--json").json()
    assert data["run_id"] is None and data["preview"]["lengths"]["n"] == data["data"]["n_train"]
    assert data["preview"]["marked"].endswith("</s>⟧")
    assert cli("runs", "--json").json() == []
    assert not pairs.exists() or not any(pairs.iterdir())


def test_a_process_that_died_is_shown_as_failed(cli, pairs: Path, store: Path, model: Path) -> None:
    from training.config import RunConfig

    paths = RunPaths(pairs / "dead")
    paths.root.mkdir(parents=True)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    with open_store(store) as con:
        data = export_run_data(con, "all", paths.train, paths.eval)
        register_run(con, "dead", data, str(model), RunConfig().to_dict(), paths.root)
    write_json_atomic(paths.status, {"state": "running", "pid": gone.pid})
    [row] = cli("runs", "--json").json()
    assert row["status"] == "failed"
    shown = cli("runs", "show", "dead", "--json").json()
    assert "ended without a final state" in shown["error"] and "runs resume dead" in shown["error"]


def _wait_for(predicate, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_train_show_eval_then_detach_stop_and_compare(
    cli, pairs: Path, model: Path, store: Path
) -> None:
    first = cli(
        "train",
        "--subset",
        "all",
        "--base-model",
        model,
        "--no-quant",
        *FAST,
        "--set",
        "train.max_steps=8",
    )
    assert first.code == 0, first.stderr
    assert "step     8" in first.stdout and "all-1: completed" in first.stdout
    [row] = cli("runs", "--json").json()
    assert row["run_id"] == "all-1" and row["status"] == "completed" and row["steps"] == 8
    assert row["f1"] is not None and row["base_f1"] is not None

    shown = cli("runs", "show", "all-1", "--json").json()
    assert shown["subset_version"] == 1 and shown["adapter_path"].endswith("all-1/adapter")
    assert shown["config"]["lora"]["r"] == 8 and shown["config"]["data"]["split_source"] == "seeded"
    assert shown["effective"]["quantized"] is False
    assert {(s["model"], s["split"]) for s in shown["scores"]} == {
        ("adapter", "eval"),
        ("base", "eval"),
        ("adapter", "train"),
    }
    assert len(shown["highest_train_loss"]) == 5 and shown["highest_train_loss"][0]["question"]
    assert shown["metrics"]["points"] == 4
    with open_store(store, read_only=True) as con:
        assert (
            con.execute("SELECT count(*) FROM run_metrics WHERE run_id = 'all-1'").fetchone()[0]
            == 4
        )
        n_train = shown["config"]["data"]["n_train"]
        assert (
            con.execute(
                "SELECT count(*) FROM eval_results WHERE run_id = 'all-1' AND split = 'train'"
            ).fetchone()[0]
            == n_train
        )
    text = cli("runs", "show", "all-1")
    assert (
        text.code == 0
        and "settings changed from defaults: quant.enabled=False, lora.r=8"
        in " ".join(text.stdout.split())
    )

    evaluated = cli("eval", "all-1", "--json")
    assert evaluated.code == 0, evaluated.stderr
    assert set(evaluated.json()["summary"]) == {"adapter"}

    second = cli("train", "--subset", "all", "--base-model", model, "--no-quant", *FAST,
                 "--set", "train.max_steps=5000", "--set", "eval.after_training=false", "--detach", "--json")  # fmt: skip
    assert second.code == 0, second.stderr
    info = second.json()
    assert info["run_id"] == "all-2" and info["pid"] > 0
    paths = RunPaths(Path(info["run_dir"]))
    _wait_for(lambda: paths.metrics.exists() and paths.metrics.read_text().count("\n") >= 1)
    assert cli("runs", "--json").json()[0]["status"] == "running"
    stopped = cli("runs", "stop", "all-2", "--wait")
    assert stopped.code == 0, stopped.stderr
    assert "all-2: stopped" in stopped.stdout
    status = read_status(paths.status)
    assert status["state"] == "stopped" and 0 < status["final"]["global_step"] < 5000
    assert (paths.adapter / "adapter_config.json").is_file()
    assert "SIGTERM: stopping after the current step" in paths.log.read_text()
    _refused(cli("runs", "stop", "all-2"), "run all-2 is not running (state stopped)")

    compared = cli("runs", "compare", "all-1", "all-2", "--json").json()
    assert compared["same_data"] is True
    diff = {d["key"]: (d["a"], d["b"]) for d in compared["config_diff"]}
    assert diff["train.max_steps"] == (8, 5000) and diff["eval.after_training"] == (True, False)
    assert cli("runs", "compare", "all-1", "all-2").code == 0
    assert [r["run_id"] for r in cli("runs", "--json").json()] == ["all-2", "all-1"]
    assert os.environ["OMP_NUM_THREADS"] == "1"
    json.dumps(compared)
