"""workbench: review LLM-generated training pairs and curate a clean, diverse subset."""

__version__ = "0.1.0"
