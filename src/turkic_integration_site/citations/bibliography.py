"""BibTeX in: the checked bibliography, with in-text labels, full references and sort keys per language."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pybtex.errors
from pybtex.database import BibliographyData, Entry, parse_string
from pybtex.richtext import Text
from pybtex.scanner import PybtexError, PybtexSyntaxError

from ..common import textfile
from ..common.dates import PartialDate
from ..common.errors import Problem
from .style import BACKENDS, TERMS, AuthorDateStyle, is_others, plain_text

REQUIRED = ("intext", "complete")
YES_NO = ("complete", "identified")  # `identified = {yes}`: details the site added, marked in the reference


@dataclass(frozen=True)
class Source:
    key: str
    entry: Entry

    @property
    def complete(self) -> bool:
        return self.entry.fields.get("complete") == "yes"

    @property
    def identification(self) -> str:
        """`identified` (the site found the work the article cites), `not_identified` (searched, not found), or
        "" for a source the site consulted itself, which is not one of the article's."""
        if self.entry.fields.get("identified") == "yes":
            return "identified"
        return "not_identified" if "identifiedhow" in self.entry.fields else ""

    @property
    def intext_as_printed(self) -> str:
        return plain_text(self.entry.fields["intext"])


class Bibliography:
    """The parsed .bib file, with in-text labels, full references and sort keys per language."""

    def __init__(self, sources: dict[str, Source], text: str):
        self.sources = sources
        self.text = text
        self.styles = {lang: AuthorDateStyle(lang) for lang in TERMS}
        self._references: dict[tuple[str, str, str], str] = {}
        self._authors_short: dict[tuple[str, str], str] = {}
        self._formatted: dict[tuple[str, str], Text] = {}
        self._derived: dict[str, object] = {}
        self._sort_keys: dict[tuple[str, str], tuple] = {}

    def derived(self, name: str, build):
        """`build(self)`, made once: a form of every source (BibTeX, COinS) that depends on the sources alone."""
        if name not in self._derived:
            self._derived[name] = build(self)
        return self._derived[name]

    def __contains__(self, key: str) -> bool:
        return key in self.sources

    def authors_short(self, key: str, lang: str) -> str:
        """`Haas`, `Akıncı ve Jafarlı`, `Amirbek vd.`, `Türk Devletleri Teşkilatı`."""
        # Decoding LaTeX names is slow: once per key and language, not once per citation.
        if (key, lang) not in self._authors_short:
            self._authors_short[key, lang] = self._authors_short_uncached(key, lang)
        return self._authors_short[key, lang]

    def _authors_short_uncached(self, key: str, lang: str) -> str:
        entry = self.sources[key].entry
        persons = entry.persons.get("author", [])
        if not persons:  # APA: a work without an author is cited by its title
            return plain_text(entry.fields["title"])
        lasts = [plain_text(" ".join(p.prelast_names + p.last_names)) for p in persons if not is_others(p)]
        others = len(lasts) > 2 or any(is_others(p) for p in persons)
        if others:
            return f"{lasts[0]} {self.styles[lang].terms['others']}"
        joiner = " ve " if lang == "tr" else " & "
        return joiner.join(lasts)

    def year(self, key: str, lang: str) -> str:
        return self.styles[lang].year_label(self.sources[key].entry)

    def label(self, key: str, lang: str) -> str:
        """The in-text form without parentheses: `Haas, 1961`."""
        return f"{self.authors_short(key, lang)}, {self.year(key, lang)}"

    def reference(self, key: str, lang: str, backend: str = "markdown") -> str:
        if (key, lang, backend) not in self._references:
            if (key, lang) not in self._formatted:  # formatted once, rendered once per backend
                self._formatted[key, lang] = self.styles[lang].format_entry(key, self.sources[key].entry).text
            self._references[key, lang, backend] = self._formatted[key, lang].render(BACKENDS[backend])
        return self._references[key, lang, backend]

    def sort_key(self, key: str, lang: str) -> tuple:
        if (key, lang) not in self._sort_keys:  # asked for every sorted list of sources on every page
            self._sort_keys[key, lang] = collation_key(self.authors_short(key, lang) + " " + self.year(key, lang), lang)
        return self._sort_keys[key, lang]

    def sorted_keys(self, lang: str) -> list[str]:
        return sorted(self.sources, key=lambda k: self.sort_key(k, lang))


# Turkish alphabet order; q, w, x (absent from Turkish) and Azerbaijani ə are placed by their Latin neighbours.
_TR_ALPHABET = "aâbcçdeəfgğhıiîjklmnoöpqrsştuüûvwxyz"
_TR_RANK = {ch: i for i, ch in enumerate(_TR_ALPHABET)}


def turkish_lower(text: str) -> str:
    return text.replace("I", "ı").replace("İ", "i").lower()


def collation_key(text: str, lang: str) -> tuple:
    """Latin-script names first (Turkish or English order), then Cyrillic in Cyrillic order.

    Turkish order puts C < Ç, G < Ğ, I < İ, O < Ö, S < Ş, U < Ü; English order ignores diacritics.
    """
    if lang == "tr":
        letters = turkish_lower(text)
        ranks = tuple(
            (0, _TR_RANK[ch]) if ch in _TR_RANK else ((2, ord(ch)) if ch.isalpha() else (-1, ord(ch)))
            for ch in letters
        )
    else:
        letters = unicodedata.normalize("NFKD", text.replace("ə", "e").replace("Ə", "E").replace("ı", "i").casefold())
        ranks = tuple(
            (0, ord(ch)) if "a" <= ch <= "z" else ((2, ord(ch)) if ch.isalpha() else (-1, ord(ch)))
            for ch in letters
            if not unicodedata.combining(ch)
        )
    script = 1 if any("\u0400" <= ch <= "\u04ff" for ch in text[:1]) else 0
    return (script, ranks)


def load(path: Path, display: str) -> tuple[Bibliography | None, list[Problem]]:
    text, problems = textfile.read(path, display)
    if problems:
        return None, problems
    bib, problems = _parsed(text, display)
    return bib, list(problems)


@functools.lru_cache(maxsize=1)  # `mkdocs serve`: an edit elsewhere keeps the sources as parsed and formatted
def _parsed(text: str, display: str) -> tuple[Bibliography | None, tuple[Problem, ...]]:
    bib, problems = _parse(text, display)
    return bib, tuple(problems)


def _parse(text: str, display: str) -> tuple[Bibliography | None, list[Problem]]:
    problems = _repeated_keys(text, display)
    if problems:
        return None, problems
    pybtex.errors.set_strict_mode(True)
    try:
        data: BibliographyData = parse_string(text, "bibtex")
    except PybtexSyntaxError as err:
        unclosed = _unclosed_entry(text)
        if unclosed is not None:  # pybtex reads on to the end of the file: the entry that never closes is the cause
            key, line = unclosed
            return None, [Problem(display, line, 1, f"BibTeX syntax: entry '{key}' never closes its braces")]
        line, pos = err.lineno, err.error_context_info[-1]  # pos: offset in the whole text
        col = pos - (text.rfind("\n", 0, pos) + 1) + 1
        return None, [Problem(display, line, max(col, 1), f"BibTeX syntax: {_reason(err)}")]
    except PybtexError as err:
        key = re.search(r"entry[: ]+\"?([\w:-]+)", str(err))
        line = entry_line(text, key.group(1)) if key else 1
        return None, [Problem(display, line, 1, f"BibTeX: {err}")]
    problems: list[Problem] = []
    sources: dict[str, Source] = {}
    lines = entry_lines(text)
    for key, entry in data.entries.items():
        line = entry_line(text, key, lines)
        if "journaltitle" in entry.fields and "journal" not in entry.fields:  # biblatex spelling
            entry.fields["journal"] = entry.fields.pop("journaltitle")
        missing = [f for f in REQUIRED if f not in entry.fields]
        if "author" not in entry.persons and "title" not in entry.fields:
            missing.append("author or title")
        if missing:
            problems.append(Problem(display, line, 1, f"entry '{key}' lacks {', '.join(missing)}"))
            continue
        wrong = [f for f in YES_NO if entry.fields.get(f, "no") not in ("yes", "no")]
        if wrong:
            problems.append(Problem(display, line, 1, f"entry '{key}': {wrong[0]} must be yes or no"))
            continue
        if not re.fullmatch(r"\d{1,4}", entry.fields.get("year", "0")):
            problems.append(Problem(display, line, 1, f"entry '{key}': year '{entry.fields['year']}' is not a year"))
            continue
        if "url" in entry.fields and not re.fullmatch(r"https?://[^\s\"'<>`{}|\\^]+", entry.fields["url"]):
            problems.append(Problem(display, line, 1, f"entry '{key}': url '{entry.fields['url']}' is not an "
                                                      "http:// or https:// address"))
            continue
        if "date" in entry.fields:
            try:
                PartialDate.parse(entry.fields["date"])
            except ValueError as err:
                problems.append(Problem(display, line, 1, f"entry '{key}': {err}"))
                continue
        sources[key] = Source(key, entry)
    bibliography = Bibliography(sources, text)
    return bibliography, problems + _same_labels(bibliography, display)


def _same_labels(bib: Bibliography, display: str) -> list[Problem]:
    """APA tells works of one author and year apart by a letter (`2024a`): two entries that would both be
    cited as `News.az, 2022` are refused at the second, which needs a `yearsuffix`."""
    first: dict[str, str] = {}
    problems = []
    for key in bib.sources:
        label = bib.label(key, "en")
        if label in first:
            problems.append(Problem(display, entry_line(bib.text, key), 1,
                                    f"entry '{key}' would be cited as '{label}', like '{first[label]}': give each "
                                    "a yearsuffix (a, b, ...)"))
        first.setdefault(label, key)
    return problems


def _reason(err: PybtexSyntaxError) -> str:
    """pybtex says "syntax error in line 5: '}' expected": the place is ours to print."""
    return re.sub(r"^syntax error in line \d+: ", "", str(err))


_ENTRY_HEAD = re.compile(r"@(\w+)\s*[{(]\s*([^,\s{}()]+)\s*,")


def _heads(text: str) -> Iterator[tuple[re.Match, int]]:
    """Each entry head (`@article{key,`: type, key) and its line, in one pass over the text. A key holds no
    bracket, so no head can hide inside another's key."""
    line, at = 1, 0
    for match in _ENTRY_HEAD.finditer(text):
        line += text.count("\n", at, match.start())
        at = match.start()
        yield match, line


def _repeated_keys(text: str, display: str) -> list[Problem]:
    """Each entry whose key (compared without case, as BibTeX does) was used before, at the repetition."""
    first: dict[str, int] = {}
    problems = []
    for match, line in _heads(text):
        if match.group(1).lower() in ("string", "preamble", "comment"):
            continue
        key = match.group(2)
        if key.lower() in first:
            column = match.start(2) - (text.rfind("\n", 0, match.start(2)) + 1) + 1
            problems.append(Problem(display, line, column, f"duplicate key '{key}' (first used at line {first[key.lower()]})"))
        else:
            first[key.lower()] = line
    return problems


def _unclosed_entry(text: str) -> tuple[str, int] | None:
    """(key, line) of the first entry whose braces are still open where the next entry (or the file) begins."""
    heads = [(m, line) for m, line in _heads(text) if m.group(1).lower() not in ("string", "preamble", "comment")]
    for (head, line), following in zip(heads, [m for m, _ in heads[1:]] + [None]):
        body = text[head.start():following.start() if following else len(text)]
        if body.count("{") - body.count("\\{") > body.count("}") - body.count("\\}"):
            return head.group(2), line
    return None


def entry_lines(text: str) -> dict[str, int]:
    """Each key's line in `text` (the first entry that has it), as entry_line gives it, in one pass: asking
    entry_line for every key reads the text again for each, which grows with the square of the entries (about a
    minute at the benchmark's 100×)."""
    lines: dict[str, int] = {}
    for head, line in _heads(text):
        lines.setdefault(head.group(2), line)
    return lines


def entry_line(text: str, key: str, lines: dict[str, int] | None = None) -> int:
    """The line of the entry `key` in `text` (1 if there is none); `lines`, from entry_lines(text), saves
    reading the text."""
    if lines is not None and key in lines:
        return lines[key]
    match = re.search(r"@\w+\s*[{(]\s*" + re.escape(key) + r"\s*,", text)
    return text.count("\n", 0, match.start()) + 1 if match else 1
