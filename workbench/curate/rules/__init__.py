"""Validation rules: one module per family, all registered in `registry.py` and run by `curate.flags`."""
