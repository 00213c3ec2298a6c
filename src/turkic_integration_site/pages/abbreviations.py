"""Markdown `abbr` definitions for the glossary acronyms a page uses, found in one pass over the page."""

from __future__ import annotations

import re
from collections import defaultdict

from ..content.model import Term

_AFTER = r"(?![\w/])"  # an acronym stands alone: not inside a word or a path ...
_WORD_OR_SLASH = re.compile(r"[\w/]")  # ... so the character before it is none of these either


class Abbreviations:
    """Built once per language: one compiled alternation finds every place an acronym may start."""

    def __init__(self, terms: list[Term], lang: str):
        self.definitions: dict[str, list[str]] = defaultdict(list)  # acronym -> its terms
        for term in terms:
            if term.abbr:
                self.definitions[term.abbr[lang]].append(term.term[lang])
        longest_first = sorted(self.definitions, key=lambda a: (-len(a), a))
        # No look-behind in the pattern: a pattern that starts with literals lets the regex engine skip ahead.
        alternation = "|".join(re.escape(a) for a in longest_first)
        self._any = re.compile(f"(?:{alternation}){_AFTER}") if longest_first else None
        self._whole = {a: re.compile(re.escape(a) + _AFTER) for a in longest_first}

    def used_in(self, text: str) -> set[str]:
        """The acronyms `text` uses; several may start at one place ("TDT" and "TDT Zirvesi")."""
        found: set[str] = set()
        match = self._any.search(text) if self._any else None
        while match and len(found) < len(self._whole):
            pos = match.start()
            if pos == 0 or not _WORD_OR_SLASH.match(text, pos - 1):
                found.update(a for a, whole in self._whole.items() if a not in found and whole.match(text, pos))
            match = self._any.search(text, pos + 1)  # the next start, even inside this match
        return found

    def footer(self, text: str) -> str:
        """The `*[ACR]: term` lines for `text`, or nothing."""
        # One definition per acronym (an abbr list shows one; more would grow every page with the glossary).
        # One line each: a line break in a term would end the definition and start Markdown of its own.
        lines = {f"*[{' '.join(a.split())}]: {' '.join(self.definitions[a][0].split())}" for a in self.used_in(text)}
        return ("\n" + "\n".join(sorted(lines)) + "\n") if lines else ""
