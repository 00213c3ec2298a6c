"""Every page's content, as MkDocs rendered it, passes an allow-list sanitizer (nh3, the binding of ammonia).

Whatever a Markdown reader lets through (raw HTML, `{: onclick=…}`, a reference definition to `javascript:`),
only the tags, attributes and URLs that the site's own templates and figures produce survive: no event handler,
no script, no style, no form, frame, object or image, no link to anything but the web, mail, the site itself and
the two citation downloads. The content checks still refuse at build time what a contributor should be told
about; this is what makes the output safe whatever they miss.
"""

from __future__ import annotations

import nh3

TEXT = {"p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "sup", "sub", "abbr", "mark", "kbd", "del",
        "ins", "span", "div", "a", "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "table",
        "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "details", "summary", "figure", "figcaption", "nav",
        "time"}
SVG = {"svg", "g", "title", "desc", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text",
       "tspan", "defs", "marker"}
ATTRIBUTES = {
    "*": {"class", "id", "lang", "title", "role", "aria-label", "aria-labelledby", "aria-describedby", "aria-hidden"},
    "a": {"href", "download", "hreflang"},
    "figure": {"tabindex"},  # a figure wider than a phone scrolls sideways: the keyboard must reach it
    "ol": {"start"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan", "scope"}, "time": {"datetime"},
    "svg": {"xmlns", "viewBox", "width", "height", "focusable"},
    **{shape: {"x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "d", "points", "width", "height",
               "fill", "fill-opacity", "stroke", "stroke-width", "stroke-dasharray", "opacity", "transform",
               "font-size", "font-weight", "text-anchor", "dominant-baseline", "marker-end"}
       for shape in ("g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan")},
    "marker": {"viewBox", "refX", "refY", "markerWidth", "markerHeight", "orient"},
}
# The cite block's "download BibTeX / RIS" links carry their file in the address; nothing else may use data:.
DOWNLOAD_TYPES = ("data:application/x-bibtex;", "data:application/x-research-info-systems;",
                  "data:application/vnd.citationstyles.csl+json;")
URL_ATTRIBUTES = {"href", "src"}
SCHEMES = {"http", "https", "mailto", "data"}


def _url_allowed(tag: str, attribute: str, value: str) -> str | None:
    if attribute not in URL_ATTRIBUTES:
        return value
    if value.startswith(("//", "\\\\", "/\\", "\\/")):  # protocol-relative: another host
        return None
    if value[:5].lower() == "data:":
        return value if tag == "a" and value.startswith(DOWNLOAD_TYPES) else None
    # A colon before the first "/", "?" or "#" makes a scheme; a reference without one may not have it there
    # (RFC 3986, 4.2). ammonia lets "[x]:" through as a relative path, as browsers read it today: refuse it.
    head = "".join(value.split()).split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    if ":" in head and head.split(":", 1)[0].lower() not in SCHEMES:
        return None
    return value


CLEANER = nh3.Cleaner(tags=TEXT | SVG, attributes=ATTRIBUTES, url_schemes=SCHEMES,
                      link_rel=None, strip_comments=True, attribute_filter=_url_allowed,
                      clean_content_tags={"script", "style"})


def sanitize(html: str) -> str:
    return CLEANER.clean(html)
