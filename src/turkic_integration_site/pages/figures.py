"""Figures drawn at build time as inline SVG, each with a text alternative and its data as a table."""

from __future__ import annotations

import math
import re
from collections import Counter
from html import escape

COLORS = {
    "summit": "#3949ab", "treaty": "#00897b", "war-security": "#c62828", "institution": "#6d4c41",
    "membership": "#8e24aa", "defence-industry": "#ef6c00", "diplomacy": "#546e7a", "history": "#9e9d24",
    "member": "#3949ab", "founding-member": "#1a237e", "observer": "#00897b",
}


READABLE_PX = 11  # the smallest label size on a phone


def _readable(svg: str) -> str:
    """The SVG's width and height attributes raised so that its smallest label draws at READABLE_PX: a phone
    shows it at that size, scrolled sideways in its figure (site.css); wider screens fit it to the text column."""
    smallest = min(float(f) for f in re.findall(r'font-size="([\d.]+)"', svg) or [READABLE_PX])
    factor = max(1.0, READABLE_PX / smallest)

    def scaled(match: re.Match) -> str:
        return f'{match[1]}="{math.ceil(float(match[2]) * factor)}"'

    head, rest = svg.split(">", 1)
    return re.sub(r'\b(width|height)="([\d.]+)"', scaled, head) + ">" + rest


def _figure(svg: str, caption: str, table: str, L: dict) -> str:
    svg = _readable(svg)
    return (
        f'<figure class="tis-figure" tabindex="0">\n{svg}\n<figcaption>{escape(caption)}</figcaption>\n</figure>\n\n'
        f'??? info "{L["figure_data"]}"\n' + "\n".join("    " + line for line in table.splitlines()) + "\n"
    )


def timeline_svg(ctx, lang: str) -> str:
    """Stacked bars: how many dated records each year holds, by kind."""
    L = ctx.labels[lang]
    years = ctx.index.timeline
    counts = [(year, Counter(item.category for item in items)) for year, items in years]
    width, height, pad, bar = max(640, 16 * len(counts) + 80), 260, 40, 12
    top = max((sum(c.values()) for _, c in counts), default=1)
    scale = (height - 2 * pad) / top
    parts = []
    for i, (year, counter) in enumerate(counts):
        x, y = pad + i * 16, height - pad
        for cat, n in sorted(counter.items()):
            h = n * scale
            y -= h
            parts.append(f'<rect x="{x}" y="{y:.1f}" width="{bar}" height="{h:.1f}" fill="{COLORS[cat]}">'
                         f'<title>{year}: {escape(L["category_" + cat])} ({n})</title></rect>')
        if i % 3 == 0 or i == len(counts) - 1:
            parts.append(f'<text x="{x + bar / 2}" y="{height - pad + 14}" font-size="9" text-anchor="end" '
                         f'transform="rotate(-45 {x + bar / 2} {height - pad + 14})">{year}</text>')
    legend = _flowing_legend([(COLORS[c], L["category_" + c]) for c in sorted(_all(counts))], pad, width - pad)
    total = sum(sum(c.values()) for _, c in counts)
    desc = (L["timeline_caption"].format(total=total, first=counts[0][0], last=counts[-1][0]) if counts
            else L["page_timeline"])
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
           f'aria-labelledby="fig-timeline-title" class="tis-svg"><title id="fig-timeline-title">{escape(desc)}</title>'
           f'{legend}{"".join(parts)}</svg>')
    header = f"| {L['year']} | " + " | ".join(L["category_" + c] for c in COLORS if c in _all(counts)) + " |"
    cats = [c for c in COLORS if c in _all(counts)]
    rows = [header, "| --- |" + " --- |" * len(cats)]
    rows += [f"| {year} | " + " | ".join(str(c.get(cat, 0)) for cat in cats) + " |" for year, c in counts]
    return _figure(svg, desc, "\n".join(rows), L)


def _all(counts) -> set[str]:
    return {c for _, counter in counts for c in counter}


LEGEND_CHAR_WIDTH = 5.0  # px per character of 9px sans-serif, generous so that labels never touch


def _flowing_legend(entries: list[tuple[str, str]], left: float, right: float) -> str:
    """Colour keys laid out left to right, each as wide as its label, wrapping to a new row at `right`."""
    parts, x, y = [], left, 8
    for color, label in entries:
        step = 14 + len(label) * LEGEND_CHAR_WIDTH + 12
        if x > left and x + step - 12 > right:
            x, y = left, y + 14
        parts.append(f'<rect x="{x:.0f}" y="{y}" width="10" height="10" fill="{color}"/>'
                     f'<text x="{x + 14:.0f}" y="{y + 9}" font-size="9">{escape(label)}</text>')
        x += step
    return "".join(parts)


def membership_svg(ctx, lang: str) -> str:
    """One bar per member or observer of the OTS and its forerunner, from the date it joined."""
    L, site = ctx.labels[lang], ctx.site
    rows = sorted((m for m in site.memberships.values() if m.organization in ("ots", "turkic-council") and m.since),
                  key=lambda m: (m.since.start, m.id))
    if not rows:
        return ""
    first, last = 2008, max(2026, max(m.since.year for m in rows) + 1)
    width, row_h, left, pad = 640, 22, 200, 20
    height = pad * 2 + row_h * len(rows) + 20
    span = (width - left - pad) / (last - first)
    parts = []
    for i, m in enumerate(rows):
        y = pad + i * row_h
        x = left + (m.since.start.year + ((m.since.start.month or 1) - 1) / 12 - first) * span
        name = site.record(m.member).title[lang]
        parts.append(f'<text x="{left - 6}" y="{y + 13}" font-size="11" text-anchor="end">{escape(name)}</text>')
        parts.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{width - pad - x:.1f}" height="{row_h - 8}" '
                     f'fill="{COLORS[m.status]}"><title>{escape(name)}: {escape(L["status_" + m.status])}, '
                     f'{escape(m.since.format(lang))}</title></rect>')
    for year in range(first, last + 1, 2):
        x = left + (year - first) * span
        parts.append(f'<text x="{x:.1f}" y="{height - 6}" font-size="9" text-anchor="middle">{year}</text>')
    title = f"{L['page_membership']}, {first}–{last - 1}"
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
           f'aria-labelledby="fig-membership-title" class="tis-svg"><title id="fig-membership-title">{escape(title)}'
           f'</title>{"".join(parts)}</svg>')
    table = [f"| {L['member']} | {L['status']} | {L['since']} |", "| --- | --- | --- |"]
    table += [f"| {site.record(m.member).title[lang]} | {L['status_' + m.status]} | {m.since.format(lang)} |"
              for m in rows]
    return _figure(svg, title, "\n".join(table), L)


TURKIC_STATES = ("turkiye", "azerbaijan", "kazakhstan", "kyrgyzstan", "uzbekistan", "turkmenistan")
NETWORK_KINDS = ("alliance", "strategic-partnership", "military-cooperation")


def alliance_network_svg(ctx, lang: str) -> str:
    """Turkic states in a circle; a line for each pair bound by an alliance, strategic-partnership or
    military-cooperation treaty, labelled with the years of those treaties."""
    import math

    L, site = ctx.labels[lang], ctx.site
    treaties = sorted((t for t in site.treaties.values() if t.kind in NETWORK_KINDS and t.sort_date
                       and len(t.parties) == 2 and set(t.parties) <= set(TURKIC_STATES)),
                      key=lambda t: t.sort_date.start)
    if not treaties:
        return ""
    size, radius = 420, 140
    centre = size / 2
    points = {s: (centre + radius * math.cos(2 * math.pi * i / len(TURKIC_STATES) - math.pi / 2),
                  centre + radius * math.sin(2 * math.pi * i / len(TURKIC_STATES) - math.pi / 2))
              for i, s in enumerate(TURKIC_STATES)}
    pairs: dict[tuple[str, str], list] = {}
    for t in treaties:
        pairs.setdefault(tuple(sorted(t.parties)), []).append(t)
    parts = []
    for (a, b), items in pairs.items():
        (x1, y1), (x2, y2) = points[a], points[b]
        years = ", ".join(str(t.sort_date.year) for t in items)
        names = "; ".join(f"{t.title[lang]} ({t.sort_date.year})" for t in items)
        parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{COLORS["treaty"]}" '
                     f'stroke-width="{1 + len(items)}"><title>{escape(names)}</title></line>')
        parts.append(f'<text x="{(x1 + x2) / 2:.1f}" y="{(y1 + y2) / 2 - 4:.1f}" font-size="10" '
                     f'text-anchor="middle">{years}</text>')
    for state, (x, y) in points.items():
        name = site.states[state].name[lang]
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="{COLORS["summit"]}"/>')
        dy = -12 if y < centre else 20
        parts.append(f'<text x="{x:.1f}" y="{y + dy:.1f}" font-size="12" text-anchor="middle">{escape(name)}</text>')
    title = L["figure_network"]
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size}" height="{size}" '
           f'role="img" aria-labelledby="fig-network-title" class="tis-svg"><title id="fig-network-title">'
           f'{escape(title)}</title>{"".join(parts)}</svg>')
    table = [f"| {L['date']} | {L['title']} | {L['kind']} | {L['parties']} |", "| --- | --- | --- | --- |"]
    table += [f"| {t.sort_date.format(lang)} | {t.title[lang]} | {L['kind_' + t.kind]} | "
              f"{', '.join(site.states[p].name[lang] for p in t.parties)} |" for t in treaties]
    return _figure(svg, title, "\n".join(table), L)


# Natural Earth names of the states the map colours; the rest of the region is drawn in grey.
MAP_NAMES = {"TUR": "Turkey", "AZE": "Azerbaijan", "KAZ": "Kazakhstan", "KGZ": "Kyrgyzstan", "UZB": "Uzbekistan",
             "TKM": "Turkmenistan", "HUN": "Hungary", "XNC": "N. Cyprus"}
MAP_BOX = (12.0, 30.0, 90.0, 56.0)  # west, south, east, north (degrees)


def _topojson_rings(topology: dict) -> dict[str, list[list[tuple[float, float]]]]:
    """Country name -> polygon rings in longitude/latitude, decoded from quantized, delta-encoded arcs."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes):
        points = []
        for i in indexes:
            part = arcs[i] if i >= 0 else arcs[~i][::-1]
            points.extend(part[1:] if points else part)
        return points

    shapes = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry.get("arcs", [])]
        if geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        shapes[geometry["properties"]["name"]] = [ring(r) for polygon in polygons for r in polygon]
    return shapes


_last_decoded: tuple[dict, dict] | None = None  # (topology, its rings): build.read_geo gives the same object
# while the file is unchanged, so both languages and every `mkdocs serve` rebuild decode it once


def _decoded_rings(topology: dict) -> dict[str, list[list[tuple[float, float]]]]:
    global _last_decoded
    if _last_decoded is None or _last_decoded[0] is not topology:
        _last_decoded = (topology, _topojson_rings(topology))
    return _last_decoded[1]


def map_svg(ctx, lang: str, topology: dict) -> str:
    """Members and observers of the OTS on a map of the region, with the same facts as a table."""
    import math

    L, site = ctx.labels[lang], ctx.site
    status = {}
    for m in site.memberships.values():
        if m.organization in ("ots", "turkic-council") and m.member in site.states:
            current = status.get(m.member)
            status[m.member] = "member" if "member" in (m.status, current) or m.status == "founding-member" else m.status
    west, south, east, north = MAP_BOX
    width = 640
    kx = width / (east - west)
    ky = kx / math.cos(math.radians((south + north) / 2))  # equirectangular, true to scale at mid-latitude
    height = round((north - south) * ky)

    def path(rings):
        parts = []
        for r in rings:
            if not any(west - 5 <= lon <= east + 5 and south - 5 <= lat <= north + 5 for lon, lat in r):
                continue
            parts.append("M" + "L".join(f"{(lon - west) * kx:.1f},{(north - lat) * ky:.1f}" for lon, lat in r) + "Z")
        return "".join(parts)

    shapes = _decoded_rings(topology)
    by_name = {MAP_NAMES[s.iso3]: s for s in site.states.values() if s.iso3 in MAP_NAMES}
    parts = []
    for name, rings in shapes.items():
        d = path(rings)
        if not d:
            continue
        state = by_name.get(name)
        fill = COLORS[status[state.id]] if state and state.id in status else "#cfd8dc"
        label = f"<title>{escape(state.name[lang])}: {escape(L['status_' + status[state.id]])}</title>" if (
            state and state.id in status) else ""
        parts.append(f'<path d="{d}" fill="{fill}" stroke="#fff" stroke-width="0.6">{label}</path>')
    legend = "".join(
        f'<rect x="10" y="{10 + i * 16}" width="10" height="10" fill="{COLORS[s]}"/>'
        f'<text x="24" y="{19 + i * 16}" font-size="11">{escape(L["status_" + s])}</text>'
        for i, s in enumerate(("member", "observer")))
    title = L["figure_map"]
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'role="img" aria-labelledby="fig-map-title" class="tis-svg"><title id="fig-map-title">{escape(title)}'
           f'</title>{"".join(parts)}{legend}</svg>')
    table = [f"| {L['member']} | {L['status']} |", "| --- | --- |"]
    table += [f"| {site.states[s].name[lang]} | {L['status_' + st]} |" for s, st in sorted(status.items())]
    return _figure(svg, title, "\n".join(table), L)
