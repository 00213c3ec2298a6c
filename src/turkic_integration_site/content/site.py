"""The checked content as one object: every record by family, the pages, the bibliography, the releases."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from ..citations.bibliography import Bibliography
from .argument_map import ArgumentMap
from .model import Membership, Note, Organization, Page, Record, Release, State, Summit, Term, Treaty


@dataclass
class Site:
    """Everything the renderer needs, already validated."""

    root: Path
    records: dict[str, dict[str, BaseModel]] = field(default_factory=dict)  # family -> id -> record
    pages: dict[str, Page] = field(default_factory=dict)
    page_ids: set[str] = field(default_factory=set)  # every page folder, even one that failed to load
    bib: Bibliography | None = None
    origins: dict[str, tuple[str, int]] = field(default_factory=dict)  # record id -> (file, line) of its entry
    releases: list[Release] = field(default_factory=list)  # newest first
    argument: ArgumentMap | None = None  # content/argument.yaml

    def family(self, name: str) -> dict:
        return self.records.get(name, {})

    @property
    def summits(self) -> dict[str, Summit]:
        return self.family("summits")

    @property
    def treaties(self) -> dict[str, Treaty]:
        return self.family("treaties")

    @property
    def organizations(self) -> dict[str, Organization]:
        return self.family("organizations")

    @property
    def states(self) -> dict[str, State]:
        return self.family("states")

    @property
    def memberships(self) -> dict[str, Membership]:
        return self.family("memberships")

    @property
    def terms(self) -> dict[str, Term]:
        return self.family("glossary")

    @property
    def notes(self) -> dict[str, Note]:
        return self.family("notes")

    def record(self, record_id: str) -> Record | None:
        for name in ("summits", "treaties", "events", "organizations", "states", "memberships"):
            if record_id in self.family(name):
                return self.family(name)[record_id]
        return None
