"""Read YAML into plain values while remembering where every key and value stands in the file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import Problem

Loc = tuple  # a path into the data: keys and list indexes, as pydantic reports them

# libyaml's composer when PyYAML was built with it: same nodes and marks, several times faster.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_SCALARS = {
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
}


@dataclass
class Document:
    """One YAML file: its data, and (line, column) marks for values and for mapping keys."""

    path: str
    data: object = None
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def problem(self, loc: Loc, message: str, at_key: bool = False) -> Problem:
        """A problem placed at the deepest known part of `loc` (the key itself when asked)."""
        loc = tuple(loc)
        if at_key and loc in self.keys:
            line, col = self.keys[loc]
            return Problem(self.path, line, col, message)
        while loc not in self.values and loc:
            loc = loc[:-1]
        line, col = self.values.get(loc, (1, 1))
        return Problem(self.path, line, col, message)


def read(path: Path, display: str) -> tuple[Document, list[Problem]]:
    doc = Document(display)
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=LOADER)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        context = f"{err.context} (line {err.context_mark.line + 1}): " if err.context and err.context_mark else ""
        return doc, [Problem(display, line, col, f"YAML syntax: {context}{err.problem}")]
    except UnicodeDecodeError as err:
        return doc, [Problem(display, 1, 1, f"not UTF-8 text ({err.reason})")]
    problems: list[Problem] = []
    doc.data = _convert(node, (), doc, problems) if node is not None else None
    return doc, problems


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _convert(node: yaml.Node, loc: Loc, doc: Document, problems: list[Problem]) -> object:
    doc.values[loc] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in result:
                line, col = _mark(key_node)
                problems.append(Problem(doc.path, line, col, f"duplicate key '{key}'"))
                continue
            doc.keys[loc + (key,)] = _mark(key_node)
            result[key] = _convert(value_node, loc + (key,), doc, problems)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, loc + (i,), doc, problems) for i, item in enumerate(node.value)]
    if node.tag == "tag:yaml.org,2002:null":
        return None
    if node.tag == "tag:yaml.org,2002:bool":
        return node.value.lower() in ("true", "yes", "on")
    convert = _SCALARS.get(node.tag, str)  # timestamps stay text: dates are parsed with their precision
    return convert(node.value)
