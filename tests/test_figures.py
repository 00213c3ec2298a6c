"""What a reader sees on the figures and record tables: legends that do not overlap, captions that say what is
counted, numbered summits written the way each language writes them."""

from __future__ import annotations

import re
from pathlib import Path

from turkic_integration_site.pages.render import ordinal

# Measured in chromium on the built timeline: 9px labels run about 3.8px per character; 4.5 leaves a margin.
CHAR_WIDTH_9PX = 4.5


def legend_labels(svg: str) -> list[tuple[float, float, str]]:
    """(x, y, label) of each colour key in the timeline figure's legend (its 9px texts above the bars)."""
    return [(float(x), float(y), label) for x, y, label in
            re.findall(r'<text x="([\d.]+)" y="([\d.]+)" font-size="9">([^<]+)</text>', svg)]


def test_timeline_legend_labels_do_not_overlap(built: Path):
    for page in ("site/timeline/index.html", "site/en/timeline/index.html"):
        svg = re.search(r'<svg[^>]*fig-timeline-title.*?</svg>', (built / page).read_text(encoding="utf-8"), re.S)[0]
        labels = legend_labels(svg)
        assert len(labels) >= 6, labels
        for (x1, y1, a), (x2, y2, b) in zip(labels, labels[1:]):
            if y1 == y2:
                assert x2 - 14 >= x1 + len(a) * CHAR_WIDTH_9PX, f"{page}: «{a}» runs into «{b}»"
        width = float(re.search(r'viewBox="0 0 ([\d.]+)', svg)[1])
        assert all(x + len(label) * CHAR_WIDTH_9PX <= width for x, _, label in labels)


def test_timeline_caption_says_what_is_counted(built: Path):
    tr = (built / "site/timeline/index.html").read_text(encoding="utf-8")
    en = (built / "site/en/timeline/index.html").read_text(encoding="utf-8")
    assert re.search(r"<figcaption>Yıllara göre tarihli kayıtlar[^<]*1620–2025 arası \d+ kayıt</figcaption>", tr)
    assert re.search(r"<figcaption>Dated records per year[^<]*: \d+ records from 1620 to 2025</figcaption>", en)


def test_numbered_summits_read_naturally(built: Path):
    def series_cell(page: str) -> str:
        html = (built / "site" / page / "index.html").read_text(encoding="utf-8")
        cell = re.search(r"<td>(?:Dizi|Series)</td>\s*<td>(.*?)</td>", html, re.S)[1]
        return re.sub(r"<[^>]+>", "", cell)

    assert series_cell("summits/2021-istanbul") == "Türk Keneşi 8. Zirvesi"
    assert series_cell("en/summits/2021-istanbul") == "8th Turkic Council summit"
    assert series_cell("en/summits/1992-ankara") == "1st Summit of Turkic-speaking states"
    assert series_cell("en/summits/2025-gabala") == "12th OTS summit"
    assert series_cell("summits/2024-informal-summit") == "TDT gayriresmî zirvesi"


def test_ordinals_read_1st_2nd_3rd_in_english_and_8_dot_in_turkish():
    assert [ordinal(n, "en") for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st", "111th"]
    assert ordinal(8, "tr") == "8."
