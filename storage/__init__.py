"""The store: one DuckDB file and every line of SQL the workbench runs."""
