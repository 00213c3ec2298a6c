"""What search costs a reader: bytes a page loads before any search, and what the first search downloads.

    .venv/bin/python bench/search_weight.py                 # 1x and 100x
    .venv/bin/python bench/search_weight.py --scales 1

For each scale, in a throw-away synthetic copy of the project (bench/synthetic.py): `mkdocs build --strict`
(its log gives the indexing time), the site on a local static server, and Chromium (Playwright) opening a
page with a cold cache, then typing each query into the header box character by character, the way a reader
types (120 ms a key), until the results are shown. Every response is weighed as sent and gzipped (level 6,
what static hosts commonly send). Prints a Markdown table for BENCHMARKS.md ("Search") and the raw figures
as JSON.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic  # noqa: E402

BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1764547200"}
QUERIES = [("/", "nahcivan"), ("/", "türk keneşi"), ("/", "karabag"), ("/", "tdt"), ("/summits/2021-istanbul/", "semerkant"),
           ("/en/", "samarkand"), ("/en/", "turkic council"), ("/en/", "csto")]
ANSWERED = "() => /\\d|Sonuç bulunamadı|No results/.test(document.getElementById('tis-search-status').textContent)"
KEY_DELAY_MS = 120


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def weigh(responses) -> dict:
    raw = packed = 0
    for response in responses:
        try:
            body = response.body()
        except Exception:  # a redirect or a failed request has no body
            continue
        raw += len(body)
        packed += len(gzip.compress(body, compresslevel=6, mtime=0))
    return {"requests": len(responses), "bytes": raw, "gzip_bytes": packed}


def first_search(browser, url: str, query: str) -> dict:
    context = browser.new_context()
    page = context.new_page()
    before, during = [], []
    page.on("response", lambda r: (during if typing else before).append(r))
    typing = False
    page.goto(url, wait_until="networkidle")
    index_before = [r.url for r in before if "/pagefind/" in r.url]
    box = page.locator("input.md-search__input")
    box.click()
    typing = True
    start = time.perf_counter()
    box.press_sequentially(query, delay=KEY_DELAY_MS)
    page.wait_for_function(ANSWERED, timeout=30_000)
    page.wait_for_load_state("networkidle")
    answered = time.perf_counter() - start - KEY_DELAY_MS * len(query) / 1000
    figures = {"page": weigh(before), "index_before_search": index_before, "search": weigh(during),
               "files": sorted({re.sub(r".*/pagefind/", "", r.url) for r in during}),
               "results_shown": page.locator(".md-search-result__item").count(),
               "answer_after_last_key_s": round(answered, 2)}
    context.close()  # bodies are read before: a closed context has none
    return figures


def measure(scale: int, work: Path) -> dict:
    root = synthetic.make_project(work / f"x{scale}", scale)
    start = time.perf_counter()
    build = subprocess.run([str(BIN / "mkdocs"), "build", "--strict"], cwd=root, env=ENV, capture_output=True,
                           text=True, check=True)
    built = time.perf_counter() - start
    indexed = re.search(r"search index: (\d+) pages in ([\d.]+) s \(\+ ([\d.]+) s preparing", build.stderr)
    bundle = root / "site" / "pagefind"
    server = serve(root / "site")
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            searches = {f"{path} {query}": first_search(browser, base + path, query) for path, query in QUERIES}
            browser.close()
    finally:
        server.shutdown()
    return {"scale": scale, "pages_indexed": int(indexed.group(1)), "index_s": float(indexed.group(2)),
            "prepare_s": float(indexed.group(3)),
            "mkdocs_build_s": round(built, 1),
            "bundle_bytes": sum(f.stat().st_size for f in bundle.rglob("*") if f.is_file()),
            "searches": searches}


def table(results: list[dict]) -> str:
    rows = ["| scale | pages indexed | indexing per build | page before search (gzip) | index bytes before search "
            "| first search, typed (gzip): median / max | answer after last key (max) |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    for r in results:
        s = list(r["searches"].values())
        searched = sorted(x["search"]["gzip_bytes"] for x in s)
        rows.append(
            f"| {r['scale']}× | {r['pages_indexed']} | {r['index_s'] + r['prepare_s']:.1f} s "
            f"({r['prepare_s']:.1f} s preparing pages) | "
            f"{max(x['page']['gzip_bytes'] for x in s) / 1024:.0f} KB (max) | "
            f"{sum(len(x['index_before_search']) for x in s)} requests | "
            f"{searched[len(searched) // 2] / 1024:.0f} / {searched[-1] / 1024:.0f} KB | "
            f"{max(x['answer_after_last_key_s'] for x in s):.2f} s |")
    per_query = ["", "| scale | page, query | first search (gzip) | requests | results shown |",
                 "| --- | --- | --- | --- | --- |"]
    for r in results:
        for name, x in r["searches"].items():
            per_query.append(f"| {r['scale']}× | `{name}` | {x['search']['gzip_bytes'] / 1024:.1f} KB | "
                             f"{x['search']['requests']} | {x['results_shown']} |")
    return "\n".join(rows + per_query)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 100])
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = [measure(scale, Path(tmp)) for scale in args.scales]
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
