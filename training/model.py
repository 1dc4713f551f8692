"""Loading the base model and tokenizer, and deciding what the hardware actually allows.

The config asks for the QLoRA recipe; `resolve_effective` turns that into what this device can
do (no paged optimizers or bf16 without CUDA support) and says why in `notes`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from training.config import ModelSection, RunConfig
from training.errors import ModelError

log = logging.getLogger(__name__)


@dataclass
class Effective:
    """The settings a run really used, recorded in status.json."""

    device: str
    quantized: bool
    compute_dtype: str
    precision: str
    optim: str
    notes: list[str] = field(default_factory=list)


def _bf16_ok(device: str) -> bool:
    import torch

    return device == "cuda" and torch.cuda.is_bf16_supported()


def resolve_effective(config: RunConfig, *, no_quant: bool = False) -> Effective:
    """Map the requested settings onto this machine, noting every fallback."""
    import torch

    device = "cuda" if torch.cuda.is_available() else "cpu"
    notes: list[str] = []
    quantized = config.quant.enabled and not no_quant
    if config.quant.enabled and no_quant:
        notes.append("--no-quant: plain LoRA on an unquantised base model")
    if quantized and device == "cpu":
        notes.append("4-bit on CPU (bitsandbytes CPU backend) is slow; --no-quant for plain LoRA")

    compute = config.quant.compute_dtype
    if compute == "auto":
        compute = "bfloat16" if _bf16_ok(device) else "float32"
    elif compute == "bfloat16" and device == "cuda" and not _bf16_ok(device):
        compute = "float32"
        notes.append("quant.compute_dtype bfloat16: this GPU lacks bf16, using float32")

    precision = config.train.precision
    if precision == "auto":
        precision = "bf16" if _bf16_ok(device) else "fp32"
    elif precision == "bf16" and device == "cuda" and not _bf16_ok(device):
        precision = "fp32"
        notes.append("train.precision bf16: this GPU lacks bf16, using fp32")

    optim = config.train.optim
    if device != "cuda" and ("paged" in optim or optim == "adamw_8bit"):
        notes.append(f"train.optim {optim} needs CUDA: using adamw_torch")
        optim = "adamw_torch"
    return Effective(device, quantized, compute, precision, optim, notes)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def load_tokenizer(model: ModelSection) -> Any:
    """The base model's tokenizer, with a pad token (EOS when it has none)."""
    from transformers import AutoTokenizer

    try:
        tokenizer = AutoTokenizer.from_pretrained(
            model.base_model,
            trust_remote_code=model.trust_remote_code,
            local_files_only=model.local_files_only,
        )
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(
            f"cannot load the tokenizer of '{model.base_model}': {_first_line(exc)}"
        ) from exc
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


def _dtype(name: str) -> Any:
    import torch

    return {"bfloat16": torch.bfloat16, "float16": torch.float16, "float32": torch.float32}[name]


def load_model(config: RunConfig, effective: Effective) -> Any:
    """The base causal LM, 4-bit NF4 with double quantisation when quantised."""
    from transformers import AutoModelForCausalLM, BitsAndBytesConfig

    kwargs: dict[str, Any] = {
        "dtype": _dtype("bfloat16" if effective.precision == "bf16" else "float32"),
        "trust_remote_code": config.model.trust_remote_code,
        "local_files_only": config.model.local_files_only,
    }
    if effective.quantized:
        kwargs["quantization_config"] = BitsAndBytesConfig(
            load_in_4bit=True,
            bnb_4bit_quant_type=config.quant.quant_type,
            bnb_4bit_use_double_quant=config.quant.double_quant,
            bnb_4bit_compute_dtype=_dtype(effective.compute_dtype),
        )
    if effective.device == "cuda":
        kwargs["device_map"] = {"": 0}
    try:
        return AutoModelForCausalLM.from_pretrained(config.model.base_model, **kwargs)
    except ImportError as exc:
        raise ModelError(
            f"4-bit loading needs bitsandbytes ({_first_line(exc)}): install it, or use --no-quant"
        ) from exc
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(
            f"cannot load model '{config.model.base_model}': {_first_line(exc)}. Give a local "
            "directory with config.json and weights, or a hub id already downloaded"
        ) from exc


def lora_config(config: RunConfig) -> Any:
    """LoRA on the configured modules (all linear layers by default)."""
    from peft import LoraConfig

    return LoraConfig(
        r=config.lora.r,
        lora_alpha=config.lora.alpha,
        lora_dropout=config.lora.dropout,
        target_modules=config.lora.target_modules,
        bias="none",
        task_type="CAUSAL_LM",
    )


def check_model(base_model: str, *, trust_remote_code: bool = False, local: bool = True) -> str:
    """Refuse, before launch, a model path that is missing or not a causal LM; return its type."""
    from transformers import AutoConfig
    from transformers.models.auto.modeling_auto import MODEL_FOR_CAUSAL_LM_MAPPING_NAMES

    path = Path(base_model).expanduser()
    if path.is_file():
        raise ModelError(f"model '{base_model}' is a file: give the model's directory")
    if path.is_dir() and not (path / "config.json").is_file():
        raise ModelError(f"model '{base_model}': no config.json in that directory")
    looks_local = (
        path.is_dir() or base_model.startswith(("/", ".", "~")) or base_model.count("/") > 1
    )
    if looks_local and not path.is_dir():
        raise ModelError(f"model '{base_model}': no such directory")
    try:
        cfg = AutoConfig.from_pretrained(
            str(path) if path.is_dir() else base_model,
            trust_remote_code=trust_remote_code,
            local_files_only=local,
        )
    except OSError:
        raise ModelError(
            f"model '{base_model}' is neither a local directory nor in the Hugging Face cache: "
            f"download it first (`hf download {base_model}`) or give its local path"
        ) from None
    except ValueError as exc:
        if "trust_remote_code" in str(exc):
            raise ModelError(
                f"model '{base_model}' ships its own code: set model.trust_remote_code = true "
                "(--set model.trust_remote_code=true) only if you trust it"
            ) from None
        raise ModelError(f"model '{base_model}': {_first_line(exc)}") from None
    auto_map = getattr(cfg, "auto_map", None) or {}
    if trust_remote_code and "AutoModelForCausalLM" in auto_map:
        return cfg.model_type
    architectures = list(getattr(cfg, "architectures", None) or [])
    causal = set(MODEL_FOR_CAUSAL_LM_MAPPING_NAMES.values())
    # A registered type is not enough: BERT has an LM head class, but a BERT classifier is no LM.
    if cfg.model_type in MODEL_FOR_CAUSAL_LM_MAPPING_NAMES and (
        not architectures
        or any(a in causal or a.endswith(("ForCausalLM", "LMHeadModel")) for a in architectures)
    ):
        return cfg.model_type
    kinds = ", ".join(architectures) or cfg.model_type
    raise ModelError(
        f"model '{base_model}' is a {kinds} model, not a causal language model: "
        "choose a decoder-only model (Llama, Qwen, Mistral, Gemma, Phi, ...)"
    )
