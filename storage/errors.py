"""Exceptions a curator can act on: each message names the file, line, field or process involved."""

from __future__ import annotations


class WorkbenchError(Exception):
    """Base for user-facing errors: the shells print the message in one line, never a traceback."""


class StoreMissingError(WorkbenchError):
    """A read command was pointed at a store that does not exist."""


class StoreLockedError(WorkbenchError):
    """Another process holds the DuckDB write lock."""


class FormatError(WorkbenchError):
    """A file's format cannot be read or detected."""


class ImportRejectedError(WorkbenchError):
    """A strict import found bad rows, so nothing was written."""


class NotFoundError(WorkbenchError):
    """A named subset, run or pair does not exist."""
