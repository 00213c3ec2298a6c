"""The typed records: what content/*.yaml and content/pages/ may say, and nothing more."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, StringConstraints

from ..common.dates import DateSpan

LANGS = ("tr", "en")

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# An id is a folder or file name in docs/ and site/: 80 characters at most, well within every file system's limit.
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Date = Annotated[
    DateSpan,
    BeforeValidator(lambda v: v if isinstance(v, DateSpan) else DateSpan.parse(v)),
    PlainSerializer(lambda d: d.iso, return_type=str),
]
Citation = Annotated[str, StringConstraints(pattern=r"^@[\w:-]+(,\s*\S.*)?$")]
CiteKey = Annotated[str, StringConstraints(pattern=r"^[\w:-]+$")]  # a bibliography key, without the "@"
# What a record's facts rest on: the article alone, the article and an independent source that agrees,
# or an independent source that contradicts the article (the record follows it; a note keeps the article's version).
Basis = Literal["article", "confirmed", "corrected"]


def _each_once(names: list[str]) -> list[str]:
    seen = set()
    for name in names:
        if name.casefold() in seen:
            raise ValueError(f"'{name}' is listed twice")
        seen.add(name.casefold())
    return names


# Other names a reader may search by: spellings, acronyms, former names (true names only, no descriptions).
Aliases = Annotated[list[NonEmpty], AfterValidator(_each_once)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


class Text(Strict):
    """Human text in both languages; neither may be missing."""

    tr: NonEmpty
    en: NonEmpty

    def __getitem__(self, lang: str) -> str:
        return getattr(self, lang)


class TextList(Strict):
    tr: list[NonEmpty] = Field(min_length=1)
    en: list[NonEmpty] = Field(min_length=1)

    def __getitem__(self, lang: str) -> list[str]:
        return getattr(self, lang)


class Record(Strict):
    """Fields every browsable record shares."""

    id: Id
    sources: list[Citation] = Field(min_length=1)
    notes: list[Id] = []
    aliases: Aliases = []

    family: ClassVar[str]  # the page family and URL folder: summits, treaties, ...

    @property
    def sort_date(self) -> DateSpan | None:
        return None


class Checked(Record):
    """A record whose facts were checked against the public record: it says what they rest on."""

    basis: Basis
    basis_sources: list[CiteKey] = []  # the independent sources (keys), each also cited in `sources`


class Declaration(Strict):
    name: Text
    quote: Text | None = None
    security: Text


class Summit(Checked):
    family: ClassVar[str] = "summits"
    date: Date
    title: Text
    series: Literal["turkic-speaking-states", "turkic-council", "ots", "ots-informal", "security-councils", "ministerial", "other"]
    number: int | None = None
    place: Text | None = None
    host: Id | None = None
    organization: Id | None = None
    summary: Text
    significance: Text
    declaration: Declaration | None = None
    sections: list[Id] = Field(min_length=1)

    @property
    def sort_date(self) -> DateSpan:
        return self.date


TreatyKind = Literal[
    "ceasefire", "friendship", "strategic-partnership", "alliance", "military-cooperation", "border",
    "resources", "founding", "customs-union", "defence-community", "other",
]


class Treaty(Checked):
    family: ClassVar[str] = "treaties"
    title: Text
    kind: TreatyKind
    parties: list[Id] = []
    party_names: Text | None = None
    signed: Date | None = None
    adopted: bool = False  # `signed` is the day it was adopted (a vision or declaration), not signed by parties
    in_force: Date | None = None
    place: Text | None = None
    summary: Text
    significance: Text
    sections: list[Id] = Field(min_length=1)

    @property
    def sort_date(self) -> DateSpan | None:
        return self.signed or self.in_force


class Event(Checked):
    family: ClassVar[str] = "events"
    date: Date
    title: Text
    category: Literal["war-security", "institution", "defence-industry", "diplomacy", "history"]
    parties: list[Id] = []
    place: Text | None = None
    summary: Text
    significance: Text
    sections: list[Id] = Field(min_length=1)

    @property
    def sort_date(self) -> DateSpan:
        return self.date


class Organization(Checked):
    family: ClassVar[str] = "organizations"
    name: Text
    abbr: Text | None = None
    role: Literal["ots", "forerunner", "affiliate", "regional", "international", "national"]
    founded: Date | None = None
    renamed: Date | None = None  # when it took this name from its predecessor (the OTS in 2021)
    dissolved: Date | None = None
    predecessor: Id | None = None
    headquarters: Text | None = None
    summary: Text
    sections: list[Id] = []

    @property
    def title(self) -> Text:
        return self.name

    @property
    def sort_date(self) -> DateSpan | None:
        return self.founded or self.renamed


class State(Checked):
    family: ClassVar[str] = "states"
    name: Text
    iso3: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    summary: Text

    @property
    def title(self) -> Text:
        return self.name


class Membership(Record):
    family: ClassVar[str] = "memberships"
    member: Id
    organization: Id
    status: Literal["member", "founding-member", "observer"]
    since: Date | None = None
    summit: Id | None = None

    @property
    def sort_date(self) -> DateSpan | None:
        return self.since


class Term(Strict):
    id: Id
    abbr: Text | None = None
    term: Text
    definition: Text
    aliases: Aliases = []
    organization: Id | None = None
    sources: list[Citation] = Field(min_length=1)


class Note(Strict):
    id: Id
    title: Text
    body: Text
    sources: list[Citation] = Field(min_length=1)


class PageMeta(Strict):
    """content/pages/<id>/page.yaml: a page of the walk-through; its prose lives beside it."""

    title: Text
    order: int
    section: int | None = None
    records: list[Id] = []
    key_points: TextList | None = None


class Page(Strict):
    id: Id
    meta: PageMeta
    prose: dict[str, str]  # lang -> Markdown, as written
    prose_paths: dict[str, str]


class Change(Strict):
    """One change to the content in a release: what kind, in both languages, and what it touched."""

    kind: Literal["added", "corrected", "rewritten", "removed"]
    text: Text
    pages: list[Id] = []
    records: list[Id] = []


class Release(Strict):
    """content/changelog.yaml: one released version of the site and what changed in its content."""

    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]
    date: Date
    changes: list[Change] = Field(min_length=1)


# content/<family>.yaml holds records of one model; the family name is also the URL folder.
RECORD_FILES: dict[str, type[BaseModel]] = {
    "summits": Summit,
    "treaties": Treaty,
    "events": Event,
    "organizations": Organization,
    "states": State,
    "memberships": Membership,
    "glossary": Term,
    "notes": Note,
}
