"""Errors a curator can act on; the shells print them in one line (training cannot import storage)."""

from __future__ import annotations


class RunError(Exception):
    """Base for user-facing training errors: the message says what to change."""


class ConfigError(RunError):
    """A setting in config.toml or a --set override is unknown or out of range."""


class ModelError(RunError):
    """The base model path is missing, not a causal LM, or cannot be loaded."""


class DataError(RunError):
    """The run directory's data cannot train anything (missing file, no examples left)."""
