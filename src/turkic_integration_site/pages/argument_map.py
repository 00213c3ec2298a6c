"""The argument map: a layered top-down layout from the thesis, drawn as inline SVG, and the same graph as a
nested list (for screen readers, phones and print) and as blocks on the section pages."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from markdown.extensions.toc import slugify  # the anchors MkDocs gives headings (toc's default)

from ..content.argument_map import ArgumentMap, Claim, Inference, headings
from ..content.site import Site
from .render import PageContext, escape as esc_text, titles

PATH = "argument-map.md"
NODE_W, NODE_H, COL_GAP, ROW_GAP, LAYER_GAP, PER_ROW, MARGIN, TOP = 140, 84, 10, 40, 64, 6, 16, 34
CHARS_PER_LINE, LINES = 18, 4  # of 12 px sans-serif in a node, generous so that words never cross its edge
COLORS = {"support": "#00796b", "attack": "#c62828", "doubt": "#e65100", "thesis": "#283593"}


@dataclass(frozen=True)
class Box:
    x: float  # top left
    y: float

    @property
    def centre(self) -> float:
        return self.x + NODE_W / 2


def numbers(argument: ArgumentMap) -> dict[str, int]:
    """Each claim's number on the map and in the lists: the map read top-down, each row left to right."""
    boxes = layout(argument)[0]
    return {cid: n for n, cid in enumerate(sorted(boxes, key=lambda cid: (boxes[cid].y, boxes[cid].x)), 1)}


def layout(argument: ArgumentMap) -> tuple[dict[str, Box], list[tuple[float, float]], float, float]:
    """Claims in layers by their distance from the thesis, each layer in rows of PER_ROW, ordered under the
    claims they lead to; returns the boxes, each layer's top and bottom, the width and the height."""
    depths = argument.depths()
    order = {claim.id: n for n, claim in enumerate(argument.claims)}  # ties keep the file's order
    layers: dict[int, list[str]] = {}
    for claim_id, depth in depths.items():
        layers.setdefault(depth, []).append(claim_id)
    width = 2 * MARGIN + PER_ROW * NODE_W + (PER_ROW - 1) * COL_GAP
    boxes: dict[str, Box] = {}
    bands, y = [], TOP + MARGIN
    for depth in sorted(layers):
        ids = sorted(layers[depth], key=lambda cid: (_under(argument, cid, boxes), order[cid]))
        top = y
        for start in range(0, len(ids), PER_ROW):
            row = ids[start:start + PER_ROW]
            left = (width - len(row) * NODE_W - (len(row) - 1) * COL_GAP) / 2
            for i, claim_id in enumerate(row):
                boxes[claim_id] = Box(left + i * (NODE_W + COL_GAP), y)
            y += NODE_H + ROW_GAP
        bands.append((top, y - ROW_GAP + NODE_H))
        y += LAYER_GAP - ROW_GAP
    return boxes, bands, width, y - LAYER_GAP + MARGIN


def _under(argument: ArgumentMap, claim_id: str, boxes: dict[str, Box]) -> float:
    """Where the first claim this one leads to stands (so premises sit below their conclusion)."""
    for inference in argument.inferences:
        if claim_id in inference.premises and inference.conclusion in boxes:
            return boxes[inference.conclusion].centre
    return 0.0


def wrap(text: str, width: int = CHARS_PER_LINE) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _color(inference: Inference) -> str:
    return COLORS["doubt"] if inference.strength else COLORS[inference.kind]


def svg(site: Site, lang: str, L: dict, href: Callable[[Claim], str]) -> str:
    """The map as an inline SVG: each claim a link (`href`) named by its number and words."""
    argument = site.argument
    boxes, bands, width, height = layout(argument)
    order = numbers(argument)
    edges, dots, nodes = [], [], []
    layers = "".join(f'<rect x="4" y="{top - 8:.1f}" width="{width - 8:.0f}" height="{bottom - top + 4:.1f}" rx="8" '
                     f'fill="{"#f3f5f9" if i % 2 else "#fafbfc"}"/>' for i, (top, bottom) in enumerate(bands))
    for claim in argument.claims:
        into = argument.into(claim.id)
        box = boxes[claim.id]
        for k, inference in enumerate(into):
            x, y = box.centre + (k - (len(into) - 1) / 2) * 22, box.y + NODE_H + 14
            color, dash = _color(inference), ' stroke-dasharray="5 3"' if inference.strength or inference.voice == "site" else ""
            for premise in inference.premises:
                p = boxes[premise]
                edges.append(f'<path d="M{p.centre:.1f},{p.y:.1f} C{p.centre:.1f},{p.y - 20:.1f} {x:.1f},{y + 26:.1f} '
                             f'{x:.1f},{y + 7:.1f}" fill="none" stroke="{color}" stroke-width="1.6"{dash}/>')
            edges.append(f'<line x1="{x:.1f}" y1="{y - 7:.1f}" x2="{box.centre:.1f}" y2="{box.y + NODE_H + 1:.1f}" '
                         f'stroke="{color}" stroke-width="1.6" marker-end="url(#argmap-arrow-{inference.kind})"/>')
            dots.append(_inference_dot(inference, x, y, order, L))
        nodes.append(_node(claim, box, order[claim.id], argument.thesis, href(claim), L, lang))
    title = L["argmap_caption"]
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" '
            f'height="{height:.0f}" role="group" aria-labelledby="argmap-title" class="tis-argmap-svg">'
            f'<title id="argmap-title">{escape(title)}</title>{_defs()}{_legend(L)}'
            f'{layers}{"".join(edges)}{"".join(dots)}{"".join(nodes)}</svg>')


def _defs() -> str:
    return "<defs>" + "".join(
        f'<marker id="argmap-arrow-{kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{COLORS[kind]}"/></marker>' for kind in ("support", "attack")
    ) + "</defs>"


def _legend(L: dict) -> str:
    items = [("support", L["argmap_support"], ""), ("attack", L["argmap_attack"], ""),
             ("doubt", L["argmap_doubt"], ' stroke-dasharray="5 3"')]
    parts, x = [], MARGIN
    for kind, label, dash in items:
        parts.append(f'<line x1="{x}" y1="{MARGIN + 6}" x2="{x + 26}" y2="{MARGIN + 6}" stroke="{COLORS[kind]}" '
                     f'stroke-width="2.5"{dash}/><text x="{x + 32}" y="{MARGIN + 10}" font-size="12">{escape(label)}</text>')
        x += 44 + len(label) * 6.6
    return "".join(parts)


def _inference_dot(inference: Inference, x: float, y: float, order: dict[str, int], L: dict) -> str:
    kind = L["argmap_support"] if inference.kind == "support" else L["argmap_attack"]
    steps = ", ".join(str(order[p]) for p in inference.premises)
    doubt = f" ({L['argmap_' + inference.strength]}, {L['argmap_site']})" if inference.strength else ""
    mark = "?" if inference.strength else ("+" if inference.kind == "support" else "−")
    return (f'<g><title>{escape(kind)}: {steps} → {order[inference.conclusion]}{escape(doubt)}</title>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="8" fill="#fff" stroke="{_color(inference)}" stroke-width="2"/>'
            f'<text x="{x:.1f}" y="{y + 4:.1f}" font-size="12" font-weight="bold" text-anchor="middle" '
            f'fill="{_color(inference)}">{mark}</text></g>')


def _node(claim: Claim, box: Box, number: int, thesis: str, href: str, L: dict, lang: str) -> str:
    is_thesis, by_site = claim.id == thesis, claim.voice == "site"
    stroke = COLORS["thesis"] if is_thesis else COLORS["doubt"] if by_site else "#78909c"
    dash = ' stroke-dasharray="5 3"' if by_site else ""
    head = f"{number}" + (f" · {L['argmap_site']}" if by_site else "")
    # One text element: its accessible name reads as the box does, lines apart ("1 The war sped up Turkic …").
    spans = [f'<tspan x="{box.x + 8:.1f}" y="{box.y + 16:.1f}" font-size="12" font-weight="bold">{escape(head)}</tspan>']
    for i, line in enumerate(wrap(claim.label[lang])[:LINES]):
        weight = ' font-weight="bold"' if is_thesis else ""
        spans.append(f'<tspan x="{box.x + 8:.1f}" y="{box.y + 33 + i * 15:.1f}"{weight}>{escape(line)}</tspan>')
    return (f'<a href="{escape(href)}" class="tis-argmap-node">'
            f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{NODE_W}" height="{NODE_H}" rx="6" '
            f'fill="{"#e8eaf6" if is_thesis else "#fff"}" stroke="{stroke}" stroke-width="{2.5 if is_thesis else 1.4}"{dash}/>'
            f'<text font-size="12">{" ".join(spans)}</text></a>')


def template_globals(site: Site) -> dict:
    """What the templates call: a section's claims, the nested list, the SVG (its links from `root_url`)."""
    return dict(
        argument_section=lambda page, section_id: section_block(page, page.labels, section_id),
        argument_outline=lambda page, anchors=True: outline(page, page.labels, anchors),
        argument_svg=lambda page, root_url: svg(site, page.lang, page.labels,
                                                lambda claim: f"{root_url}{claim.sections[0]}/#claim-{claim.id}"),
    )


# ---- the same argument as text -------------------------------------------------------------------------
def place(claim: Claim, with_anchor: bool = True) -> str:
    """The docs file (and anchor) of a claim's place: its entry on its section page."""
    return f"{claim.sections[0]}.md" + (f"#claim-{claim.id}" if with_anchor else "")


def outline(page: PageContext, L: dict, with_anchors: bool = True) -> str:
    """The argument as a nested list from the thesis down: each claim, then each reason or objection into it
    with its premises; a claim met twice is named the second time, not repeated."""
    argument = page.site.argument
    order, seen, lines = numbers(argument), set(), []

    def claim_item(claim: Claim, depth: int) -> None:
        pad = "    " * depth
        anchor = f'<span class="tis-claim-no" id="map-{claim.id}">{order[claim.id]}.</span>' if with_anchors else \
            f"**{order[claim.id]}.**"
        if claim.id in seen:
            name = esc_text(claim.label[page.lang])
            lines.append(f"{pad}- {L['argmap_see_above'].format(number=order[claim.id])}: "
                         + (f"[{name}](#map-{claim.id})" if with_anchors else name))
            return
        seen.add(claim.id)
        lines.append(f"{pad}- {anchor} {claim_text(page, claim, L, with_anchors)}")
        for inference in argument.into(claim.id):
            lines.append(f"{pad}    - {inference_text(page, inference, L)}")
            for premise in inference.premises:
                claim_item(argument.claim(premise), depth + 2)

    claim_item(argument.claim(argument.thesis), 0)
    return "\n".join(lines) + "\n"


def claim_text(page: PageContext, claim: Claim, L: dict, with_anchor: bool = True) -> str:
    """A claim's words on one line of Markdown: its name linked to its place, its text, its records and notes."""
    lang = page.lang
    site_mark = f"*{L['argmap_site']}:* " if claim.voice == "site" else ""
    name = f"**[{esc_text(claim.label[lang])}]({page.link(place(claim, with_anchor))})**"
    extra = [f"[{esc_text(titles(page.site, page.site.record(rid))[lang])}]({page.record_link(rid)})" for rid in claim.records]
    extra += [f"[{L['source_note']}: {esc_text(page.site.notes[nid].title[lang])}]({page.place_link('notes', nid)})"
              for nid in claim.notes]
    tail = f" ({L['argmap_see']}: " + "; ".join(extra) + ")" if extra else ""
    return f"{name} — {site_mark}{page.md(claim.claim[lang])}{tail}"


def inference_text(page: PageContext, inference: Inference, L: dict) -> str:
    kind = L["argmap_support"] if inference.kind == "support" else L["argmap_attack"]
    by_site = f" ({L['argmap_site']})" if inference.voice == "site" else ""
    text = f"*{kind}*{by_site}"
    if inference.strength:
        text += f" · **{L['argmap_' + inference.strength]}** — {page.md(inference.reading[page.lang])}"
        text += "".join(f" ([{L['source_note']}]({page.place_link('notes', n)}))" for n in inference.notes)
    return text


def section_block(page: PageContext, L: dict, section_id: str) -> str:
    """The claims a section page carries, each with its anchor, the heading it is discussed under and its
    place on the map; empty when the section carries none."""
    argument = page.site.argument
    claims = [c for c in argument.claims if section_id in c.sections] if argument else []
    if not claims:
        return ""
    order, prose = numbers(argument), page.site.pages[section_id].prose[page.lang]
    lines = []
    for claim in claims:
        where = ""
        if claim.part and claim.sections[0] == section_id:
            heading = headings(prose)[claim.part - 1]
            where = f" · {L['argmap_discussed']}: [{esc_text(heading)}](#{slugify(_plain_heading(heading), '-')})"
        on_map = f"[{L['argmap_on_map']}]({page.link(PATH)}#map-{claim.id})"
        lines.append(f'- <span class="tis-claim-no" id="claim-{claim.id}">{order[claim.id]}.</span> '
                     f"**{esc_text(claim.label[page.lang])}** — {page.md(claim.claim[page.lang])} ({on_map}{where})")
    return "\n".join(lines) + "\n"


def _plain_heading(heading: str) -> str:
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)
