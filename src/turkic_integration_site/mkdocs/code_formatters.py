"""Pygments' HTML formatters made once per set of options (a speed repair, not a change of output).

pymdownx.highlight makes a new Pygments formatter for every code fence, and each new formatter works out its
style's whole stylesheet before it formats a line: about 0.3 ms a fence, a tenth of a record page's conversion.
Every page of this site has three fences (the cite block's BibTeX, RIS and CSL-JSON), all with the same options.
A formatter keeps nothing from one text to the next but a cache of the tag each token type opens, so the one
made for a set of options can format every fence with those options. Installed only where pymdownx.highlight
has the two classes it replaces, so a release that changes them keeps its own way.
"""

from __future__ import annotations

from collections.abc import Callable

from pymdownx import highlight

KEPT = 64  # sets of options; fences with line anchors have one set each, so the cache is emptied when full


def kept(formatter_class: type) -> Callable[..., object]:
    """A stand-in for `formatter_class` that gives the same formatter for the same options."""
    made: dict[str, object] = {}  # repr of the sorted options -> the formatter made with them

    def make(**options):
        key = repr(sorted(options.items()))
        formatter = made.get(key)
        if formatter is None:
            if len(made) >= KEPT:
                made.clear()
            formatter = made[key] = formatter_class(**options)
        return formatter

    make.__wrapped__ = formatter_class
    return make


def install() -> bool:
    """Have pymdownx.highlight reuse its formatters, if it has the classes this replaces."""
    names = ("BlockHtmlFormatter", "InlineHtmlFormatter")
    current = [getattr(highlight, name, None) for name in names]
    if any(not callable(made) for made in current):
        return False
    for name, made in zip(names, current):
        if getattr(made, "__wrapped__", None) is None:  # not installed already
            setattr(highlight, name, kept(made))
    return True
