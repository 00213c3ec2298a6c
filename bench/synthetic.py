"""Synthetic content at N times today's data, in a throw-away copy of the project.

Copy k (2..N) of every record gets the id `<id>-x<k>`, a numbered title, and its references, citations and
links pointed at copy k of their targets: each copy is a world of its own, so cross-references, back-links
and citations per record stay as dense as in the real data while the totals grow N times. Sources are
copied the same way (`@key-x<k>`), so the bibliography grows with the data. Texts keep their real length
and both languages; the walk-through pages (the article's sections) are not copied.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
PARTS = ("content", "sources", "templates", "mkdocs.yml")
FAMILIES = ("summits", "treaties", "events", "organizations", "states", "memberships", "notes", "glossary")
REFERENCE_FIELDS = ("host", "parties", "organization", "predecessor", "member", "summit", "notes")
TITLE_FIELDS = ("title", "name", "term")
_CITE_KEY = re.compile(r"@([\w:-]*[A-Za-z0-9])")
_LINK = re.compile(r"\]\((record|note):([a-z0-9-]+)")
_BIB_ENTRY = re.compile(r"^@(\w+)\{([^,\s]+),", re.M)
_YEAR_SUFFIX = re.compile(r"^\s*yearsuffix\s*=\s*\{([^}]*)\},?[ \t]*\n", re.M)


class _Dumper(yaml.CSafeDumper):
    """Every value written out: the site refuses YAML aliases (and shared values would make them)."""

    def ignore_aliases(self, data):
        return True


def make_project(dest: Path, scale: int) -> Path:
    """A copy of the project at `dest` whose content is `scale` times today's."""
    for part in PARTS:
        (shutil.copytree if (REPO / part).is_dir() else shutil.copy2)(REPO / part, dest / part)
    (dest / "docs").mkdir(exist_ok=True)
    bib_path = dest / "sources" / "references.bib"
    bib_text = bib_path.read_text(encoding="utf-8")
    # Every key moves to its copy but the article's: there is one article (a corrected record's note cites it).
    keys = {m.group(2) for m in _BIB_ENTRY.finditer(bib_text)} - {"ozdasli-article"}
    if scale > 1:
        bib_path.write_text(bib_text + "".join(_bib_copy(bib_text, k) for k in range(2, scale + 1)),
                            encoding="utf-8")
    for family in FAMILIES:
        path = dest / "content" / f"{family}.yaml"
        records = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        copies = [_copy(r, k, keys) for k in range(2, scale + 1) for r in records]
        path.write_text(yaml.dump(records + copies, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                                  width=10_000), encoding="utf-8")
    return dest


def _bib_copy(text: str, k: int) -> str:
    """Copy k of every entry: key `<key>-x<k>`, and a year letter of its own (`2020x2`, `2024ax2`), since the
    bibliography refuses two entries that would be cited alike."""
    body = text[text.index("\n@") + 1:]  # entries only, without the header comments
    heads = list(_BIB_ENTRY.finditer(body))
    out = []
    for head, following in zip(heads, heads[1:] + [None]):
        entry = body[head.end():following.start() if following else len(body)]
        old = _YEAR_SUFFIX.search(entry)
        entry = _YEAR_SUFFIX.sub("", entry)
        out.append(f"@{head.group(1)}{{{head.group(2)}-x{k},\n  yearsuffix = {{{old.group(1) if old else ''}x{k}}},"
                   + entry)
    return "\n" + "".join(out)


def _copy(record: dict, k: int, keys: set[str]) -> dict:
    """Copy k of a record: new id, numbered title, everything it points at moved to copy k."""
    suffix = f"-x{k}"
    out = _rewrite(record, suffix, keys)
    out["id"] = record["id"] + suffix
    for name in REFERENCE_FIELDS:
        value = record.get(name)
        if isinstance(value, list):
            out[name] = [v + suffix for v in value]
        elif isinstance(value, str):
            out[name] = value + suffix
    if record.get("basis_sources"):  # citation keys without the "@": moved to copy k like the citations
        out["basis_sources"] = [key + suffix if key in keys else key for key in record["basis_sources"]]
    for name in TITLE_FIELDS:
        if isinstance(record.get(name), dict):
            out[name] = {lang: f"{text} ({k})" for lang, text in record[name].items()}
    return out


def _rewrite(value, suffix: str, keys: set[str]):
    """Citations and record/note links inside text, pointed at copy k."""
    if isinstance(value, dict):
        return {name: _rewrite(v, suffix, keys) for name, v in value.items()}
    if isinstance(value, list):
        return [_rewrite(v, suffix, keys) for v in value]
    if isinstance(value, str):
        value = _CITE_KEY.sub(lambda m: f"@{m.group(1)}{suffix}" if m.group(1) in keys else m.group(0), value)
        return _LINK.sub(lambda m: f"]({m.group(1)}:{m.group(2)}{suffix}", value)
    return value
