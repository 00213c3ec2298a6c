"""What search costs a reader: bytes a page loads before any search, and what the first search downloads.

    .venv/bin/python bench/search_weight.py                 # 1x built, 100x index
    .venv/bin/python bench/search_weight.py --scales 1 --index-scales 100

--index-scales N builds today's site and copies each record page N times in the indexer's input only
(`<id>-x<k>/`, both languages): the index, and so what a search downloads, is that of N times the records,
in minutes instead of the hour a 100x `mkdocs build` takes on two busy cores. Result links to copies lead
nowhere; the bytes are those of the bigger index.

For each scale, in a throw-away synthetic copy of the project (bench/synthetic.py): `mkdocs build --strict`
(its log gives the indexing time), the site on a local static server, and Chromium (Playwright) opening a
page with a cold cache, then typing each query into the header box character by character, the way a reader
types (120 ms a key), until the results are shown. Every response is weighed as sent and gzipped (level 6,
what static hosts commonly send). Prints a Markdown table for BENCHMARKS.md ("Search") and the raw figures
as JSON.
"""

from __future__ import annotations

import argparse
import dataclasses
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

from turkic_integration_site.publish import search_index
from turkic_integration_site.publish.index_writer import IndexWriter

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic  # noqa: E402

BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1764547200"}
QUERIES = [("/", "nahcivan"), ("/", "türk keneşi"), ("/", "karabag"), ("/", "tdt"), ("/summits/2021-istanbul/", "semerkant"),
           ("/en/", "samarkand"), ("/en/", "turkic council"), ("/en/", "csto"),
           # a suffixed word (stem keys) and two typos (the word list of their first letter, fetched only then)
           ("/", "zirvesinde"), ("/", "azerbycan"), ("/en/", "karabah")]
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
    index_before = [r.url for r in before if "/search/" in r.url]
    box = page.locator("input.md-search__input")
    box.click()
    typing = True
    start = time.perf_counter()
    box.press_sequentially(query, delay=KEY_DELAY_MS)
    page.wait_for_function(ANSWERED, timeout=30_000)
    page.wait_for_load_state("networkidle")
    answered = time.perf_counter() - start - KEY_DELAY_MS * len(query) / 1000
    figures = {"page": weigh(before), "index_before_search": index_before, "search": weigh(during),
               "files": sorted({re.sub(r".*/search/", "", r.url) for r in during}),
               "results_shown": page.locator(".md-search-result__item").count(),
               "answer_after_last_key_s": round(answered, 2)}
    context.close()  # bodies are read before: a closed context has none
    return figures


def search_every_query(site: Path, browser=None) -> dict:
    """Serve the built site and measure the first search of every query, each in a fresh page (of `browser`,
    if given: the tests' own Chromium; else one launched here)."""
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        if browser is not None:
            return {f"{path} {query}": first_search(browser, base + path, query) for path, query in QUERIES}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            searches = {f"{path} {query}": first_search(browser, base + path, query) for path, query in QUERIES}
            browser.close()
    finally:
        server.shutdown()
    return searches


def measure(scale: int, work: Path) -> dict:
    root = synthetic.make_project(work / f"x{scale}", scale)
    start = time.perf_counter()
    build = subprocess.run([str(BIN / "mkdocs"), "build", "--strict"], cwd=root, env=ENV, capture_output=True,
                           text=True)
    if build.returncode:
        raise SystemExit(f"the {scale}× build failed:\n{build.stderr[-3000:]}")
    built = time.perf_counter() - start
    indexed = re.search(r"search index: (\d+) pages in ([\d.]+) s \(reading them: ([\d.]+) s", build.stderr)
    bundle = root / "site" / search_index.FOLDER
    searches = search_every_query(root / "site")
    return {"scale": scale, "pages_indexed": int(indexed.group(1)), "index_s": float(indexed.group(2)),
            "prepare_s": float(indexed.group(3)),
            "mkdocs_build_s": round(built, 1),
            "bundle_bytes": sum(f.stat().st_size for f in bundle.rglob("*") if f.is_file()),
            "searches": searches}


RECORD_FOLDERS = ("summits", "treaties", "events", "organizations", "states")


def copy_records(documents: list, copies: int) -> list:
    """Each record page (both languages) copied to `<id>-x2/` ... `<id>-x<copies>/`."""
    records = [d for d in documents if d.url.removeprefix("en/").split("/")[0] in RECORD_FOLDERS
               and d.url.count("/") >= 2]
    return documents + [dataclasses.replace(d, url=f"{d.url.rstrip('/')}-x{k}/")
                        for k in range(2, copies + 1) for d in records]


def measure_index_scaled(scale: int, work: Path) -> dict:
    """Today's site, searched against an index of `scale` times the records (see the module's docstring)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = synthetic.make_project(work / f"i{scale}", 1)
    timing = {"copy_s": 0.0, "index_s": 0.0}
    original_add, original_close = IndexWriter.add, IndexWriter.close

    def scaled(writer, documents):  # each language handed to the index, its records copied first
        start = time.perf_counter()
        documents = copy_records(documents, scale)
        timing["copy_s"] += time.perf_counter() - start
        start = time.perf_counter()
        original_add(writer, documents)
        timing["index_s"] += time.perf_counter() - start

    def closed(writer):
        start = time.perf_counter()
        written = original_close(writer)
        timing["index_s"] += time.perf_counter() - start  # with the language written in the background, its wait
        timing["pages"], timing["reading_s"] = written
        return written

    IndexWriter.add, IndexWriter.close = scaled, closed
    cwd = os.getcwd()
    os.environ.update({k: ENV[k] for k in ("NO_MKDOCS_2_WARNING", "SOURCE_DATE_EPOCH")})
    try:
        os.chdir(root)
        config = load_config(str(root / "mkdocs.yml"))
        config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does: plugins set up per run
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    finally:
        os.chdir(cwd)
        IndexWriter.add, IndexWriter.close = original_add, original_close
    bundle = root / "site" / search_index.FOLDER
    searches = search_every_query(root / "site")
    return {"scale": f"{scale} (index)", "pages_indexed": timing["pages"], "index_s": round(timing["index_s"], 1),
            "prepare_s": round(timing["reading_s"], 1), "mkdocs_build_s": None,
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
            f"| {r['scale']}× | {r['pages_indexed']} | {r['index_s']:.1f} s "
            f"(of which reading pages, summed over the languages: {r['prepare_s']:.1f} s) | "
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
    parser.add_argument("--scales", type=int, nargs="*", default=[1])
    parser.add_argument("--index-scales", type=int, nargs="*", default=[100])
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = [measure(scale, Path(tmp)) for scale in args.scales]
        results += [measure_index_scaled(scale, Path(tmp)) for scale in args.index_scales]
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
