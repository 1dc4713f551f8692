"""The one list of built-in rules, and how a run's rule set is assembled from config and files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from storage.errors import WorkbenchError
from workbench.curate.rules.base import BuiltinRule, Rule
from workbench.curate.rules.contamination import EvalContamination
from workbench.curate.rules.fields import EmptyField
from workbench.curate.rules.garbage import GarbageText
from workbench.curate.rules.pii import Pii
from workbench.curate.rules.style import (
    AnswerInQuestion,
    JunkQuestion,
    LongAnswer,
    VagueReference,
    VerboseAnswer,
)
from workbench.curate.rules.support import AnswerNotInContext
from workbench.curate.rules.user import load_rules

BUILTINS: list[type[BuiltinRule]] = [
    EmptyField,
    AnswerNotInContext,
    VerboseAnswer,
    LongAnswer,
    JunkQuestion,
    VagueReference,
    AnswerInQuestion,
    Pii,
    EvalContamination,
    GarbageText,
]
CODES: tuple[str, ...] = tuple(cls.code for cls in BUILTINS)


def builtin_rules(flags_config: dict[str, Any]) -> list[BuiltinRule]:
    """Built-ins configured from the `[flags]` table (`[flags.<code>]` per rule)."""
    unknown = [k for k in flags_config if k not in CODES]
    if unknown:
        raise WorkbenchError(
            f"config [flags.{unknown[0]}]: no built-in rule '{unknown[0]}' (rules: {', '.join(CODES)})"
        )
    rules = []
    for cls in BUILTINS:
        section = flags_config.get(cls.code, {})
        if not isinstance(section, dict):
            raise WorkbenchError(f"config [flags.{cls.code}] must be a table")
        rules.append(cls(section))
    return rules


def build_rules(
    con: duckdb.DuckDBPyConnection, flags_config: dict[str, Any], rules_file: Path | None
) -> list[Rule]:
    """Built-ins plus the rules file's rules, validated, in registry order."""
    rules: list[Rule] = list(builtin_rules(flags_config))
    if rules_file is not None:
        rules.extend(load_rules(rules_file, con, CODES))
    return rules
