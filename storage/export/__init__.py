"""Export: the chosen pairs, as current (edited) text, streamed from DuckDB into training files."""

from storage.export.core import FORMATS, ExportResult, export_pairs, resolve_format
from storage.export.query import ANALYSIS, AnalysisProvider, Column, register_analysis

__all__ = [
    "ANALYSIS",
    "FORMATS",
    "AnalysisProvider",
    "Column",
    "ExportResult",
    "export_pairs",
    "register_analysis",
    "resolve_format",
]
