"""The run on a real tiny Llama through real transformers, peft, TRL and bitsandbytes (CPU, no downloads)."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from training.config import RunConfig, apply_overrides, save
from training.run import build_trainer, run
from training.rundir import RunPaths, read_status, write_split
from training.tiny import build_tiny_llama

FACTS = [
    ("Paris is the capital of France.", "What is the capital of France?", "Paris"),
    ("Rome is the capital of Italy.", "What is the capital of Italy?", "Rome"),
    ("The treaty was signed in 1648.", "When was the treaty signed?", "1648"),
    ("The river is 300 kilometres long.", "How long is the river?", "300 kilometres"),
]
TRAIN = [
    {"id": f"p{i}", "context": c, "question": q, "answer": a}
    for i, (c, q, a) in enumerate(FACTS * 4)
]
EVAL = [
    *(
        {"id": f"e{i}", "context": c, "question": q, "answer": a}
        for i, (c, q, a) in enumerate(FACTS)
    ),
    {
        "id": "u1",
        "context": "The river is long.",
        "question": "Who painted it?",
        "answer": "",
        "answerable": False,
    },
]
FAST = [
    "lora.r=8",
    "train.learning_rate=1e-2",
    "train.batch_size=4",
    "train.gradient_accumulation_steps=1",
    "train.warmup_steps=0",
    "train.lr_scheduler=constant",
    "train.logging_steps=2",
]


@pytest.fixture(scope="module", autouse=True)
def one_thread() -> Iterator[None]:
    """Tiny matrices on a shared 2-core box: one thread avoids OpenMP spin-waits (10× faster)."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def chat_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_llama(tmp_path_factory.mktemp("tiny-chat"))


@pytest.fixture(scope="module")
def plain_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_llama(tmp_path_factory.mktemp("tiny-plain"), chat_template=False)


def make_run(
    root: Path, model: Path, sets: list[str], train=TRAIN, eval_rows=EVAL
) -> tuple[RunPaths, RunConfig]:
    """A run directory as `workbench train` would prepare it, without the store."""
    root.mkdir(parents=True, exist_ok=True)
    paths = RunPaths(root)
    write_split(paths.train, train)
    write_split(paths.eval, eval_rows)
    config = apply_overrides(RunConfig(), [*FAST, *sets])
    config.model.base_model = str(model)
    save(config, paths.config)
    return paths, config


@pytest.mark.parametrize("template", ["chat", "plain"])
def test_label_mask_and_eos_on_a_real_batch(
    tmp_path: Path, chat_model: Path, plain_model: Path, template: str
) -> None:
    from training.model import resolve_effective

    model = chat_model if template == "chat" else plain_model
    paths, config = make_run(tmp_path, model, ["quant.enabled=false"])
    trainer, formatter, _, _ = build_trainer(config, paths, resolve_effective(config), [])
    assert formatter.template == template
    tok = formatter.tokenizer
    batch = next(iter(trainer.get_train_dataloader()))
    answers = {a for _, _, a in FACTS}
    for ids, labels, mask in zip(
        batch["input_ids"], batch["labels"], batch["attention_mask"], strict=True
    ):
        ids, labels, mask = ids.tolist(), labels.tolist(), mask.tolist()
        length = sum(mask)
        assert all(lb == -100 for lb in labels[length:]), "padding is never trained"
        trained = [i for i, lb in enumerate(labels) if lb != -100]
        assert trained == list(range(trained[0], length)), "one span, up to the end"
        assert [labels[i] for i in trained] == ids[trained[0] : length]
        assert ids[length - 1] == tok.eos_token_id, "the EOS is the last trained token"
        assert tok.decode(ids[trained[0] : length - 1]).strip() in answers
        prompt = tok.decode(ids[: trained[0]])
        assert "Question:" in prompt and ("<|assistant|>" in prompt) == (template == "chat")


def test_full_run_writes_metrics_and_status_loss_falls_adapter_generates(
    tmp_path: Path, chat_model: Path
) -> None:
    paths, _ = make_run(
        tmp_path / "run",
        chat_model,
        ["train.max_steps=20", "train.eval_steps=10", "train.save_steps=10"],
    )
    assert run(paths.root, no_quant=True) == 0
    status = read_status(paths.status)
    assert (
        status["state"] == "completed" and status["error"] is None and status["pid"] == os.getpid()
    )
    assert (
        status["effective"]["optim"] == "adamw_torch" and status["effective"]["quantized"] is False
    )
    assert any("needs CUDA" in n for n in status["effective"]["notes"])
    lines = [json.loads(line) for line in paths.metrics.read_text().splitlines()]
    assert [r["step"] for r in lines] == list(range(2, 21, 2))
    keys = {
        "step",
        "epoch",
        "loss",
        "eval_loss",
        "learning_rate",
        "grad_norm",
        "tokens_per_second",
        "gpu_memory_gb",
        "elapsed_s",
    }
    assert all(set(r) == keys for r in lines)
    assert [r["step"] for r in lines if r["eval_loss"] is not None] == [10, 20]
    assert all(r["tokens_per_second"] > 0 and r["elapsed_s"] > 0 for r in lines)
    assert lines[-1]["loss"] < lines[0]["loss"] / 3, "loss falls on a small repeated set"
    final = status["final"]
    assert final["global_step"] == 20 and final["scores"]["adapter"]["n"] == len(EVAL)
    assert final["scores"]["adapter"]["eval_loss"] < final["scores"]["base"]["eval_loss"]

    preds = pq.read_table(paths.predictions).to_pylist()
    by = {(r["model"], r["split"]) for r in preds}
    assert by == {("adapter", "eval"), ("base", "eval"), ("adapter", "train")}
    evals = [r for r in preds if r["split"] == "eval"]
    assert all(0 <= r["em"] <= 1 and 0 <= r["f1"] <= 1 and r["loss"] > 0 for r in evals)
    train_rows = [r for r in preds if r["split"] == "train"]
    assert len(train_rows) == len(TRAIN) and all(
        r["prediction"] is None and r["loss"] > 0 for r in train_rows
    )
    assert "training" in paths.log.read_text()

    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    base = AutoModelForCausalLM.from_pretrained(chat_model)
    model = PeftModel.from_pretrained(base, paths.adapter)
    tok = AutoTokenizer.from_pretrained(chat_model)
    prompt = tok.apply_chat_template(
        [{"role": "user", "content": f"Context:\n{FACTS[0][0]}\n\nQuestion: {FACTS[0][1]}"}],
        add_generation_prompt=True,
        return_tensors="pt",
        return_dict=True,
    )
    with torch.inference_mode():
        out = model.generate(**prompt, max_new_tokens=8, do_sample=False)
    new = out[0, prompt["input_ids"].shape[1] :].tolist()
    assert tok.eos_token_id in new, "the trained model stops"
    assert tok.decode(new, skip_special_tokens=True).strip() == "Paris"
    native = AutoModelForCausalLM.from_pretrained(paths.adapter)  # transformers' own PEFT loading
    assert native.active_adapters() == ["default"]


def test_qlora_4bit_nf4_double_quant_on_cpu(tmp_path: Path, plain_model: Path) -> None:
    import bitsandbytes as bnb

    from training.model import resolve_effective

    paths, config = make_run(
        tmp_path / "run",
        plain_model,
        ["train.max_steps=3", "eval.base=false", "eval.train_loss=false", "eval.max_new_tokens=4"],
    )
    effective = resolve_effective(config)
    assert (
        effective.quantized and effective.device == "cpu" and effective.compute_dtype == "float32"
    )
    trainer, _, _, _ = build_trainer(config, paths, effective, [])
    quant = trainer.model.config.quantization_config
    assert (
        quant.load_in_4bit
        and quant.bnb_4bit_quant_type == "nf4"
        and quant.bnb_4bit_use_double_quant
    )
    assert any(isinstance(m, bnb.nn.Linear4bit) for m in trainer.model.modules())
    lora = trainer.model.peft_config["default"]
    targets = {name.rsplit(".", 1)[-1] for name in lora.target_modules}
    assert lora.r == 8 and {"q_proj", "k_proj", "v_proj", "o_proj", "down_proj"} <= targets
    assert "lm_head" not in targets
    del trainer
    assert run(paths.root) == 0
    status = read_status(paths.status)
    assert status["state"] == "completed" and status["effective"]["quantized"] is True
    assert (paths.adapter / "adapter_model.safetensors").is_file()
    assert status["final"]["scores"]["adapter"]["n"] == len(EVAL)


def _stop_when(path: Path, steps: int) -> threading.Thread:
    """Send this process SIGTERM once metrics.jsonl has `steps` lines: a real stop signal."""

    def watch() -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if path.exists() and len(path.read_text().splitlines()) >= steps:
                os.kill(os.getpid(), signal.SIGTERM)
                return
            time.sleep(0.05)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


def test_stop_mid_run_saves_a_loadable_adapter_and_resume_continues(
    tmp_path: Path, chat_model: Path
) -> None:
    paths, _ = make_run(
        tmp_path / "run",
        chat_model,
        ["train.max_steps=16", "train.save_steps=100", "train.eval_steps=0"],
    )
    watcher = _stop_when(paths.metrics, 1)
    assert run(paths.root, no_quant=True) == 0
    watcher.join()
    status = read_status(paths.status)
    assert status["state"] == "stopped", status
    stopped_at = status["final"]["global_step"]
    assert 2 <= stopped_at < 16
    assert (paths.checkpoints / f"checkpoint-{stopped_at}").is_dir(), "the stop saves a checkpoint"
    assert not paths.predictions.exists()

    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(chat_model), paths.adapter)

    with paths.metrics.open("a") as f:  # a line written past the checkpoint is dropped on resume
        f.write(json.dumps({"step": stopped_at + 1, "loss": 99.0}) + "\n")
    assert run(paths.root, no_quant=True) == 0
    status = read_status(paths.status)
    assert status["state"] == "completed"
    assert status["resumed_from"].endswith(f"checkpoint-{stopped_at}")
    assert status["final"]["global_step"] == 16
    steps = [json.loads(line)["step"] for line in paths.metrics.read_text().splitlines()]
    assert steps == sorted(set(steps)) and steps[-1] == 16 and 99.0 not in steps


def test_bad_model_path_fails_with_a_message(tmp_path: Path) -> None:
    paths, _ = make_run(tmp_path / "run", tmp_path / "no-such-model", [])
    assert run(paths.root, no_quant=True) == 1
    status = read_status(paths.status)
    assert status["state"] == "failed"
    assert status["error"] == f"model '{tmp_path / 'no-such-model'}': no such directory"
    assert "Traceback" in paths.log.read_text()


def test_disk_full_fails_with_a_message(tmp_path: Path, chat_model: Path) -> None:
    paths, _ = make_run(tmp_path / "run", chat_model, ["train.max_steps=4"])
    paths.metrics.symlink_to("/dev/full")  # every write there fails with ENOSPC
    assert run(paths.root, no_quant=True) == 1
    status = read_status(paths.status)
    assert status["state"] == "failed" and status["error"].startswith("disk full while writing")
