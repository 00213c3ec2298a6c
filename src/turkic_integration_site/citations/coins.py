"""Every source as COinS: an OpenURL 1.0 ContextObject in KEV form (ANSI/NISO Z39.88-2004), the value of a
`<span class="Z3988" title="…">` that Zotero reads to offer "save all" on a page of references, as Wikipedia's
citation templates write it.

Built from the source's CSL-JSON item (exports.csl_json), so the two exports cannot disagree: a journal article
in the journal format, a book in the book format, anything else (web pages, news, documents the article names
only by author and year) in the Dublin Core format. A field the bibliography does not hold is left out, never
guessed: an entry known only by its author and year is exported with those alone.
"""

from __future__ import annotations

from urllib.parse import quote

from .bibliography import Bibliography
from .exports import csl_json
from .style import plain_text

CTX_VER = "Z39.88-2004"
FORMATS = {"article-journal": "journal", "book": "book"}  # every other CSL type: Dublin Core


def _name(author: dict) -> str:
    return f"{author['family']}, {author['given']}" if "family" in author else author["literal"]


def _date(item: dict) -> str:
    parts = item.get("issued", {}).get("date-parts", [[]])[0]
    return "-".join(f"{part:02d}" if i else str(part) for i, part in enumerate(parts))


def kev_pairs(item: dict, untitled: str = "") -> list[tuple[str, str]]:
    """The ContextObject's keys and values, in order, as plain text. `untitled`: what stands in the title of
    a work known only as cited (Zotero skips a ContextObject without one): the citation in brackets, APA's
    way of describing an untitled work, never a guessed title."""
    text = {key: plain_text(str(value)) for key, value in item.items() if isinstance(value, (str, int))}
    title = text.get("title") or untitled
    fmt = FORMATS.get(item["type"], "dc")
    pairs = [("ctx_ver", CTX_VER), ("rft_val_fmt", f"info:ofi/fmt:kev:mtx:{fmt}")]
    if "URL" in text:
        pairs.append(("rft_id", text["URL"]))
    if "DOI" in text:
        pairs.append(("rft_id", f"info:doi/{text['DOI']}"))
    # A name without given names (an organization, or a person the article names by surname only) must stay
    # whole: Zotero would read "CNN Türk" as "Türk, C. N. N.". The book and journal formats have rft.aucorp for
    # it; Dublin Core has only rft.creator, which Zotero keeps whole when it holds a comma (as citation_author).
    people = [_name(author) for author in item.get("author", []) if "family" in author]
    bodies = [plain_text(a["literal"]) for a in item.get("author", []) if "literal" in a]
    date = _date(item)
    if fmt == "dc":
        pairs += [("rft.title", title)] if title else []
        pairs += [("rft.creator", name) for name in people] + [("rft.creator", f"{name},") for name in bodies]
        pairs += [("rft.date", date)] if date else []
        pairs += [("rft.publisher", text["publisher"])] if "publisher" in text else []
        pairs += [("rft.identifier", text["URL"])] if "URL" in text else []
        pairs += [("rft.language", text["language"])] if "language" in text else []
        return pairs
    pairs.append(("rft.genre", "article" if fmt == "journal" else "book"))
    if title:
        pairs.append(("rft.atitle" if fmt == "journal" else "rft.btitle", title))
    first = item.get("author", [{}])[0] if item.get("author") else {}
    if "family" in first:
        pairs += [("rft.aulast", first["family"]), ("rft.aufirst", first["given"])]
    pairs += [("rft.au", name) for name in people] + [("rft.aucorp", name) for name in bodies]
    pairs += [("rft.date", date)] if date else []
    for csl, key in (("container-title", "rft.jtitle"), ("volume", "rft.volume"), ("issue", "rft.issue"),
                     ("publisher", "rft.pub"), ("publisher-place", "rft.place"), ("ISBN", "rft.isbn")):
        if csl in text:
            pairs.append((key, text[csl]))
    if "page" in text:
        pages = text["page"].replace("--", "–").replace("-", "–")
        first_page, _, last_page = pages.partition("–")
        pairs += [("rft.pages", pages.replace("–", "-")), ("rft.spage", first_page)]
        pairs += [("rft.epage", last_page)] if last_page else []
    return pairs


def kev(item: dict, untitled: str = "") -> str:
    """The ContextObject as one KEV string: each key and value percent-encoded (UTF-8), joined by `&`."""
    return "&".join(f"{quote(key, safe='')}={quote(value, safe='')}" for key, value in kev_pairs(item, untitled))


def coins(bib: Bibliography) -> dict[str, str]:
    """Each source key's KEV string (the span's title; the template escapes it for the attribute)."""
    return {item["id"]: kev(item, f"[{bib.sources[item['id']].intext_as_printed}]") for item in csl_json(bib)}
