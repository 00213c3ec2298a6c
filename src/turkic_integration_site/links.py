"""The prose's internal link syntax: `[text](record:2021-istanbul)`, `[text](page:effects)`, `[text](note:id)`."""

from __future__ import annotations

import re
from dataclasses import dataclass

LINK = re.compile(r"\]\((record|page|note):([a-z0-9-]+)(#[\w-]+)?\)")


@dataclass(frozen=True)
class Link:
    start: int
    end: int
    scheme: str
    target: str
    anchor: str


def find_links(text: str) -> list[Link]:
    return [Link(m.start(1), m.end(), m.group(1), m.group(2), m.group(3) or "") for m in LINK.finditer(text)]
