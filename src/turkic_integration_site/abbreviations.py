"""Markdown `abbr` definitions for the glossary acronyms a page uses, found in one pass over the page."""

from __future__ import annotations

import re
from collections import defaultdict

from .model import Term

_BEFORE, _AFTER = r"(?<![\w/])", r"(?![\w/])"  # an acronym stands alone: not inside a word or a path


class Abbreviations:
    """Built once per language: one compiled alternation finds every place an acronym may start."""

    def __init__(self, terms: list[Term], lang: str):
        self.definitions: dict[str, list[str]] = defaultdict(list)  # acronym -> its terms
        for term in terms:
            if term.abbr:
                self.definitions[term.abbr[lang]].append(term.term[lang])
        longest_first = sorted(self.definitions, key=lambda a: (-len(a), a))
        alternation = "|".join(re.escape(a) for a in longest_first)
        self._starts = re.compile(f"{_BEFORE}(?=(?:{alternation}){_AFTER})") if longest_first else None
        self._whole = {a: re.compile(re.escape(a) + _AFTER) for a in longest_first}

    def used_in(self, text: str) -> set[str]:
        """The acronyms `text` uses; several may start at one place ("TDT" and "TDT Zirvesi")."""
        found: set[str] = set()
        if self._starts is None:
            return found
        for start in self._starts.finditer(text):
            pos = start.start()
            found.update(a for a, whole in self._whole.items() if a not in found and whole.match(text, pos))
            if len(found) == len(self._whole):
                break
        return found

    def footer(self, text: str) -> str:
        """The `*[ACR]: term` lines for `text`, or nothing."""
        lines = {f"*[{a}]: {term}" for a in self.used_in(text) for term in self.definitions[a]}
        return ("\n" + "\n".join(sorted(lines)) + "\n") if lines else ""
