"""`mkdocs serve` reuses what an edit did not touch; after any sequence of edits it serves a clean build's site."""

from __future__ import annotations

import pytest

import filecmp
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

from conftest import EPOCH, copy_project, run

pytestmark = pytest.mark.slow  # a whole extra build or server: CI runs it, `make test` leaves it out


class Serve:
    """`mkdocs serve` on a free port; its site folder is the one its log names."""

    def __init__(self, root: Path):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
        mkdocs = Path(sys.executable).with_name("mkdocs")
        self.proc = subprocess.Popen([str(mkdocs), "serve", "-a", f"127.0.0.1:{self.port}"], cwd=root, env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.log: list[str] = []
        threading.Thread(target=lambda: self.log.extend(self.proc.stderr), daemon=True).start()
        self.wait_for("/", lambda html: "</html>" in html)
        named = next(line for line in self.log if "Building 'tr' documentation to directory:" in line)
        self.site = Path(named.rsplit(":", 1)[1].strip())

    def fetch(self, path: str) -> str:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=60) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return ""

    def wait_for(self, path: str, ready, timeout: float = 300) -> None:
        deadline = time.time() + timeout
        while not ready(self.fetch(path)):
            assert self.proc.poll() is None, "".join(self.log)
            assert time.time() < deadline, f"{path} never changed:\n{''.join(self.log[-30:])}"
            time.sleep(0.1)

    def rebuilds(self) -> int:
        return sum("Detected file changes" in line for line in self.log)

    def settle(self) -> None:
        """Let a second rebuild from the same edit start (there should be none), then let it finish."""
        time.sleep(2)
        deadline = time.time() + 300
        while self.rebuilds() > sum("Reloading browsers" in line for line in self.log) and time.time() < deadline:
            time.sleep(0.2)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def edit_record(root: Path, family: str, record_id: str, change) -> None:
    path = root / "content" / f"{family}.yaml"
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(next(r for r in records if r["id"] == record_id))
    path.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")


def test_served_site_equals_a_clean_build_after_edits(tmp_path: Path):
    root = copy_project(tmp_path / "project")
    server = Serve(root)
    summit = "/summits/2021-istanbul/"
    try:
        rebuilds = server.rebuilds()
        edit_record(root, "summits", "2021-istanbul", lambda r: r["summary"].update(tr=r["summary"]["tr"] + " SERVEDIT1"))
        server.wait_for(summit, lambda html: "SERVEDIT1" in html)
        server.settle()
        assert server.rebuilds() == rebuilds + 1, "one edit, one rebuild"

        prose = root / "content" / "pages" / "effects" / "tr.md"
        prose.write_text(prose.read_text(encoding="utf-8") + "\nSERVEDIT2\n", encoding="utf-8")
        server.wait_for("/effects/", lambda html: "SERVEDIT2" in html)

        template = root / "templates" / "summit.md.j2"
        text = template.read_text(encoding="utf-8")
        head, _, tail = text.rpartition("{% endblock %}")
        template.write_text(f"{head}\nSERVEDIT3\n{{% endblock %}}{tail}", encoding="utf-8")
        server.wait_for(summit, lambda html: "SERVEDIT3" in html)

        # A title is shown on many pages (lists, back-links, timeline): all of them must follow.
        edit_record(root, "summits", "2021-istanbul", lambda r: r["title"].update(en=r["title"]["en"] + " SERVEDIT4"))
        server.wait_for("/en/timeline/", lambda html: "SERVEDIT4" in html)

        # A walk-through page's title is in every page's navigation.
        meta = root / "content" / "pages" / "effects" / "page.yaml"
        meta.write_text(meta.read_text(encoding="utf-8").replace('en: "', 'en: "SERVEDIT5 ', 1), encoding="utf-8")
        server.wait_for("/en/states/azerbaijan/", lambda html: "SERVEDIT5" in html)

        # The sources are parsed and formatted once while references.bib is unchanged: an edit must show.
        title = "Integration in International Relations: Definition and Types"
        listing = next(page for page in sorted((server.site / "en").glob("bibliography*/index.html"))
                       if title in page.read_text(encoding="utf-8"))
        bib = root / "sources" / "references.bib"
        bib.write_text(bib.read_text(encoding="utf-8").replace(title, f"SERVEDIT6 {title}", 1), encoding="utf-8")
        server.wait_for(f"/en/{listing.parent.name}/", lambda html: "SERVEDIT6" in html)

        # A page that comes and goes: the served site folder is written over, not emptied, so what the last
        # rebuild wrote and this one did not must be deleted (mkdocs/site_folder.py).
        events = root / "content" / "events.yaml"
        before = events.read_text(encoding="utf-8")
        added = yaml.safe_load(before)[0]
        added.update(id="1620-servedit7", title={lang: f"{text} SERVEDIT7" for lang, text in added["title"].items()})
        events.write_text(before + "\n" + yaml.safe_dump([added], allow_unicode=True, sort_keys=False, width=10_000),
                          encoding="utf-8")
        server.wait_for("/en/events/1620-servedit7/", lambda html: "SERVEDIT7" in html)
        events.write_text(before, encoding="utf-8")
        server.wait_for("/en/timeline/", lambda html: "SERVEDIT7" not in html)
        assert server.fetch("/en/events/1620-servedit7/") == ""  # 404: gone from the site folder

        # A record's summary and significance show on its own page only, but the sources they cite are listed
        # with their citers on the bibliography: a new citation must reach it (the final comparison checks).
        def cite(record):  # not added to `sources`: the bibliography must follow the text itself
            record["significance"] = {lang: f"{text} SERVEDIT8 [@trend2019]" for lang, text in record["significance"].items()}
        edit_record(root, "summits", "2021-istanbul", cite)
        server.wait_for(summit, lambda html: "SERVEDIT8" in html)

        edit_record(root, "summits", "2021-istanbul",
                    lambda r: r["summary"].update(tr=r["summary"]["tr"].removesuffix(" SERVEDIT1")))
        server.wait_for(summit, lambda html: "SERVEDIT1" not in html and "SERVEDIT3" in html)
        server.settle()

        result = _clean_build(root, tmp_path, server.port)
        assert result.returncode == 0, result.stderr
        # `mkdocs serve` never builds the whole-argument PDF (seconds per language); everything else is equal
        differences = _differences(filecmp.dircmp(tmp_path / "clean" / "site", server.site))
        assert [d for d in differences if not d.endswith("argument.pdf")] == []
    finally:
        server.stop()


def _clean_build(root: Path, tmp_path: Path, port: int) -> subprocess.CompletedProcess:
    """The same sources built from nothing, at the address the server gives itself."""
    clean = copy_project(tmp_path / "clean")
    for part in ("content", "sources", "templates"):
        subprocess.run(["rm", "-rf", str(clean / part)], check=True)
        subprocess.run(["cp", "-r", str(root / part), str(clean / part)], check=True)
    mkdocs = Path(sys.executable).with_name("mkdocs")
    return run([str(mkdocs), "build", "--strict", "--site-dir", "site"], cwd=clean, SITE_URL=f"http://127.0.0.1:{port}/")


def _differences(comparison: filecmp.dircmp) -> list[str]:
    found = comparison.left_only + comparison.right_only
    for name in comparison.common_files:
        if not filecmp.cmp(Path(comparison.left) / name, Path(comparison.right) / name, shallow=False):
            found.append(str(Path(comparison.right) / name))
    for sub in comparison.subdirs.values():
        found += _differences(sub)
    return sorted(found)
