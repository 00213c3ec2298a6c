"""Read a source file as UTF-8 text, or say exactly where it is not."""

from __future__ import annotations

import re
from pathlib import Path

from .errors import Problem

BOM = b"\xef\xbb\xbf"
# YAML and Markdown also end a line at these; editors and our line numbers do not: refuse them.
_OTHER_LINE_BREAK = re.compile("\r(?!\n)|[\x85\u2028\u2029]")


def read(path: Path, display: str) -> tuple[str, list[Problem]]:
    """The file's text; a byte order mark or a byte that is not UTF-8 is a problem at its line and column."""
    return decode(path.read_bytes(), display)


def decode(data: bytes, display: str) -> tuple[str, list[Problem]]:
    if data.startswith(BOM):
        return "", [Problem(display, 1, 1, "file starts with a byte order mark (save it as UTF-8 without BOM)")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line_start = data.rfind(b"\n", 0, err.start) + 1
        line = data.count(b"\n", 0, err.start) + 1
        column = len(data[line_start:err.start].decode("utf-8", errors="replace")) + 1
        message = f"not UTF-8: byte 0x{data[err.start]:02X} ({err.reason}); save the file as UTF-8"
        return "", [Problem(display, line, column, message)]
    odd = _OTHER_LINE_BREAK.search(text)
    if odd:
        line = text.count("\n", 0, odd.start()) + 1
        column = odd.start() - (text.rfind("\n", 0, odd.start()) + 1) + 1
        message = f"line break U+{ord(odd.group()):04X} (end lines with \\n or \\r\\n)"
        return "", [Problem(display, line, column, message)]
    return text, []
