"""Read YAML into plain values while remembering where every key and value stands in the file."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..common import textfile
from ..common.errors import Problem

Loc = tuple  # a path into the data: keys and list indexes, as pydantic reports them

# libyaml's composer when PyYAML was built with it: same nodes and marks, several times faster.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Document:
    """One YAML file: its data, and (line, column) marks for values and for mapping keys."""

    path: str
    data: object = None
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    # Where a one-line string's first character stands, when its characters are written as they are
    # (plain, or quoted without escapes): a problem inside the text is then located to the character.
    texts: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def problem(self, loc: Loc, message: str, at_key: bool = False, about: str = "") -> Problem:
        """A problem placed at the deepest known part of `loc` (the key itself when asked)."""
        loc = tuple(loc)
        if at_key and loc in self.keys:
            line, col = self.keys[loc]
            return Problem(self.path, line, col, message, about)
        while loc not in self.values and loc:
            loc = loc[:-1]
        line, col = self.values.get(loc, (1, 1))
        return Problem(self.path, line, col, message, about)


    def problem_in(self, loc: Loc, offset: int, message: str, about: str = "") -> Problem:
        """A problem at `offset` inside the string at `loc` (at the string's start when not written as is)."""
        if tuple(loc) in self.texts:
            line, col = self.texts[tuple(loc)]
            return Problem(self.path, line, col + offset, message, about)
        return self.problem(loc, message, about=about)


MAX_DEPTH = 20  # records nest a few levels; deeper is a mistake (or an attack on the parser's stack)
_CONSTRUCT = yaml.constructor.SafeConstructor()  # YAML 1.1's own reading of ints, floats and booleans
_SCALARS = {
    "tag:yaml.org,2002:int": _CONSTRUCT.construct_yaml_int,
    "tag:yaml.org,2002:float": _CONSTRUCT.construct_yaml_float,
    "tag:yaml.org,2002:bool": _CONSTRUCT.construct_yaml_bool,
}


def read(path: Path, display: str) -> tuple[Document, list[Problem]]:
    """The file's data and marks, or the problems that stop it from being read (each located)."""
    text, problems = textfile.read(path, display)
    if not problems and not text.strip():
        problems = [Problem(display, 1, 1, "file is empty")]
    if problems:
        return Document(display), problems
    doc, problems = _parsed(text, display)
    return doc, list(problems)


@functools.lru_cache(maxsize=64)  # `mkdocs serve`: a file the edit did not touch is not parsed again (read only)
def _parsed(text: str, display: str) -> tuple[Document, tuple[Problem, ...]]:
    doc = Document(display)
    try:
        problems = _refused_events(text, display)
        node = None if problems else yaml.compose(text, Loader=LOADER)
    except yaml.MarkedYAMLError as err:
        return doc, (_syntax_problem(err, display, text),)
    except yaml.reader.ReaderError as err:  # a character YAML does not allow, e.g. a control character
        line = text.count("\n", 0, err.position) + 1
        column = err.position - (text.rfind("\n", 0, err.position) + 1) + 1
        return doc, (Problem(display, line, column, f"character U+{err.character:04X} is not allowed in YAML (remove it)"),)
    if node is not None:
        doc.data = _convert(node, (), doc, text.split("\n"), problems)
    return doc, tuple(problems)


def _refused_events(text: str, display: str) -> list[Problem]:
    """Aliases (a "billion laughs" expands without bound) and absurd nesting, found in one linear pass."""
    problems, depth = [], 0
    for event in yaml.parse(text, Loader=LOADER):
        line, col = event.start_mark.line + 1, event.start_mark.column + 1
        if isinstance(event, yaml.AliasEvent):
            problems.append(Problem(display, line, col, f"alias '*{event.anchor}' is not allowed (write the value out)"))
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return problems + [Problem(display, line, col, f"nested deeper than {MAX_DEPTH} levels")]
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return problems


def _syntax_problem(err: yaml.MarkedYAMLError, display: str, text: str) -> Problem:
    mark = err.problem_mark or err.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    context = f"{err.context} (line {err.context_mark.line + 1}): " if err.context and err.context_mark else ""
    at = text.split("\n")[mark.line][mark.column:mark.column + 1] if mark and mark.line < text.count("\n") + 1 else ""
    hint = " (a tab: indent with spaces)" if at == "\t" else ""
    return Problem(display, line, col, f"YAML syntax: {context}{err.problem}{hint}")


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _convert(node: yaml.Node, loc: Loc, doc: Document, lines: list[str], problems: list[Problem]) -> object:
    doc.values[loc] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem(doc.path, *_mark(key_node), "a key must be plain text"))
                continue
            key = str(key_node.value)
            if key in result:
                problems.append(Problem(doc.path, *_mark(key_node), f"duplicate key '{key}'"))
                continue
            doc.keys[loc + (key,)] = _mark(key_node)
            result[key] = _convert(value_node, loc + (key,), doc, lines, problems)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, loc + (i,), doc, lines, problems) for i, item in enumerate(node.value)]
    if node.tag == "tag:yaml.org,2002:null":
        return None
    if node.tag in _SCALARS:
        try:
            return _SCALARS[node.tag](node)
        except (ValueError, IndexError, KeyError, yaml.YAMLError):  # PyYAML fails on some tagged values with these
            problems.append(Problem(doc.path, *_mark(node), f"'{node.value}' is not a valid {node.tag.rsplit(':', 1)[-1]}"))
            return None
    _note_text_start(node, loc, doc, lines)
    return node.value  # timestamps and every other tag stay text: dates are parsed with their precision


def _note_text_start(node: yaml.ScalarNode, loc: Loc, doc: Document, lines: list[str]) -> None:
    start, end = node.start_mark, node.end_mark
    if start.line != end.line or "\n" in node.value:
        return
    written = lines[start.line][start.column:end.column]
    quote = 1 if node.style in ("'", '"') else 0
    if written[quote:len(written) - quote] == node.value:
        doc.texts[loc] = (start.line + 1, start.column + 1 + quote)
