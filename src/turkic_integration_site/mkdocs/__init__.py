"""Takes MkDocs' events; hands each to one function of a stage, and keeps what `mkdocs serve` reuses."""
