"""The training pieces that need no model: config, scoring, the metrics tailer, failures, launch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from training import config as cfg
from training.errors import ConfigError
from training.failures import describe, is_disk_full, is_oom
from training.launch import alive, stop
from training.metrics import MetricsTailer, read_metrics
from training.squad import abstains, exact_match, normalize, score, token_f1


def test_defaults_follow_the_qlora_recipe() -> None:
    c = cfg.RunConfig()
    assert (c.quant.enabled, c.quant.quant_type, c.quant.double_quant) == (True, "nf4", True)
    assert (c.lora.r, c.lora.alpha, c.lora.target_modules) == (64, 16.0, "all-linear")
    assert (c.train.optim, c.train.learning_rate, c.train.max_grad_norm) == (
        "paged_adamw_32bit",
        2e-4,
        0.3,
    )
    assert c.model.trust_remote_code is False
    assert all(help_text for _, _, help_text in cfg.describe())


def test_overrides_toml_round_trip(tmp_path: Path) -> None:
    c = cfg.apply_overrides(
        cfg.RunConfig(),
        [
            "lora.r=16",
            "lora.alpha=32",
            'lora.target_modules=["q_proj", "v_proj"]',
            "quant.enabled=false",
        ],
    )
    c.model.base_model = "m"
    cfg.validate(c)
    assert c.lora.alpha == 32.0 and isinstance(c.lora.alpha, float)
    cfg.save(c, tmp_path / "c.toml")
    assert cfg.load(tmp_path / "c.toml") == c
    (tmp_path / "part.toml").write_text("[train]\nmax_steps = 7\n")
    assert cfg.load(tmp_path / "part.toml").train.max_steps == 7


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("lora.rr=1", "unknown setting 'lora.rr': [lora] has r, alpha"),
        ("nope.r=1", "unknown setting 'nope.r'"),
        ("lora.r=0", "lora.r = 0: must be at least 1"),
        ("lora.r=2.5", "lora.r = 2.5: expected a whole number"),
        ("train.learning_rate=fast", "train.learning_rate = 'fast': expected a number"),
        ("train.learning_rate=3", "train.learning_rate = 3.0: must be in (0, 1)"),
        ("train.optim=lion", "train.optim = 'lion': must be one of"),
        ("quant.quant_type=int3", "quant.quant_type = 'int3': must be one of nf4, fp4"),
        ("train.max_length=4", "train.max_length = 4: must be at least 16 tokens"),
        ("lora.r", "--set 'lora.r': use SECTION.KEY=VALUE"),
    ],
)
def test_bad_settings_say_what_to_change(item: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        c = cfg.apply_overrides(cfg.RunConfig(), [item])
        c.model.base_model = "m"
        cfg.validate(c)
    assert message in str(info.value)


def test_bad_toml_file(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text("[lora\nr = 1")
    with pytest.raises(ConfigError, match="not valid TOML"):
        cfg.load(tmp_path / "bad.toml")
    with pytest.raises(ConfigError, match="No such file"):
        cfg.load(tmp_path / "missing.toml")


def test_squad_normalisation_em_f1() -> None:
    assert normalize("The  Eiffel, Tower!") == "eiffel tower"
    assert exact_match("the Paris.", "Paris") == 1.0
    assert token_f1("in Paris France", "Paris") == pytest.approx(2 * (1 / 3) * 1 / (1 / 3 + 1))
    assert token_f1("", "") == 1.0 and token_f1("x", "") == 0.0
    assert score("Rome", "Paris") == (0.0, 0.0)


def test_abstention_is_correct_on_unanswerable_pairs() -> None:
    assert abstains("") and abstains("I don't know.") and abstains("The context does not say.")
    assert score("", "", answerable=False) == (1.0, 1.0)
    assert score("It is not mentioned in the context", "", answerable=False) == (1.0, 1.0)
    assert score("Paris", "", answerable=False) == (0.0, 0.0)
    assert score("No answer given.", "Unanswerable", answerable=False) == (1.0, 1.0)


def test_tailer_returns_complete_new_lines_and_notices_a_rewrite(tmp_path: Path) -> None:
    path = tmp_path / "metrics.jsonl"
    tailer = MetricsTailer(path)
    assert tailer.poll().records == []
    with path.open("a") as f:
        f.write(json.dumps({"step": 1, "loss": 2.0}) + "\n" + '{"step": 2, "lo')
    assert [r["step"] for r in tailer.poll().records] == [1]
    with path.open("a") as f:
        f.write('ss": 1.5}\n')
    update = tailer.poll()
    assert [r["step"] for r in update.records] == [2] and not update.reset
    assert tailer.poll().records == []
    tmp = tmp_path / "new"
    tmp.write_text(json.dumps({"step": 1, "loss": 9.0}) + "\n")
    tmp.replace(path)
    update = tailer.poll()
    assert update.reset and update.records == [{"step": 1, "loss": 9.0}]
    with path.open("a") as f:
        f.write(json.dumps({"step": 1, "loss": 8.0}) + "\n")
    assert read_metrics(path) == [{"step": 1, "loss": 8.0}]


def test_failures_are_classified_from_real_errors(tmp_path: Path) -> None:
    import torch

    with pytest.raises(RuntimeError) as oom:
        torch.empty(2**62, dtype=torch.uint8)
    assert is_oom(oom.value)
    c = cfg.RunConfig()
    message = describe(oom.value, c, tmp_path, "cpu")
    assert "out of memory on cpu" in message and "lower train.batch_size" in message
    with pytest.raises(OSError) as full, open("/dev/full", "w") as f:
        f.write("x")
        f.flush()
    assert is_disk_full(full.value) and not is_oom(full.value)
    assert "disk full while writing" in describe(full.value, c, tmp_path, "cpu")
    other = describe(ValueError("odd\nmore"), c, tmp_path, "cpu")
    assert other == f"ValueError: odd (traceback in {tmp_path / 'train.log'})"


def test_alive_and_stop_a_detached_process(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", f"import time; time.sleep(60)  # training.run {tmp_path}"],
        start_new_session=True,
    )
    try:
        assert alive(proc.pid, tmp_path)
        assert not alive(proc.pid, tmp_path / "other-run")
        assert stop(proc.pid)
        proc.wait(timeout=10)
        assert not alive(proc.pid)
        assert not stop(proc.pid)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert alive(os.getpid())


def test_remote_code_stays_off_unless_the_config_turns_it_on(tmp_path: Path) -> None:
    from training.errors import ModelError
    from training.model import check_model

    (tmp_path / "config.json").write_text(
        json.dumps(
            {
                "model_type": "wb_custom",
                "architectures": ["WbCustomForCausalLM"],
                "auto_map": {
                    "AutoConfig": "configuration_wb.WbConfig",
                    "AutoModelForCausalLM": "modeling_wb.WbForCausalLM",
                },
            }
        )
    )
    assert cfg.RunConfig().model.trust_remote_code is False
    with pytest.raises(
        ModelError, match=r"ships its own code: set model\.trust_remote_code = true"
    ):
        check_model(str(tmp_path))
