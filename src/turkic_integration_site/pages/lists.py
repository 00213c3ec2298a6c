"""Long lists cut into pages of a bounded size, so no page grows with the data."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..citations.bibliography import collation_key
from ..content.site import Site
from .render import record_path

# Items per page of a long list, so no page grows with the data: about 200 KB of HTML each at most
# (today's timeline of ~110 items is 84 KB, a records list row is lighter). Below these, one page as before.
PART_SIZE = {"timeline": 250, "index": 300, "notes": 50, "membership": 100}
# The bibliography splits by size, not count: its entries range from a line to a long BibTeX block. A source
# weighs about what it prints (its fields three times: reference, COinS, BibTeX; a line per citer listed);
# BIBLIOGRAPHY_BYTES of that keeps a page under about 170 KB of HTML.
BIBLIOGRAPHY_BYTES = 90_000
ENTRY_BYTES, CITER_BYTES = 600, 110
# The glossary too: a term weighs its text plus each citation's share of the page (the link's full-reference
# title, and the source's entry in the page's list of sources). Today's 28 terms weigh 103 KB (one page); a
# page of the 100x glossary is then about 100 KB of Markdown (it was 190 KB at 60 terms a page).
GLOSSARY_BYTES, TERM_BYTES, CITATION_BYTES = 110_000, 300, 900
# The summit comparison too: a row weighs its texts (title, declaration, quote, security) plus its table cells
# and each citation's link with its full-reference title. The 100x comparison, cut at 150 rows a page, had a
# 219 KB page once one row gained a sentence; at this budget a page holds about 90 of today's rows (~150 KB).
COMPARISON_BYTES, ROW_BYTES, ROW_CITATION_BYTES = 130_000, 300, 400


@dataclass
class Listing:
    records: list[str]


@dataclass
class Part:
    """One page of a list split by year: its path, its label (`2016–2020`) and its groups of items."""

    path: str
    label: str
    groups: list[tuple[object, list]]


def split(path: str, groups: list[tuple[object, list]], limit: int, weight=lambda item: 1) -> list[Part]:
    """Consecutive groups packed into pages of at most `limit` (items, or their `weight`); a group larger
    than a page is cut. The first page keeps `path` (what the navigation and links name); the next are
    `<stem>-2.md`, ..."""
    packed: list[list[tuple[object, list]]] = [[]]
    size = 0
    for label, items in groups:
        chunks, chunk, chunk_size = [], [], 0
        for item in items:  # the group cut into page-sized chunks
            item_size = weight(item)
            if chunk and chunk_size + item_size > limit:
                chunks.append((chunk, chunk_size))
                chunk, chunk_size = [], 0
            chunk.append(item)
            chunk_size += item_size
        if chunk:  # an empty group adds nothing, as before
            chunks.append((chunk, chunk_size))
        for chunk, chunk_size in chunks:
            if packed[-1] and size + chunk_size > limit:
                packed.append([])
                size = 0
            packed[-1].append((label, chunk))
            size += chunk_size
    stem = path.removesuffix(".md")
    parts = []
    for i, groups_here in enumerate(packed):
        first, last = (groups_here[0][0], groups_here[-1][0]) if groups_here else ("", "")
        label = f"{first}–{last}" if first != last else str(first)
        same = sum(1 for p in parts if p.label.split(" (")[0] == label)  # a cut group: "2021", "2021 (2)"
        parts.append(Part(path if i == 0 else f"{stem}-{i + 1}.md", f"{label} ({same + 1})" if same else label,
                          groups_here))
    return parts


def numbered(items: list) -> list[tuple[int, list]]:
    """Items as groups of one, labelled by position (a split list's pages read `1–60`, `61–120`)."""
    return [(i, [item]) for i, item in enumerate(items, 1)]


def initial(name: str, lang: str) -> str:
    """The letter a name is filed under: `İ` for `i...` in Turkish."""
    first = name[:1]
    return "İ" if lang == "tr" and first == "i" else first.upper()


def pager(parts: list[Part], current: Part) -> list[tuple[str, str, bool]] | None:
    """Links between the pages of a split list; None when the list is one page."""
    return [(p.label, p.path, p is current) for p in parts] if len(parts) > 1 else None


class Lists:
    """The lists whose entries are linked to by anchor (sources, glossary, notes, memberships), split per language."""

    def __init__(self, site: Site, langs, citer_lines):
        self.site = site
        self.citer_lines = citer_lines  # key -> the lines its entry gives its citers (citers.lines_in_entry)
        self.parts = self._split(langs)

    def _source_bytes(self, key: str) -> int:
        entry = self.site.bib.sources[key].entry
        printed = sum(len(v) for v in entry.fields.values()) + sum(len(str(p)) for ps in entry.persons.values()
                                                                     for p in ps)
        return ENTRY_BYTES + 3 * printed + CITER_BYTES * self.citer_lines(key)

    def _split(self, langs) -> dict[tuple[str, str], list[Part]]:
        """The lists whose entries are linked to by anchor, per (family, language), split when long: sources
        and glossary terms by initial letter, notes and memberships in page order."""
        site, bib, out = self.site, self.site.bib, {}
        notes = list(site.notes.values())
        members = sorted(site.memberships.values(),
                         key=lambda m: (m.organization, m.since is None, m.since.start if m.since else None, m.id))
        for lang in langs:
            letters: dict[str, list] = {}
            for key in bib.sorted_keys(lang):
                letters.setdefault(initial(bib.authors_short(key, lang), lang), []).append(key)
            out["sources", lang] = split("bibliography.md", list(letters.items()), BIBLIOGRAPHY_BYTES,
                                         self._source_bytes)
            letters = {}
            for t in sorted(site.terms.values(), key=lambda t: collation_key((t.abbr or t.term)[lang], lang)):
                letters.setdefault(initial((t.abbr or t.term)[lang], lang), []).append(t)
            out["glossary", lang] = split("glossary.md", list(letters.items()), GLOSSARY_BYTES,
                                          lambda t, lang=lang: _term_bytes(t, lang))
            out["notes", lang] = split("source-notes.md", numbered(notes), PART_SIZE["notes"])
            out["memberships", lang] = split("membership.md", numbered(members), PART_SIZE["membership"])
        return out

    @cached_property
    def _places(self) -> dict[tuple[str, str], dict[str, str]]:
        return {name: {item if isinstance(item, str) else item.id: part.path
                       for part in parts for _, items in part.groups for item in items}
                for name, parts in self.parts.items()}

    def place(self, family: str, item_id: str, lang: str) -> str:
        """Where an item is: its page, with its anchor when it is one entry of a list."""
        if family == "pages":
            return f"{item_id}.md"
        page = self._places.get((family, lang), {}).get(item_id)
        return f"{page}#{item_id}" if page else record_path(family, item_id)


def _term_bytes(term, lang: str) -> int:
    citations = len(term.sources) + term.definition[lang].count("@")
    return TERM_BYTES + len(term.definition[lang]) + sum(map(len, term.aliases)) + CITATION_BYTES * citations



def comparison_parts(groups: list[tuple[object, list]], summits: dict, lang: str) -> list[Part]:
    """The summit comparison's pages: the rows, by year, packed by weight (COMPARISON_BYTES)."""
    return split("summit-comparison.md", groups, COMPARISON_BYTES, lambda rid: _declaration_bytes(summits[rid], lang))


def _declaration_bytes(summit, lang: str) -> int:
    declaration = summit.declaration
    texts = [summit.title[lang], declaration.name[lang], declaration.security[lang]]
    texts += [declaration.quote[lang]] if declaration.quote else []
    return ROW_BYTES + sum(len(text.encode()) for text in texts) + ROW_CITATION_BYTES * declaration.security[lang].count("@")
