"""Jinja2 templates in, Markdown pages (one per language) out. Knows nothing of YAML files."""

from __future__ import annotations

import html
import posixpath
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from ..content import markdown, yamlmarks
from ..common.dates import DateSpan
from ..common.errors import ContentError, Problem
from ..content.site import Site
from ..content.model import LANGS


def load_labels(path: Path) -> dict[str, dict[str, str]]:
    """templates/labels.yaml: every label in both languages."""
    doc, problems = yamlmarks.read(path, "templates/labels.yaml")
    if not problems and not isinstance(doc.data, dict):
        problems = [doc.problem((), "expected a mapping of labels")]
    for key, value in (doc.data or {}).items() if not problems else ():
        problems += [doc.problem((key,), f"label '{key}' lacks its '{lang}' text") for lang in LANGS
                     if not isinstance(value, dict) or not isinstance(value.get(lang), str)]
    if problems:
        raise ContentError(problems)
    return {lang: {key: value[lang] for key, value in doc.data.items()} for lang in LANGS}


def record_path(family: str, record_id: str) -> str:
    """Where a record lives in the docs tree: one URL scheme for both languages."""
    if family == "memberships":
        return f"membership.md#{record_id}"
    if family == "notes":
        return f"source-notes.md#{record_id}"
    if family == "glossary":
        return f"glossary.md#{record_id}"
    if family == "sources":
        return f"bibliography.md#{record_id}"
    return f"{family}/{record_id}.md"


def titles(site: Site, record) -> dict[str, str]:
    """What a record is called in lists and links, per language (a membership has no title of its own)."""
    if hasattr(record, "title"):
        return {lang: record.title[lang] for lang in LANGS}
    if hasattr(record, "term"):
        return {lang: record.term[lang] for lang in LANGS}
    member, org = site.record(record.member), site.organizations[record.organization]
    return {lang: f"{member.title[lang]} – {(org.abbr or org.name)[lang]}" for lang in LANGS}


def relative_path(target: str, start_dir: str) -> str:
    """posixpath.relpath for the docs tree's clean relative paths, without its os.getcwd() and abspath calls
    (it runs for every link of every page)."""
    to, here = target.split("/"), [part for part in start_dir.split("/") if part]
    common = 0
    while common < min(len(to) - 1, len(here)) and to[common] == here[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:])


# Backslash escapes Python-Markdown undoes: `{`/`}` would open an attribute list (`{ onclick=... }`), `|` a
# table cell; in plain text (names, titles) links, emphasis and code have no place either.
_DATA_MARKUP = str.maketrans({ch: "\\" + ch for ch in "{}|"})
_TEXT_MARKUP = str.maketrans({ch: "\\" + ch for ch in "\\`*_{}[]|"})


def escape(text: str) -> str:
    """Plain text from data (a name, a title), never markup, on one line: `<script>` shows as `<script>`, `[x](y)`
    as written, a title that starts with "4. bölüm" is a sentence, and a line break is a space (it cannot end a
    table row or open a block)."""
    return markdown.as_paragraph(html.escape(" ".join(str(text).split()), quote=False).translate(_TEXT_MARKUP))


def escape_data(text: str) -> str:
    """A data text that may hold emphasis, citations and links: no HTML, attribute lists or blocks, and none of
    the definitions Python-Markdown's extensions read on a line of their own (a link reference, an abbreviation,
    a footnote: `[x]: …`, `*[X]: …`, `[^x]: …`) or the admonition and details markers `!!!` and `???`."""
    return _no_line_definitions(markdown.as_paragraph(html.escape(text, quote=False).translate(_DATA_MARKUP)))


def _no_line_definitions(text: str) -> str:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        body = line.lstrip(" ")
        indent = line[:len(line) - len(body)]
        if body.startswith(("[", "*[")):
            body = body.replace("[", "\\[", 1)
        elif body.startswith(("!!!", "???")):
            body = {"!": "\\!", "?": "&#63;"}[body[0]] + body[1:]
        lines[i] = indent + body
    return "\n".join(lines)


def ordinal(n: int, lang: str) -> str:
    """'8.' in Turkish, '8th' (1st, 2nd, 3rd, 11th, 12th, 13th, 21st …) in English."""
    if lang == "tr":
        return f"{n}."
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@dataclass
class PageContext:
    """Per page and language: how to link from here, and which sources and terms the page used."""

    site: Site
    lang: str
    path: str  # e.g. "summits/2021-istanbul.md"
    labels: dict[str, str]
    cited: list[str] = field(default_factory=list)
    # Where an item (record, note, term, source) is, as record_path answers; the plan's answer for lists it
    # split into several pages.
    place: Callable[[str, str], str] = record_path

    def place_link(self, family: str, item_id: str) -> str:
        return self.link(self.place(family, item_id))

    def link(self, target: str) -> str:
        target_path, _, anchor = target.partition("#")
        rel = relative_path(target_path, posixpath.dirname(self.path))
        return rel + (f"#{anchor}" if anchor else "")

    def record_link(self, record_id: str) -> str:
        return self.place_link(self.site.record(record_id).family, record_id)

    def record_title(self, record_id: str) -> str:
        return titles(self.site, self.site.record(record_id))[self.lang]

    def cite(self, occurrence: markdown.Citation) -> str:
        bib = self.site.bib
        parts = []
        for c in occurrence.cites:
            self.cited.append(c.key)
            label = bib.label(c.key, self.lang)
            if c.pages:
                terms = bib.styles[self.lang].terms
                label += f", {terms['pp' if c.is_range else 'p']} {c.pages.replace('-', '–')}"
            if occurrence.narrative:
                label = f"{bib.authors_short(c.key, self.lang)} ({bib.year(c.key, self.lang)})"
            href = self.place_link("sources", c.key)
            if (title := self.reference_tip(c.key)) is None:
                parts.append(f"[{escape(label)}]({href})")
            else:
                parts.append(f'[{escape(label)}]({href} "{escape_data(title)}")')  # a link title holds no markup
        return "; ".join(parts) if occurrence.narrative else "(" + "; ".join(parts) + ")"

    def reference_tip(self, key: str) -> str | None:
        """The full reference a citation shows on hover (the link leads to it on the bibliography page)."""
        return self.site.bib.reference(key, self.lang, backend="text").replace('"', "'")

    def md(self, text: str, escape_html: bool = True) -> str:
        """Text from data (`escape_html`) or prose, with citations and the site's own links resolved."""
        found = markdown.scan(text, data=escape_html)
        edits = sorted([(c.start, c.end, self.cite(c)) for c in found.citations]
                       + [(link.start, link.end, self._href(link)) for link in found.links])
        out, pos = [], 0
        for start, end, replacement in edits:
            out += [text[pos:start], replacement]
            pos = end
        out.append(text[pos:])
        return "".join(escape_data(part) if escape_html and i % 2 == 0 else part for i, part in enumerate(out))

    def _href(self, link: markdown.Link) -> str:
        if link.scheme == "record":
            return self.record_link(link.target)
        if link.scheme == "note":
            return self.place_link("notes", link.target)
        if link.target in self.site.records:  # a family's list page: page:summits
            return self.link(f"{link.target}/index.md") + link.anchor
        return self.link(f"{link.target}.md") + link.anchor

    def sources(self, citations: list[str]) -> str:
        """A record's `sources` list, as in-text citations."""
        return self.md("[" + "; ".join(citations) + "]")

    def basis(self, record) -> str:
        """What a checked record rests on, in a sentence of this language, its independent sources linked."""
        keys = record.basis_sources
        text = self.labels[f"basis_{record.basis}_text" + ("" if not keys else "_one" if len(keys) == 1 else "_many")]
        return text.replace("{sources}", self.sources(["@" + key for key in keys]) if keys else "")


class Renderer:
    def __init__(self, site: Site, templates: Path, site_url: str, build_date: str, editors: str | None = None,
                 bytecode_cache: jinja2.BytecodeCache | None = None):
        self.site = site
        self.place: Callable[[str, str, str], str] = lambda family, item_id, lang: record_path(family, item_id)
        self.labels = load_labels(templates / "labels.yaml")
        self.site_url = site_url.rstrip("/") + "/"
        self.build_date = build_date
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates),
            undefined=jinja2.StrictUndefined,
            autoescape=False,  # the output is Markdown: data text is escaped by `md`/`esc` instead
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            bytecode_cache=bytecode_cache,  # under `mkdocs serve`: templates compiled once, again only when edited
        )
        self.env.filters["esc"] = escape
        self.env.filters["date"] = lambda d, lang: d.format(lang) if isinstance(d, DateSpan) else ""
        self.env.filters["ordinal"] = ordinal
        self.templates = templates
        self._compile_all()

    def _compile_all(self) -> None:
        """Every template's syntax errors at once, before any page is rendered."""
        problems = []
        for name in self.env.list_templates(extensions=["j2"]):
            try:
                self.env.get_template(name)
            except jinja2.TemplateSyntaxError as err:
                problems.append(Problem(f"templates/{err.name or name}", err.lineno or 1, 1,
                                        f"template syntax: {err.message}"))
        if problems:
            raise ContentError(problems)

    def page(self, template: str, path: str, lang: str, context_class=PageContext, **context) -> str:
        ctx = context_class(self.site, lang, path, self.labels[lang],
                            place=lambda family, item_id: self.place(family, item_id, lang))
        url_path = path.removesuffix("index.md").removesuffix(".md")
        url_path = url_path + "/" if url_path and not url_path.endswith("/") else url_path
        prefix = "" if lang == LANGS[0] else f"{lang}/"
        try:
            return self.env.get_template(template).render(
                site=self.site, lang=lang, other_lang=[l for l in LANGS if l != lang][0], L=self.labels[lang],
                page=ctx, path=path, permanent_url=self.site_url + prefix + url_path, build_date=self.build_date,
                **context,
            )
        except (jinja2.TemplateError, TypeError) as err:
            raise ContentError([self._template_problem(err, template)]) from None

    def _template_problem(self, err: Exception, template: str) -> Problem:
        """The template line being rendered when `err` happened (Jinja puts template lines in tracebacks)."""
        root = self.templates.resolve()
        frames = [(Path(f.filename).resolve(), f.lineno) for f in traceback.extract_tb(err.__traceback__)]
        frames = [(path.relative_to(root).as_posix(), line) for path, line in frames if path.is_relative_to(root)]
        name, line = frames[-1] if frames else (template, 1)
        message = err.message if isinstance(err, jinja2.TemplateError) and err.message else str(err)
        return Problem(f"templates/{name}", line, 1, f"template: {message}")


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled theme templates kept in memory between builds (each language build and each rebuild makes
    a new Jinja environment). Jinja checks the template source's checksum, so an edited template compiles
    again."""

    def __init__(self):
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()
