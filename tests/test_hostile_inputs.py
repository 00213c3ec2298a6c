"""A corpus of hostile and broken inputs. Each is refused with its exact located message (exit 1, no
traceback, docs/ untouched, in bounded time), or, where it is only text, rendered harmlessly."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import markdown as python_markdown
import pytest
import yaml

from conftest import REPO, cli
from test_bad_input import VALID, tree_digest
from turkic_integration_site.pages.build import render_files
from turkic_integration_site.cli import main
from turkic_integration_site.content.load import load_site


@dataclass(frozen=True)
class Edit:
    path: str  # relative to the project
    mode: str  # prepend | append | write | replace
    payload: str | bytes
    old: str = ""


def apply(project: Path, edit: Edit) -> None:
    target = project / edit.path
    if edit.mode == "write":
        data = edit.payload if isinstance(edit.payload, bytes) else edit.payload.encode("utf-8")
        target.write_bytes(data)
        return
    text = target.read_bytes()
    payload = edit.payload if isinstance(edit.payload, bytes) else edit.payload.encode("utf-8")
    if edit.mode == "prepend":
        target.write_bytes(payload + text)
    elif edit.mode == "append":
        target.write_bytes(text + payload)
    else:
        old = edit.old.encode("utf-8")
        assert old in text, edit
        target.write_bytes(text.replace(old, payload, 1))


def summit(**changes: str) -> str:
    """The valid test record with some lines replaced."""
    record = VALID
    for old, new in changes.items():
        record = record.replace(old.replace("_", " ") if old.startswith("_") else old, new)
    return record


def record_with_summary(en: str) -> Edit:
    return Edit("content/summits.yaml", "prepend", VALID.replace('en: "Summary [@ozdasli-article]"', f"en: {en}"))


SUMMARY_COL = 48  # where the English summary's value starts on line 5 of VALID
BILLION_LAUGHS = "".join(
    [f'a0: &a0 ["lol", "lol"]\n'] + [f"a{i}: &a{i} [*a{i-1}, *a{i-1}, *a{i-1}]\n" for i in range(1, 10)])
WAR_EN = "content/pages/war/en.md"
PROSE_HEAD = "## Heading\n\n"

REFUSED: dict[str, tuple[Edit, list[str]]] = {
    # ---- YAML: the file as a whole -------------------------------------------------------------------------
    "duplicate key": (Edit("content/summits.yaml", "prepend", VALID.replace("  series: ots\n", "  series: ots\n  series: other\n")),
                      ["content/summits.yaml:5:3: duplicate key 'series'"]),
    "alias": (Edit("content/summits.yaml", "prepend", VALID.replace("title: {", "title: &t {").replace(
        "  series: ots\n", "  series: ots\n  place: *t\n")),
              ["content/summits.yaml:5:10: alias '*t' is not allowed (write the value out)"]),
    "merge key": (Edit("content/summits.yaml", "prepend", VALID.replace("title: {", "title: &t {").replace(
        "  series: ots\n", "  series: ots\n  place: {<<: *t}\n")),
                  ["content/summits.yaml:5:15: alias '*t' is not allowed (write the value out)"]),
    "billion laughs": (Edit("content/summits.yaml", "write", BILLION_LAUGHS),
                       [f"content/summits.yaml:{i + 1}:{col}: alias '*a{i - 1}' is not allowed (write the value out)"
                        for i in range(1, 10) for col in (10, 15, 20)]),
    "non-UTF-8 byte mid-file": (Edit("content/summits.yaml", "prepend", VALID.encode().replace(b"Anlam", b"Anl\xe2m")),
                                ["content/summits.yaml:6:25: not UTF-8: byte 0xE2 (invalid continuation byte); "
                                 "save the file as UTF-8"]),
    "latin-1 file": (Edit("content/summits.yaml", "prepend", "# Özet\n".encode("latin-1")),
                     ["content/summits.yaml:1:3: not UTF-8: byte 0xD6 (invalid continuation byte); save the file as UTF-8"]),
    "byte order mark": (Edit("content/summits.yaml", "prepend", b"\xef\xbb\xbf"),
                        ["content/summits.yaml:1:1: file starts with a byte order mark (save it as UTF-8 without BOM)"]),
    "tab indentation": (Edit("content/summits.yaml", "prepend", VALID.replace("  series: ots", "\tseries: ots")),
                        ["content/summits.yaml:4:1: YAML syntax: while scanning for the next token (line 4): "
                         "found character that cannot start any token (a tab: indent with spaces)"]),
    "control character in YAML": (Edit("content/summits.yaml", "prepend", "# bell \x07\n"),
                                  ["content/summits.yaml:1:8: character U+0007 is not allowed in YAML (remove it)"]),
    "empty file": (Edit("content/summits.yaml", "write", ""), ["content/summits.yaml:1:1: file is empty"]),
    "only whitespace": (Edit("content/notes.yaml", "write", "\n  \n"), ["content/notes.yaml:1:1: file is empty"]),
    "only a comment": (Edit("content/summits.yaml", "write", "# nothing yet\n"),
                       ["content/summits.yaml:1:1: expected a list of records"]),
    "mapping at top level": (Edit("content/summits.yaml", "write", "id: x\ntitle: y\n"),
                             ["content/summits.yaml:1:1: expected a list of records"]),
    "scalar record": (Edit("content/summits.yaml", "prepend", "- just a sentence\n"),
                      ["content/summits.yaml:1:3: 'record': input should be a valid dictionary or instance of Summit"]),
    "deep nesting": (Edit("content/summits.yaml", "write", "[" * 200 + "]" * 200 + "\n"),
                     ["content/summits.yaml:1:21: nested deeper than 20 levels"]),
    "complex key": (Edit("content/summits.yaml", "prepend", VALID.replace("  series: ots\n", "  series: ots\n  ? [a, b]\n  : c\n")),
                    ["content/summits.yaml:5:5: a key must be plain text"]),
    "explicit int tag on a word": (Edit("content/summits.yaml", "prepend", VALID.replace("  series: ots\n", "  series: ots\n  number: !!int eight\n")),
                                   ["content/summits.yaml:5:11: 'eight' is not a valid int"]),
    "empty tagged int": (Edit("content/summits.yaml", "prepend", VALID.replace("  series: ots\n", "  series: ots\n  number: !!int\n")),
                         ["content/summits.yaml:5:11: '' is not a valid int"]),
    "lone carriage return": (Edit("content/summits.yaml", "prepend", "# old Mac line\r- x\n"),
                             ["content/summits.yaml:1:15: line break U+000D (end lines with \\n or \\r\\n)"]),
    "line separator in prose": (Edit(WAR_EN, "prepend", "A line\u2028break\n\n"),
                                ["content/pages/war/en.md:1:7: line break U+2028 (end lines with \\n or \\r\\n)"]),
    "python object tag": (Edit("content/summits.yaml", "prepend", VALID.replace("  series: ots\n", "  series: !!python/object:os.system ots\n")),
                          []),  # a tag is only a name here: the value stays the text 'ots' (checked below)
    "timestamp with time": (Edit("content/summits.yaml", "prepend", VALID.replace("date: 2021-11-12", "date: 2021-11-12 10:00:00")),
                            ["content/summits.yaml:2:9: 'date': '2021-11-12 10:00:00' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)"]),
    "line break in an id": (Edit("content/summits.yaml", "prepend", VALID.replace("id: test-summit", 'id: "a\\nb\\x07"')),
                            ["content/summits.yaml:1:7: 'id': 'a\\nb\\x07' is not a valid id (lowercase letters, digits and hyphens)"]),
    "page.yaml duplicate key": (Edit("content/pages/war/page.yaml", "append", "order: 9\n"),
                                ["content/pages/war/page.yaml:{line}:1: duplicate key 'order'"]),
    "labels.yaml lacks a language": (Edit("templates/labels.yaml", "append", "probe_label: {tr: Deneme}\n"),
                                     ["templates/labels.yaml:{line}:14: label 'probe_label' lacks its 'en' text"]),
    # ---- data text ------------------------------------------------------------------------------------------
    "javascript link in data": (record_with_summary('"See [this](javascript:alert(1))"'),
                                [f"content/summits.yaml:5:{SUMMARY_COL + 1 + 11}: link scheme 'javascript:' is not allowed "
                                 "(use http:, https:, mailto:, record:, page:, note: or a relative link)"]),
    "javascript link CommonMark reads as text": (record_with_summary('"[x](javascript:alert(1)//\'a b\')"'),
                                                 [f"content/summits.yaml:5:{SUMMARY_COL + 1 + 2}: '](' outside a link: another "
                                                  "Markdown reader may take it for one (write [text](target) with no space "
                                                  "in the target, or escape the bracket: \\])"]),
    "title breaking out of its link text": (
        Edit("content/summits.yaml", "prepend", VALID.replace("en: Test summit}", 'en: "x](javascript:alert(1)) [y"}')),
        ["content/summits.yaml:3:37: '](' outside a link: another Markdown reader may take it for one "
         "(write [text](target) with no space in the target, or escape the bracket: \\])"]),
    "data: link in data": (record_with_summary('"[x](data:text/html;base64,PHNjcmlwdD4=)"'),
                           [f"content/summits.yaml:5:{SUMMARY_COL + 1 + 4}: link scheme 'data:' is not allowed "
                            "(use http:, https:, mailto:, record:, page:, note: or a relative link)"]),
    "obfuscated javascript link": (record_with_summary("'[x](JaVa&#x09;ScRipt:alert(1))'"),
                                   [f"content/summits.yaml:5:{SUMMARY_COL + 1 + 4}: link scheme 'javascript:' is not allowed "
                                    "(use http:, https:, mailto:, record:, page:, note: or a relative link)"]),
    "vbscript autolink in data": (record_with_summary('"<vbscript:msgbox(1)>"'),
                                  [f"content/summits.yaml:5:{SUMMARY_COL + 1 + 1}: link scheme 'vbscript:' is not allowed "
                                   "(use http:, https:, mailto:, record:, page:, note: or a relative link)"]),
    "javascript reference link in data": (record_with_summary('"[x][r]\\n\\n[r]: javascript:alert(1)"'),
                                          [f"content/summits.yaml:5:{SUMMARY_COL}: link scheme 'javascript:' is not allowed "
                                           "(use http:, https:, mailto:, record:, page:, note: or a relative link)"]),
    "image in data": (record_with_summary('"![x](http://tracker.example/p.png)"'),
                      [f"content/summits.yaml:5:{SUMMARY_COL + 1 + 5}: an image here would load from another place "
                       "(use a figure of the site)"]),
    "escape character in data": (record_with_summary('"Summary \\e[31m red"'),
                                 [f"content/summits.yaml:5:{SUMMARY_COL}: control character U+001B (remove it)"]),
    "bell in data": (record_with_summary('"Sum\\x07mary"'),
                     [f"content/summits.yaml:5:{SUMMARY_COL}: control character U+0007 (remove it)"]),
    "bidi override in data": (record_with_summary('"Summary \\u202Eevil"'),
                              [f"content/summits.yaml:5:{SUMMARY_COL}: control character U+202E (remove it)"]),
    "unknown record link in data": (record_with_summary('"As [the summit](record:2021-istanbull) said"'),
                                    [f"content/summits.yaml:5:{SUMMARY_COL + 1 + 16}: unknown record '2021-istanbull'"]),
    "malformed internal link in data": (record_with_summary('"[x](record:Not_An_Id)"'),
                                        [f"content/summits.yaml:5:{SUMMARY_COL + 1 + 4}: malformed record link 'record:Not_An_Id' "
                                         "(write record:id or record:id#anchor)"]),
    "unclosed citation in data": (record_with_summary('"Summary [@ozdasli-article, s. 3"'),
                                  [f"content/summits.yaml:5:{SUMMARY_COL + 1 + 8}: citation bracket '[@' is never closed "
                                   "(write [@key] or [@key, s. 12])"]),
    # ---- prose -----------------------------------------------------------------------------------------------
    "unknown page in prose": (Edit(WAR_EN, "prepend", PROSE_HEAD + "See [the part](page:efects).\n"),
                              ["content/pages/war/en.md:3:16: unknown page 'efects'"]),
    "unknown note in prose": (Edit(WAR_EN, "prepend", PROSE_HEAD + "A [note](note:no-such-note).\n"),
                              ["content/pages/war/en.md:3:10: unknown note 'no-such-note'"]),
    "unclosed citation in prose": (Edit(WAR_EN, "prepend", PROSE_HEAD + "Text [@haas1961, s. 3 and on.\n"),
                                   ["content/pages/war/en.md:3:6: citation bracket '[@' is never closed "
                                    "(write [@key] or [@key, s. 12])"]),
    "malformed citation in prose": (Edit(WAR_EN, "prepend", PROSE_HEAD + "Text [@haas1961 p 3].\n"),
                                    ["content/pages/war/en.md:3:6: malformed citation '[@haas1961 p 3]' "
                                     "(write [@key], [@key, s. 12] or [@a; @b])"]),
    "raw HTML block in prose": (Edit(WAR_EN, "prepend", PROSE_HEAD + '<div onclick="alert(1)">x</div>\n\n'),
                                ["content/pages/war/en.md:3:1: raw HTML is not allowed (write Markdown)"]),
    "inline HTML in prose": (Edit(WAR_EN, "prepend", PROSE_HEAD + 'A <img src=x onerror="alert(1)"> here.\n'),
                             ["content/pages/war/en.md:3:3: raw HTML is not allowed (write Markdown)"]),
    "javascript link in a prose list": (Edit(WAR_EN, "prepend", PROSE_HEAD + "- item\n  - [x](javascript:alert(1))\n"),
                                        ["content/pages/war/en.md:4:9: link scheme 'javascript:' is not allowed "
                                         "(use http:, https:, mailto:, record:, page:, note: or a relative link)"]),
    "external image in prose": (Edit(WAR_EN, "prepend", PROSE_HEAD + "> ![t](https://x.example/t.png)\n"),
                                ["content/pages/war/en.md:3:8: an image here would load from another place "
                                 "(use a figure of the site)"]),
    "control character in prose": (Edit(WAR_EN, "prepend", PROSE_HEAD + "Bell\x07 here.\n"),
                                   ["content/pages/war/en.md:3:5: control character U+0007 (remove it)"]),
    "non-UTF-8 prose": (Edit(WAR_EN, "prepend", b"## Ba\xfel\xfdk\n"),
                        ["content/pages/war/en.md:1:6: not UTF-8: byte 0xFE (invalid start byte); save the file as UTF-8"]),
    "BOM in prose": (Edit(WAR_EN, "prepend", b"\xef\xbb\xbf"),
                     ["content/pages/war/en.md:1:1: file starts with a byte order mark (save it as UTF-8 without BOM)"]),
    "unknown key in an introduction": (Edit("templates/intros/summits.en.md", "append", "\nSee [@nosuchkey].\n"),
                                       ["templates/intros/summits.en.md:{line}:5: unknown citation key 'nosuchkey'"]),
    # ---- BibTeX ----------------------------------------------------------------------------------------------
    "duplicate BibTeX key": (Edit("sources/references.bib", "append", "\n@misc{haas1961,\n  title = {x}, intext = {x}, complete = {no}\n}\n"),
                             ["sources/references.bib:{line}:7: duplicate key 'haas1961' (first used at line {first})"]),
    "duplicate BibTeX key in other case": (Edit("sources/references.bib", "append", "\n@misc{HAAS1961,\n  title = {x}, intext = {x}, complete = {no}\n}\n"),
                                           ["sources/references.bib:{line}:7: duplicate key 'HAAS1961' (first used at line {first})"]),
    "non-UTF-8 BibTeX": (Edit("sources/references.bib", "append", b"\n% Ba\xfel\xfdk\n"),
                         ["sources/references.bib:{line}:5: not UTF-8: byte 0xFE (invalid start byte); save the file as UTF-8"]),
    "unclosed BibTeX entry": (Edit("sources/references.bib", "append", "\n@misc{open2020,\n  title = {x\n"),
                              ["sources/references.bib:{line}:1: BibTeX syntax: entry 'open2020' never closes its braces"]),
    # ---- templates -------------------------------------------------------------------------------------------
    "template syntax error": (Edit("templates/glossary.md.j2", "append", "{% if %}\n"),
                              ["templates/glossary.md.j2:{line}:1: template syntax: Expected an expression, got 'end of statement block'"]),
    "undefined name in a template": (Edit("templates/section.md.j2", "replace", "{% block body %}{{ no_such_name }}", "{% block body %}"),
                                     ["templates/section.md.j2:2:1: template: 'no_such_name' is undefined"]),
}


def expected_lines(project: Path, edit: Edit, lines: list[str]) -> list[str]:
    """Fill in line numbers that depend on the file's current length ({line}: the added text's first line)."""
    original = (REPO / edit.path).read_bytes() if (REPO / edit.path).exists() else b""
    added = edit.payload if isinstance(edit.payload, bytes) else edit.payload.encode("utf-8")
    line = original.count(b"\n") + 1 + (len(added) - len(added.lstrip(b"\n")))
    end = original.count(b"\n") + added.count(b"\n") + 1
    first = ""
    if edit.path.endswith(".bib"):
        key = re.search(rb"@misc\{(\w+),", added)
        if key:
            match = re.search(rb"@\w+\{" + key.group(1).lower() + rb",", original)
            first = str(original.count(b"\n", 0, match.start()) + 1) if match else ""
    if edit.path.endswith("page.yaml") or edit.path.endswith("labels.yaml"):
        line = original.count(b"\n") + 1
    return [m.replace("{line}", str(line)).replace("{end}", str(end)).replace("{first}", first)
            .replace("{next}", str(line + 1)) for m in lines]


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_hostile_input_is_located(project: Path, case: str, capsys):
    edit, expected = REFUSED[case]
    (project / "docs" / "previous.md").write_text("previous build\n", encoding="utf-8")
    before = tree_digest(project / "docs")
    apply(project, edit)
    status = main(["--root", str(project), "build"])  # in-process: an uncaught exception fails the test too
    stderr = capsys.readouterr().err
    if not expected:
        assert status == 0, stderr
        return
    assert status == 1
    assert stderr.strip().splitlines() == expected_lines(project, edit, expected)
    assert tree_digest(project / "docs") == before


def test_billion_laughs_as_a_user_runs_it(project: Path):
    """The command itself: exit 1, no traceback, well within its time limit."""
    apply(project, REFUSED["billion laughs"][0])
    result = cli(project, "check", as_a_process=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 27


def test_python_tag_is_only_text(project: Path):
    """`!!python/object:os.system ots` runs nothing: the value is the text 'ots', the summit an ordinary one."""
    apply(project, REFUSED["python object tag"][0])
    assert load_site(project).summits["test-summit"].series == "ots"
    files = render_files(project, "http://127.0.0.1:8000/", "2025-12-01")
    assert files["summits/test-summit.en.md"]


# ---- only text: rendered harmlessly ----------------------------------------------------------------------------
MKDOCS = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
EXTENSIONS = [e if isinstance(e, str) else next(iter(e)) for e in MKDOCS["markdown_extensions"]]

HARMLESS: dict[str, tuple[str, str]] = {
    # a summary and title as written in YAML: what the reader must see as text
    "script tag": ('"<script>alert(1)</script>"', "<script>alert(1)</script>"),
    "attribute list": ('"Summary { onclick=\\"alert(1)\\" }"', 'Summary { onclick="alert(1)" }'),
    "attribute list on its own line": ('"x\\n{: .evil onmouseover=alert(1) }"', "{: .evil onmouseover=alert(1) }"),
    "numbered list start": ('"4. bölüm"', "4. bölüm"),
    "bullet list start": ('"- not a list"', "- not a list"),
    "heading start": ('"# Not a heading"', "# Not a heading"),
    "setext underline": ('"Title\\n====="', "====="),
    "table rows": ('"a | b\\n--- | ---\\nc | d"', "a | b"),
    "fenced code": ('"```\\ncode\\n```"', "code"),
    "html entities": ('"&lt;script&gt; &#60;b&#62;"', "&lt;script&gt; &#60;b&#62;"),
}


class Structure(HTMLParser):
    """The elements of a page, their handler attributes, and its text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: Counter = Counter()
        self.handlers: list[str] = []
        self.text = ""
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        self.hrefs = getattr(self, "hrefs", []) + [v for n, v in attrs if n == "href" and v and v.startswith("javascript")]

    def handle_data(self, data):
        self.text += data


def rendered_structure(project: Path, value: str) -> Structure:
    """The English page of a summit whose title and summary are `value`, as Python-Markdown renders it."""
    apply(project, Edit("content/summits.yaml", "prepend", VALID.replace(
        'en: "Summary [@ozdasli-article]"', f"en: {value}").replace("en: Test summit}", f"en: {value}}}")))
    page = render_files(project, "http://127.0.0.1:8000/", "2025-12-01")["summits/test-summit.en.md"].decode()
    return Structure(python_markdown.markdown(page.split("\n---\n", 1)[1], extensions=EXTENSIONS))


@pytest.fixture(scope="module")
def benign(tmp_path_factory) -> Structure:
    from conftest import copy_project
    return rendered_structure(copy_project(tmp_path_factory.mktemp("benign") / "project"), '"Plain words"')


@pytest.mark.parametrize("case", sorted(HARMLESS))
def test_data_text_stays_text(project: Path, benign: Structure, case: str):
    value, shown = HARMLESS[case]
    page = rendered_structure(project, value)
    assert shown in page.text
    # The same elements as for plain words (a line break in a title may only start another paragraph).
    assert page.tags - Counter(p=page.tags["p"]) == benign.tags - Counter(p=benign.tags["p"])
    assert page.handlers == [] and getattr(page, "hrefs", []) == []
