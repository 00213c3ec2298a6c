"""The site's citation style: APA 7 shaped author-date references with Turkish or English terms (pybtex)."""

from __future__ import annotations

from functools import lru_cache

from pybtex.backends import markdown, plaintext
from pybtex.database import Entry, Person
from pybtex.richtext import Text
from pybtex.style.formatting import BaseStyle
from pybtex.style.template import FieldIsMissing, field, join, node, optional, sentence, tag

from ..common.dates import PartialDate

TERMS = {
    "tr": {"and": "ve", "others": "vd.", "nd": "t.y.", "p": "s.", "pp": "ss.", "accessed": "Erişim tarihi",
           "partial": "Tam künye mevcut metinde verilmemiştir.", "in": "İçinde",
           "identified": "Başlık ve yayın bilgileri makalede verilmemiştir; site tarafından belirlenmiştir.",
           "untitled": "Sitenin başvurduğu kopyada başlık görünmüyordu."},
    "en": {"and": "&", "others": "et al.", "nd": "n.d.", "p": "p.", "pp": "pp.", "accessed": "Accessed",
           "partial": "Full reference not given in the available text.", "in": "In",
           "identified": "Title and publication details are not given in the article; the site identified them.",
           "untitled": "The copy the site consulted showed no title."},
}
# Backend objects made once: pybtex's render_as() looks its plugin up through entry points on every call.
BACKENDS = {"markdown": markdown.Backend(), "text": plaintext.Backend()}


def is_others(person: Person) -> bool:
    return str(person) == "others"


LATEX_CHARS = frozenset("\\{}$~%&#^_`")  # the characters LaTeX decoding can change,
LATEX_PAIRS = ("--", "''", ",,")  # and the pairs of plain ones it joins (– ” „): a single ' or - stays as it is


def has_latex(value: str) -> bool:
    """Whether decoding the value as LaTeX could change it (most fields: plain Unicode, nothing to decode)."""
    return not LATEX_CHARS.isdisjoint(value) or any(pair in value for pair in LATEX_PAIRS)


@lru_cache(maxsize=50_000)  # decoding LaTeX is slow and the same fields are printed on many pages
def plain_text(value: str) -> str:
    return Text.from_latex(value).render(BACKENDS["text"]) if has_latex(value) else value


@node
def text_field(children, context, name):
    """pybtex's field(name), but a value with no LaTeX in it is taken as it is: decoding costs more than the rest."""
    value = context["entry"].fields.get(name)
    if value is None:
        raise FieldIsMissing(name, context["entry"])
    return Text.from_latex(value) if has_latex(value) else Text(value)


@node
def apa_authors(children, context):
    """`Haas, E.`, `Akıncı, A., & Jafarlı, B.`, `Amirbek, vd.`: APA's list, localized."""
    style, entry = context["style"], context["entry"]
    persons = entry.persons.get("author", [])
    if not persons:
        return Text(Text.from_latex(entry.fields["title"]))
    names = [style.format_name(p, True).format().render(BACKENDS["text"]) for p in persons if not is_others(p)]
    last_sep = f", {style.terms['and']} " if len(names) > 2 else f" {style.terms['and']} "
    text = ", ".join(names[:-1]) + last_sep + names[-1] if len(names) > 1 else "".join(names)
    if any(is_others(p) for p in persons):
        text += f" {style.terms['others']}"
    return Text(text)


@node
def apa_date(children, context):
    style, entry = context["style"], context["entry"]
    return Text("(", style.year_label(entry), style.day_label(entry), ").")


class AuthorDateStyle(BaseStyle):
    """APA 7 shaped author-date references with Turkish or English terms."""

    default_name_style = "lastfirst"

    def __init__(self, lang: str):
        super().__init__(abbreviate_names=True)
        self.lang = lang
        self.terms = TERMS[lang]

    def year_label(self, entry: Entry) -> str:
        year, suffix = entry.fields.get("year"), entry.fields.get("yearsuffix", "")
        if year:
            return f"{year}{suffix}"
        return f"{self.terms['nd']}-{suffix}" if suffix else self.terms["nd"]  # APA: n.d.-a, n.d.-b

    def day_label(self, entry: Entry) -> str:
        if "date" not in entry.fields:
            return ""
        day = PartialDate.parse(entry.fields["date"])
        if not day.day:
            return ""
        month_day = day.format(self.lang).rsplit(" ", 1)[0]  # "7 Ekim" / "7 October"
        return f", {month_day}"

    def _head(self):
        return join(sep=" ")[apa_authors, apa_date]

    def _tail(self, e):
        # An incomplete entry of the article's own sources (those the site tried to identify) lacks what the
        # article did not print; one the site consulted itself lacks what the copy it read did not show.
        missing = "partial" if "identifiedhow" in e.fields else "untitled"
        partial = [] if e.fields.get("complete") == "yes" else [Text(f"[{self.terms[missing]}]")]
        identified = [Text(f"[{self.terms['identified']}]")] if e.fields.get("identified") == "yes" else []
        return [optional[join[field("url", raw=True)]], *identified, *partial]

    def _title(self, e, emphasis: bool):
        """The title, unless it already stands in the author's place (APA, for works without an author)."""
        if "author" not in e.persons:
            return []
        return [optional[sentence[tag("em")[text_field("title")] if emphasis else text_field("title")]]]

    def get_article_template(self, e):
        return join(sep=" ")[
            self._head(),
            *self._title(e, emphasis=False),
            optional[
                sentence[join(sep=", ")[
                    tag("em")[text_field("journal")],
                    optional[join[tag("em")[text_field("volume")], optional["(", text_field("number"), ")"]]],
                    optional[text_field("pages")],
                ]]
            ],
            *self._tail(e),
        ]

    def get_book_template(self, e):
        return join(sep=" ")[
            self._head(),
            *self._title(e, emphasis=True),
            optional[sentence[text_field("publisher")]],
            *self._tail(e),
        ]

    def get_online_template(self, e):
        return join(sep=" ")[
            self._head(),
            *self._title(e, emphasis=True),
            optional[sentence[text_field("organization")]],
            *self._tail(e),
        ]

    get_misc_template = get_online_template
    get_incollection_template = get_article_template
    get_inproceedings_template = get_article_template
    get_techreport_template = get_online_template
    get_report_template = get_online_template
