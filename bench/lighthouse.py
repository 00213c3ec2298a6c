"""Lighthouse best-practices and SEO scores of the home page and a record page in both languages.

Builds the site for the address it is served at (so canonical and hreflang links are on the same host),
serves it on the loopback, runs npm's lighthouse (pinned in package.json) against Debian's chromium with
the tests' offline flags, and writes the scores into LIGHTHOUSE.md. Not part of `make test` (about a
minute per page on this machine); run `make lighthouse`.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
from conftest import ARGS, CHROMIUM, EPOCH  # noqa: E402  the browser flags the tests use (offline)

PAGES = ["/", "/en/", "/summits/2021-istanbul/", "/en/summits/2021-istanbul/"]
CATEGORIES = ["best-practices", "seo"]
PORT = 8931


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def build(site_dir: Path) -> None:
    mkdocs = Path(sys.executable).with_name("mkdocs")
    env = {**os.environ, "SITE_URL": f"http://127.0.0.1:{PORT}/", "SOURCE_DATE_EPOCH": EPOCH,
           "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([str(mkdocs), "build", "--strict", "--quiet", "--site-dir", str(site_dir)], cwd=REPO, env=env,
                   check=True)


def audit(url: str, out: Path) -> dict:
    flags = " ".join(["--headless=new", *ARGS])
    subprocess.run([str(REPO / "node_modules" / ".bin" / "lighthouse"), url, "--quiet", "--output=json",
                    f"--output-path={out}", f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}"],
                   env={**os.environ, "CHROME_PATH": CHROMIUM}, check=True, timeout=600)
    return json.loads(out.read_text(encoding="utf-8"))


def failing(report: dict) -> list[str]:
    refs = [ref["id"] for cat in CATEGORIES for ref in report["categories"][cat]["auditRefs"] if ref["weight"] > 0]
    return sorted({r for r in refs if report["audits"][r]["score"] is not None and report["audits"][r]["score"] < 1})


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build(site)
        server = ThreadingHTTPServer(("127.0.0.1", PORT), functools.partial(Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        rows = []
        try:
            for page in PAGES:
                report = audit(f"http://127.0.0.1:{PORT}{page}", Path(tmp) / "report.json")
                scores = [round(report["categories"][c]["score"] * 100) for c in CATEGORIES]
                rows.append((page, *scores, ", ".join(failing(report)) or "—"))
                print(page, scores, rows[-1][-1])
        finally:
            server.shutdown()
        version = json.loads((REPO / "node_modules" / "lighthouse" / "package.json").read_text())["version"]
    lines = ["# Lighthouse", "",
             f"Written by `bench/lighthouse.py` (`make lighthouse`): lighthouse {version} from npm, Debian's chromium, "
             "the site built for and served at its own loopback address.", "",
             "| page | best practices | SEO | audits below 100 |", "| --- | --- | --- | --- |"]
    lines += [f"| `{page}` | {bp} | {seo} | {fails} |" for page, bp, seo, fails in rows]
    (REPO / "LIGHTHOUSE.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0 if all(bp == seo == 100 for _, bp, seo, _ in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
