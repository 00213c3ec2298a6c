"""The bilingual text fields of a record, found however deeply they are nested (shared by the parity and sources checks)."""

from __future__ import annotations

from pydantic import BaseModel

from turkic_integration_site.content.model import Text


def bilingual_fields(node, where: str):
    """(path, Text) for every bilingual text field inside a record, however deeply nested."""
    if isinstance(node, Text):
        yield where, node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from bilingual_fields(getattr(node, name), f"{where}.{name}")
    elif isinstance(node, (list, tuple)):
        for index, item in enumerate(node):
            yield from bilingual_fields(item, f"{where}[{index}]")
