"""Find Pandoc-style citations in text: `[@key, s. 366]`, `[@a; @b]` and narrative `@key`."""

from __future__ import annotations

import re
from dataclasses import dataclass

GROUP = re.compile(r"\[(@[^\[\]]+)\]")
NARRATIVE = re.compile(r"(?<![\w@\[/.])@([A-Za-z0-9][\w:-]*[A-Za-z0-9]|[A-Za-z0-9])")
_ITEM = re.compile(r"^@([\w:-]+)\s*(?:,\s*(.+))?$")
_LOCATOR = re.compile(r"^(?:s|ss|p|pp)\s*[.,]\s*(.+)$")
_CODE = re.compile(r"(`+)[^`]*?\1")  # `@key` inside a code span is an example, not a citation


@dataclass(frozen=True)
class Cite:
    key: str
    pages: str | None = None  # "366" or "131-132": printed as s./ss. or p./pp. per language

    @property
    def is_range(self) -> bool:
        return self.pages is not None and "-" in self.pages


@dataclass(frozen=True)
class Occurrence:
    start: int
    end: int
    cites: tuple[Cite, ...]
    narrative: bool


def parse_item(text: str) -> Cite | None:
    match = _ITEM.match(text.strip())
    if not match:
        return None
    key, locator = match.groups()
    pages = None
    if locator:
        loc = _LOCATOR.match(locator.strip())
        pages = (loc.group(1) if loc else locator).strip().replace("–", "-").replace(" ", "")
    return Cite(key, pages)


def find(text: str) -> list[Occurrence]:
    """Every citation in `text`, in order; items that do not parse are left as text."""
    found: list[Occurrence] = []
    taken: list[tuple[int, int]] = [m.span() for m in _CODE.finditer(text)]
    for match in GROUP.finditer(text):
        if any(a <= match.start() < b for a, b in taken):
            continue
        items = [parse_item(part) for part in match.group(1).split(";")]
        if all(items):
            found.append(Occurrence(match.start(), match.end(), tuple(items), narrative=False))
            taken.append(match.span())
    for match in NARRATIVE.finditer(text):
        if any(a <= match.start() < b for a, b in taken):
            continue
        found.append(Occurrence(match.start(), match.end(), (Cite(match.group(1)),), narrative=True))
    return sorted(found, key=lambda o: o.start)


def keys_in(text: str) -> list[str]:
    return [c.key for occ in find(text) for c in occ.cites]


def line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
