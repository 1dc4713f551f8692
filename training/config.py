"""The run configuration: one typed place for every default, TOML in and out, `--set a.b=c` overrides.

Defaults follow the QLoRA reference recipe (NF4, double quantisation, bf16 compute, LoRA r 64 /
alpha 16 on all linear layers, paged AdamW, lr 2e-4, max_grad_norm 0.3). Settings that need CUDA
(bf16, paged optimizers) fall back to CPU-safe choices at run time, and the run records what it
used in status.json under `effective`.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_type_hints

import tomli_w

from training.errors import ConfigError


def _doc(default: Any, help: str) -> Any:
    """A field with its documentation attached, so `describe()` and errors can quote it."""
    if isinstance(default, list):
        return field(default_factory=lambda: list(default), metadata={"help": help})
    return field(default=default, metadata={"help": help})


@dataclass
class ModelSection:
    base_model: str = _doc("", "Local model directory, or a hub id already in the HF cache.")
    trust_remote_code: bool = _doc(
        False, "Run Python code shipped with the model (off unless set)."
    )
    local_files_only: bool = _doc(True, "Never download: the model must be on disk or cached.")
    prompt_template: str = _doc(
        "auto", "auto: the model's chat template when it has one, else plain; or chat / plain."
    )


@dataclass
class QuantSection:
    enabled: bool = _doc(True, "QLoRA: load the base model in 4 bits (bitsandbytes).")
    quant_type: str = _doc("nf4", "4-bit data type: nf4 (QLoRA) or fp4.")
    double_quant: bool = _doc(True, "Quantise the quantisation constants too (QLoRA).")
    compute_dtype: str = _doc(
        "auto", "auto: bfloat16 where the device supports it, else float32; or a dtype name."
    )


@dataclass
class LoraSection:
    r: int = _doc(64, "LoRA rank.")
    alpha: float = _doc(16.0, "LoRA scaling numerator (scale = alpha / r).")
    dropout: float = _doc(0.05, "Dropout on the LoRA input.")
    target_modules: str | list[str] = field(
        default="all-linear",
        metadata={
            "help": "all-linear (every linear layer but the output head) or a list of names."
        },
    )


@dataclass
class TrainSection:
    epochs: float = _doc(1.0, "Passes over the train split (ignored when max_steps > 0).")
    max_steps: int = _doc(-1, "Optimizer steps to run; -1 means use epochs.")
    batch_size: int = _doc(4, "Examples per device per forward pass.")
    gradient_accumulation_steps: int = _doc(4, "Forward passes per optimizer step.")
    learning_rate: float = _doc(2e-4, "Peak learning rate.")
    lr_scheduler: str = _doc("constant_with_warmup", "Learning-rate schedule after warmup.")
    warmup_steps: float = _doc(0.03, "Warmup: steps, or a fraction of all steps when below 1.")
    weight_decay: float = _doc(0.0, "AdamW weight decay.")
    max_grad_norm: float = _doc(0.3, "Gradient clipping norm.")
    optim: str = _doc("paged_adamw_32bit", "Optimizer; paged ones need CUDA (adamw_torch on CPU).")
    max_length: int = _doc(1024, "Tokens per example; longer ones are cut at the end.")
    gradient_checkpointing: bool = _doc(True, "Recompute activations to save memory.")
    precision: str = _doc("auto", "auto (bf16 on CUDA when supported, else fp32), bf16 or fp32.")
    seed: int = _doc(42, "Seed for initialisation, shuffling and dropout.")
    logging_steps: int = _doc(10, "Optimizer steps between metrics.jsonl lines.")
    eval_steps: int = _doc(50, "Steps between eval-loss passes over the eval split; 0: none.")
    save_steps: int = _doc(50, "Steps between resumable checkpoints.")
    save_total_limit: int = _doc(2, "Checkpoints kept on disk.")


@dataclass
class EvalSection:
    after_training: bool = _doc(True, "Generate and score the eval split when training ends.")
    base: bool = _doc(True, "Also score the base model, for comparison.")
    train_loss: bool = _doc(True, "Record per-pair loss from a final pass over the train split.")
    max_new_tokens: int = _doc(64, "Longest generated answer.")
    batch_size: int = _doc(8, "Examples per generation batch.")


@dataclass
class DataSection:
    subset: str = _doc("", "Subset name (written by `workbench train`).")
    version: int = _doc(0, "Subset version.")
    ids_hash: str = _doc("", "Snapshot hash of the subset version.")
    split_source: str = _doc("", "subset: its stored split; seeded: a context-grouped split.")
    eval_fraction: float = _doc(0.1, "Held-out share when the subset has no eval split.")
    split_seed: int = _doc(13, "Seed of that held-out split.")
    n_train: int = _doc(0, "Pairs in train.parquet.")
    n_eval: int = _doc(0, "Pairs in eval.parquet.")
    n_rejected: int = _doc(0, "Rejected pairs of the subset left out.")
    train_hash: str = _doc("", "sha256 of the train pair ids, one per line, sorted.")


@dataclass
class RunConfig:
    model: ModelSection = field(default_factory=ModelSection)
    quant: QuantSection = field(default_factory=QuantSection)
    lora: LoraSection = field(default_factory=LoraSection)
    train: TrainSection = field(default_factory=TrainSection)
    eval: EvalSection = field(default_factory=EvalSection)
    data: DataSection = field(default_factory=DataSection)

    def to_dict(self) -> dict[str, dict[str, Any]]:
        return dataclasses.asdict(self)


SECTIONS: dict[str, type] = dict(get_type_hints(RunConfig))
PROMPT_TEMPLATES = ("auto", "chat", "plain")
QUANT_TYPES = ("nf4", "fp4")
DTYPES = ("auto", "bfloat16", "float16", "float32")
PRECISIONS = ("auto", "bf16", "fp32")
SCHEDULERS = ("constant", "constant_with_warmup", "linear", "cosine")
OPTIMIZERS = (
    "paged_adamw_32bit",
    "paged_adamw_8bit",
    "adamw_torch",
    "adamw_torch_fused",
    "adamw_8bit",
    "adafactor",
    "sgd",
)


_EXPECTED = {bool: "true or false", int: "a whole number", float: "a number", str: "text"}


def _coerce(key: str, value: Any, kind: Any) -> Any:
    """Check one value against its field's type; ints widen to floats, nothing else is guessed."""
    if kind is bool:
        if isinstance(value, bool):
            return value
    elif kind is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif kind is float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    elif kind is str:
        if isinstance(value, str):
            return value
    elif isinstance(value, str) or (
        isinstance(value, list) and all(isinstance(v, str) for v in value)
    ):
        return value
    expected = _EXPECTED.get(kind, "text or a list of names")
    raise ConfigError(f"{key} = {value!r}: expected {expected}")


def _set(config: RunConfig, key: str, value: Any) -> None:
    section_name, _, name = key.partition(".")
    if section_name not in SECTIONS or not name:
        raise ConfigError(f"unknown setting '{key}': sections are {', '.join(SECTIONS)}")
    section = getattr(config, section_name)
    hints = get_type_hints(type(section))
    if name not in hints:
        raise ConfigError(f"unknown setting '{key}': [{section_name}] has {', '.join(hints)}")
    setattr(section, name, _coerce(key, value, hints[name]))


def from_dict(data: dict[str, Any], *, where: str = "config") -> RunConfig:
    """Build a config from nested TOML-shaped data, refusing unknown sections and keys."""
    config = RunConfig()
    for section_name, values in data.items():
        if not isinstance(values, dict):
            raise ConfigError(f"{where}: '{section_name}' must be a [section] of settings")
        for name, value in values.items():
            _set(config, f"{section_name}.{name}", value)
    return config


def load(path: str | Path) -> RunConfig:
    """Read a TOML file (any subset of the settings) over the defaults."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"config {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config {path}: not valid TOML ({exc})") from None
    return from_dict(data, where=str(path))


def save(config: RunConfig, path: str | Path) -> None:
    """Write every setting, defaults included, so a run directory is self-describing."""
    Path(path).write_text(tomli_w.dumps(config.to_dict()), encoding="utf-8")


def _parse_value(text: str) -> Any:
    """A TOML value (16, 2e-4, true, ["q_proj"]), else the text itself as a string."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def apply_overrides(config: RunConfig, items: list[str]) -> RunConfig:
    """Apply `section.key=value` strings in order (`lora.r=16`, `train.optim=adamw_torch`)."""
    for item in items:
        key, sep, text = item.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"--set {item!r}: use SECTION.KEY=VALUE, e.g. --set lora.r=16")
        _set(config, key.strip(), _parse_value(text.strip()))
    return config


def _check(ok: bool, key: str, value: Any, rule: str) -> None:
    if not ok:
        raise ConfigError(f"{key} = {value!r}: {rule}")


def _one_of(key: str, value: str, choices: tuple[str, ...]) -> None:
    _check(value in choices, key, value, f"must be one of {', '.join(choices)}")


def validate(config: RunConfig) -> RunConfig:
    """Refuse settings that cannot train, each with the rule it breaks."""
    m, q, lo, t, e, d = (
        config.model,
        config.quant,
        config.lora,
        config.train,
        config.eval,
        config.data,
    )
    _check(bool(m.base_model.strip()), "model.base_model", m.base_model, "give a model path or id")
    _one_of("model.prompt_template", m.prompt_template, PROMPT_TEMPLATES)
    _one_of("quant.quant_type", q.quant_type, QUANT_TYPES)
    _one_of("quant.compute_dtype", q.compute_dtype, DTYPES)
    _check(lo.r >= 1, "lora.r", lo.r, "must be at least 1")
    _check(lo.alpha > 0, "lora.alpha", lo.alpha, "must be above 0")
    _check(0 <= lo.dropout < 1, "lora.dropout", lo.dropout, "must be in [0, 1)")
    _check(bool(lo.target_modules), "lora.target_modules", lo.target_modules, "name some modules")
    _check(t.epochs > 0 or t.max_steps > 0, "train.epochs", t.epochs, "must be above 0")
    _check(t.max_steps == -1 or t.max_steps > 0, "train.max_steps", t.max_steps, "-1 or above 0")
    _check(t.batch_size >= 1, "train.batch_size", t.batch_size, "must be at least 1")
    _check(
        t.gradient_accumulation_steps >= 1,
        "train.gradient_accumulation_steps",
        t.gradient_accumulation_steps,
        "must be at least 1",
    )
    _check(0 < t.learning_rate < 1, "train.learning_rate", t.learning_rate, "must be in (0, 1)")
    _one_of("train.lr_scheduler", t.lr_scheduler, SCHEDULERS)
    _check(t.warmup_steps >= 0, "train.warmup_steps", t.warmup_steps, "must be 0 or more")
    _check(t.weight_decay >= 0, "train.weight_decay", t.weight_decay, "must be 0 or more")
    _check(t.max_grad_norm > 0, "train.max_grad_norm", t.max_grad_norm, "must be above 0")
    _one_of("train.optim", t.optim, OPTIMIZERS)
    _check(t.max_length >= 16, "train.max_length", t.max_length, "must be at least 16 tokens")
    _one_of("train.precision", t.precision, PRECISIONS)
    _check(t.logging_steps >= 1, "train.logging_steps", t.logging_steps, "must be at least 1")
    _check(t.eval_steps >= 0, "train.eval_steps", t.eval_steps, "must be 0 or more")
    _check(t.save_steps >= 1, "train.save_steps", t.save_steps, "must be at least 1")
    _check(t.save_total_limit >= 1, "train.save_total_limit", t.save_total_limit, "at least 1")
    _check(e.max_new_tokens >= 1, "eval.max_new_tokens", e.max_new_tokens, "must be at least 1")
    _check(e.batch_size >= 1, "eval.batch_size", e.batch_size, "must be at least 1")
    _check(
        0 < d.eval_fraction < 1, "data.eval_fraction", d.eval_fraction, "must be between 0 and 1"
    )
    return config


def describe() -> list[tuple[str, Any, str]]:
    """Every setting as (key, default, help), for `--help` text and docs."""
    rows = []
    for section_name, kind in SECTIONS.items():
        for f in dataclasses.fields(kind):
            default = f.default_factory() if f.default is dataclasses.MISSING else f.default  # type: ignore[misc]
            rows.append((f"{section_name}.{f.name}", default, f.metadata.get("help", "")))
    return rows
