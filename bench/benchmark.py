"""Build time, ratios, page weight, memory and edit-to-reload at N times today's data, in one run.

    .venv/bin/python bench/benchmark.py                       # 1x, 10x, 100x; 3 runs (1 at 100x)
    .venv/bin/python bench/benchmark.py --scales 1 10 --runs 3 --edit-scales 1 10

For each scale, in a throw-away synthetic copy of the project (bench/synthetic.py), the median of the runs of:
  (a) the generator alone: `turkic-site build` into an empty docs/;
  (b) a bare baseline: parse the same YAML (same libyaml loader), read the prose and BibTeX, and write files
      of the same sizes as (a) wrote (bench/baseline.py);
  (c) the full `mkdocs build --strict` from an empty docs/ and site/;
  (d) MkDocs alone on the Markdown (c) generated: the same mkdocs.yml without the turkic-site plugin;
and, where the build's CPU goes (--breakdown-scales, 1x and 10x):
  (c0) the full build with the site's search index switched off;
  (e) MkDocs alone with MkDocs' own search plugin, as `mkdocs new` has it (one search_index.json);
then, untimed, the first search of each of search_weight.py's queries on the site (c) built, typed into the
header box in Chromium (the bytes it downloads, gzipped); and edit-to-reload under `mkdocs serve`: the time from
saving an edit (a record's text, a prose page, a template) until the served page contains it, and how many
rebuilds the edit caused.
Prints a Markdown table (for BENCHMARKS.md) and writes every figure as JSON (--json).
"""

from __future__ import annotations

import argparse
from collections import defaultdict
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from importlib import metadata
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic  # noqa: E402

BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1764547200"}
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "jinja2", "pybtex", "pydantic", "markdown",
            "markdown-it-py", "pyyaml")


def run(args: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system: on a shared machine wall time includes waiting for a core)
    and peak resident memory (KiB) of one command; fails loudly if the command fails."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{err.decode(errors='replace')[-3000:]}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def empty(folder: Path) -> None:
    """Remove everything generated, keep the folder (MkDocs needs docs/ to exist)."""
    if folder.exists():
        for child in folder.iterdir():
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    folder.mkdir(exist_ok=True)


def without_plugin(root: Path) -> Path:
    """mkdocs.yml without the turkic-site plugin entry (and any options indented under it), plus the one
    hook the theme override needs (bench/alone_hooks.py)."""
    lines, out, skipping = (root / "mkdocs.yml").read_text(encoding="utf-8").splitlines(), [], None
    for line in lines:
        indent = len(line) - len(line.lstrip())
        if skipping is not None and line.strip() and indent > skipping:
            continue
        skipping = None
        if re.match(r"^\s*- turkic-site:?\s*$", line):
            skipping = indent
            continue
        out.append(line)
    out.append(f"hooks: [{Path(__file__).with_name('alone_hooks.py')}]")  # what the theme needs to render
    path = root / "mkdocs-alone.yml"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def html_pages(site: Path) -> list[tuple[int, str]]:
    return sorted((p.stat().st_size, str(p.relative_to(site))) for p in site.rglob("*.html"))


def _replace_once(text: str, old: str, new: str, path: Path) -> str:
    if old not in text:
        raise SystemExit(f"{path}: no {old.strip()!r} to change")
    return text.replace(old, new, 1)


def without_search(source: Path, target: Path) -> Path:
    """`source` (a mkdocs.yml) with the plugin's search index switched off, written to `target`."""
    text = source.read_text(encoding="utf-8")
    target.write_text(_replace_once(text, "\n      search:\n", "\n      search:\n        enabled: false\n", source),
                      encoding="utf-8")
    return target


def with_stock_search(alone: Path) -> Path:
    """MkDocs alone's configuration (without_plugin) plus MkDocs' own search plugin, its languages set by
    mkdocs-static-i18n (reconfigure_search, that plugin's default)."""
    text = _replace_once(alone.read_text(encoding="utf-8"), "\nplugins:\n", "\nplugins:\n  - search\n", alone)
    text = _replace_once(text, "reconfigure_search: false", "reconfigure_search: true", alone)
    path = alone.with_name("mkdocs-alone-search.yml")
    path.write_text(text, encoding="utf-8")
    return path


def measure_scale(scale: int, runs: int, work: Path, search: bool = True, breakdown: bool = False) -> dict:
    root = synthetic.make_project(work / f"x{scale}", scale)
    if not search:
        without_search(root / "mkdocs.yml", root / "mkdocs.yml")
    docs, site = root / "docs", root / "site"
    wall, cpu, peaks = defaultdict(list), defaultdict(list), defaultdict(int)

    def timed(name: str, args: list[str]) -> None:
        seconds, cpu_seconds, peak = run(args, root)
        wall[name].append(seconds)
        cpu[name].append(cpu_seconds)
        peaks[name] = max(peaks[name], peak)

    alone_yml = without_plugin(root)
    if breakdown:
        no_search_yml = without_search(root / "mkdocs.yml", root / "mkdocs-no-search.yml")
        stock_search_yml = with_stock_search(alone_yml)
    for _ in range(runs):
        empty(docs)
        timed("a", [str(BIN / "turkic-site"), "--root", str(root), "build"])
        sizes = [p.stat().st_size for p in docs.rglob("*") if p.is_file()]
        (work / "sizes.json").write_text(json.dumps(sizes))
        empty(work / "baseline-out")
        timed("b", [sys.executable, str(Path(__file__).with_name("baseline.py")), str(root), str(work / "sizes.json"),
                    str(work / "baseline-out")])
        empty(docs)
        shutil.rmtree(site, ignore_errors=True)
        timed("c", [str(BIN / "mkdocs"), "build", "--strict"])
        shutil.rmtree(root / "site-alone", ignore_errors=True)
        timed("d", [str(BIN / "mkdocs"), "build", "--strict", "-f", str(alone_yml), "-d", "site-alone"])
        if breakdown:  # (e) on the Markdown (c) generated, then (c0) from an empty docs/ again
            shutil.rmtree(root / "site-alone", ignore_errors=True)
            timed("e", [str(BIN / "mkdocs"), "build", "--strict", "-f", str(stock_search_yml), "-d", "site-alone"])
            empty(docs)
            shutil.rmtree(root / "site-no-search", ignore_errors=True)
            timed("c0", [str(BIN / "mkdocs"), "build", "--strict", "-f", str(no_search_yml), "-d", "site-no-search"])
    pages = html_pages(site)
    medians = {k: statistics.median(v) for k, v in wall.items()}
    cpu_medians = {k: statistics.median(v) for k, v in cpu.items()}
    a, b, c, d = (medians[k] for k in "abcd")
    ca, cb, cc, cd = (cpu_medians[k] for k in "abcd")
    breakdown_figures = {"c0_without_search_s": medians["c0"], "e_alone_with_stock_search_s": medians["e"],
                         "cpu_c0/d": cpu_medians["c0"] / cd, "cpu_c/e": cc / cpu_medians["e"]} if breakdown else {}
    return {
        **breakdown_figures, "scale": scale, "runs": runs, "generated_files": len(sizes),
        "generated_bytes": sum(sizes), "html_pages": len(pages), "a_generator_s": a, "b_baseline_s": b,
        "c_full_build_s": c, "d_mkdocs_alone_s": d, "a/b": a / b, "a/c": a / c, "c/d": c / d,
        "cpu_s": cpu_medians, "cpu_a/b": ca / cb, "cpu_a/c": ca / cc, "cpu_c/d": cc / cd,
        "runs_s": dict(wall), "runs_cpu_s": dict(cpu),
        "peak_rss_mib": {k: round(v / 1024, 1) for k, v in peaks.items()},
        "median_page_bytes": pages[len(pages) // 2][0], "largest_page": pages[-1][::-1],
        "pages_over_200k": sum(1 for size, _ in pages if size > 200_000),
        "first_search": first_searches(site) if search else None,
    }


def first_searches(site: Path, browser=None) -> dict:
    """What the first search downloads (gzip), over search_weight.py's queries, each in a fresh page."""
    import search_weight  # Playwright and Chromium: only when a search is measured

    searches = search_weight.search_every_query(site, browser).values()
    searched = sorted(x["search"]["gzip_bytes"] for x in searches)
    return {"queries": len(searched), "median_gzip_bytes": searched[len(searched) // 2],
            "max_gzip_bytes": searched[-1], "requests_before_search": sum(len(x["index_before_search"]) for x in searches),
            "results_shown_min": min(x["results_shown"] for x in searches)}


# ---- edit-to-reload under `mkdocs serve` -----------------------------------------------------------
class Server:
    """`mkdocs serve` in the project, its log collected, pages fetched over HTTP."""

    def __init__(self, root: Path, *options: str):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.proc = subprocess.Popen([str(BIN / "mkdocs"), "serve", "-a", f"127.0.0.1:{self.port}", *options],
                                     cwd=root, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        deadline = time.time() + 600
        while not self.fetch("/") and time.time() < deadline:
            time.sleep(0.2)

    def _read(self):
        for line in self.proc.stderr:
            self.log.append(line)

    def fetch(self, path: str) -> str:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=30) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return ""

    def cpu_seconds(self) -> float:
        """User + system CPU time the server process has used so far (Linux /proc)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def wait_idle(self):
        """Until the last rebuild that started has finished."""
        deadline = time.time() + 600
        while self.rebuilds() > sum("Reloading browsers" in line for line in self.log) and time.time() < deadline:
            time.sleep(0.1)

    def rebuilds(self) -> int:
        return sum("Detected file changes" in line for line in self.log)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)


def _edit_record(root: Path, marker: str) -> str:
    path = root / "content" / "summits.yaml"
    records = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    summit = next(r for r in records if r["id"] == "2021-istanbul")
    summit["summary"]["tr"] = re.sub(r" BENCH\w+$", "", summit["summary"]["tr"]) + f" {marker}"
    text = yaml.dump(records, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=10_000)
    path.write_text(text, encoding="utf-8")
    return "/summits/2021-istanbul/"


def _edit_prose(root: Path, marker: str) -> str:
    path = root / "content" / "pages" / "effects" / "tr.md"
    text = re.sub(r"\n\nBENCH\w+\n$", "\n", path.read_text(encoding="utf-8"))
    path.write_text(text.rstrip("\n") + f"\n\n{marker}\n", encoding="utf-8")
    return "/effects/"


def _edit_template(root: Path, marker: str) -> str:
    path = root / "templates" / "summit.md.j2"
    text = re.sub(r"\nBENCH\w+\n", "\n", path.read_text(encoding="utf-8"))
    head, _, tail = text.rpartition("{% endblock %}")
    path.write_text(f"{head}\n{marker}\n{{% endblock %}}{tail}", encoding="utf-8")
    return "/summits/2021-istanbul/"


def _edit_generated(root: Path, marker: str) -> str:
    """MkDocs alone: one line appended to one generated page (the record page the record edit shows)."""
    path = root / "docs" / "summits" / "2021-istanbul.tr.md"
    text = re.sub(r"\n\nBENCH\w+\n$", "\n", path.read_text(encoding="utf-8"))
    path.write_text(text.rstrip("\n") + f"\n\n{marker}\n", encoding="utf-8")
    return "/summits/2021-istanbul/"


EDITS = {"record text": _edit_record, "prose page": _edit_prose, "template": _edit_template}
ALONE_EDIT = "MkDocs alone: a line appended to one page"


def measure_edits(scale: int, runs: int, work: Path) -> dict:
    """Edit-to-reload under `mkdocs serve` for each kind of edit, then MkDocs alone serving the generated
    Markdown (mkdocs-alone.yml, written by measure_scale) with one line appended to one page."""
    root = work / f"x{scale}"  # built by measure_scale: docs/ holds the generated Markdown
    results = {}
    for kinds, options in ((EDITS, ()), ({ALONE_EDIT: _edit_generated}, ("-f", str(root / "mkdocs-alone.yml")))):
        server = Server(root, *options)
        try:
            for kind, edit in kinds.items():
                results[kind] = _measure_edit(server, root, kind, edit, runs)
        finally:
            server.stop()
    return results


def _measure_edit(server: Server, root: Path, kind: str, edit, runs: int) -> dict:
    seconds, rebuilds, cpu = [], [], []
    for i in range(runs):
        marker = f"BENCH{kind.split()[0].upper().strip(':')}{i}x{int(time.time() * 1000)}"
        before, cpu_before = server.rebuilds(), server.cpu_seconds()
        path = edit(root, marker)
        start = time.perf_counter()
        while marker not in server.fetch(path):
            if time.perf_counter() - start > 600:
                raise SystemExit(f"edit '{kind}' never reached {path}:\n{''.join(server.log[-20:])}")
            time.sleep(0.02)
        seconds.append(time.perf_counter() - start)
        time.sleep(3)  # a second rebuild caused by the same edit would have started by now
        server.wait_idle()
        rebuilds.append(server.rebuilds() - before)
        cpu.append(server.cpu_seconds() - cpu_before)
    return {"median_s": statistics.median(seconds), "runs_s": seconds, "cpu_s": statistics.median(cpu),
            "rebuilds_per_edit": max(rebuilds)}


def machine() -> dict:
    cpuinfo = Path("/proc/cpuinfo")  # Linux only; elsewhere the platform module's answer
    lines = cpuinfo.read_text().splitlines() if cpuinfo.exists() else []
    cpu = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")),
               platform.processor())
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return {"cpu": cpu, "cores": os.cpu_count(), "load_average": os.getloadavg(), "python": platform.python_version(),
            "system": platform.platform(), "versions": versions,
            "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def table(results: list[dict], edits: dict[int, dict]) -> str:
    rows = ["| scale | pages | (a) generator s | (b) baseline s | (c) full build s | (d) MkDocs alone s | a/b | a/c "
            "| c/d | CPU a/c | CPU c/d | median page KB | largest page KB | peak memory (c) MiB "
            "| first search (gzip) KB: median / max |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in results:
        searched = r.get("first_search")
        searched = (f"{searched['median_gzip_bytes'] / 1024:.1f} / {searched['max_gzip_bytes'] / 1024:.1f} "
                    f"({searched['queries']} queries)") if searched else "–"
        rows.append(f"| {r['scale']}× ({r['runs']} runs) | {r['html_pages']} | {r['a_generator_s']:.2f} | "
                    f"{r['b_baseline_s']:.2f} | {r['c_full_build_s']:.2f} | {r['d_mkdocs_alone_s']:.2f} | "
                    f"{r['a/b']:.1f} | {r['a/c'] * 100:.1f}% | {r['c/d']:.2f} | {r['cpu_a/c'] * 100:.1f}% | "
                    f"{r['cpu_c/d']:.2f} | {r['median_page_bytes'] / 1000:.1f} | "
                    f"{r['largest_page'][1] / 1000:.1f} (`{r['largest_page'][0]}`) | {r['peak_rss_mib']['c']:.0f} | "
                    f"{searched} |")
    broken_down = [r for r in results if "cpu_c0/d" in r]
    if broken_down:
        rows += ["", "| scale | CPU s: (c) full build | (c0) its search index off | (d) MkDocs alone "
                 "| (e) MkDocs alone + MkDocs' search | CPU c/d | CPU c0/d | CPU c/e | wall s: c / c0 / d / e |",
                 "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
        for r in broken_down:
            cpu = r["cpu_s"]
            rows.append(f"| {r['scale']}× | {cpu['c']:.2f} | {cpu['c0']:.2f} | {cpu['d']:.2f} | "
                        f"{cpu['e']:.2f} | {r['cpu_c/d']:.2f} | {r['cpu_c0/d']:.2f} | {r['cpu_c/e']:.2f} | "
                        f"{r['c_full_build_s']:.2f} / {r['c0_without_search_s']:.2f} / {r['d_mkdocs_alone_s']:.2f} / "
                        f"{r['e_alone_with_stock_search_s']:.2f} |")
    if edits:
        rows += ["", "| scale | edit | edit-to-reload s (median) | runs s | server CPU s per edit | rebuilds per edit |",
                 "| --- | --- | --- | --- | --- | --- |"]
        for scale, kinds in edits.items():
            for kind, e in kinds.items():
                runs = ", ".join(f"{s:.2f}" for s in e["runs_s"])
                rows.append(f"| {scale}× | {kind} | {e['median_s']:.2f} | {runs} | {e['cpu_s']:.2f} | "
                            f"{e['rebuilds_per_edit']} |")
            if ALONE_EDIT in kinds:  # the target: each edit at most 0.3x MkDocs alone's reload
                alone = kinds[ALONE_EDIT]["median_s"]
                rows.append("")
                rows.append(f"{scale}×, edit-to-reload / MkDocs alone's: " + ", ".join(
                    f"{kind} {e['median_s'] / alone:.2f}" for kind, e in kinds.items() if kind != ALONE_EDIT))
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--runs", type=int, default=3, help="runs per scale (median); see --runs-100")
    parser.add_argument("--runs-100", type=int, default=1, help="runs at 100x and above (slow on 2 cores)")
    parser.add_argument("--edit-scales", type=int, nargs="*", default=[1, 10])
    parser.add_argument("--edit-runs", type=int, default=3)
    parser.add_argument("--json", type=Path, default=None, help="write every figure here as JSON")
    parser.add_argument("--no-search", action="store_true", help="build without the search index")
    parser.add_argument("--breakdown-scales", type=int, nargs="*", default=[1, 10],
                        help="scales that also time (c0) and (e): the build's search index against MkDocs' own")
    args = parser.parse_args()
    results, edits = [], {}
    with tempfile.TemporaryDirectory(prefix="tis-bench-") as tmp:
        work = Path(tmp)
        for scale in args.scales:
            r = measure_scale(scale, args.runs_100 if scale >= 100 else args.runs, work, search=not args.no_search,
                              breakdown=scale in args.breakdown_scales and not args.no_search)
            results.append(r)
            print(json.dumps({k: v for k, v in r.items() if k != "runs_s"}), file=sys.stderr, flush=True)
            if scale in args.edit_scales:
                edits[scale] = measure_edits(scale, args.edit_runs, work)
                print(json.dumps(edits[scale]), file=sys.stderr, flush=True)
            shutil.rmtree(work / f"x{scale}")
    report = {"machine": machine(), "scales": results, "edit_to_reload": edits}
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(report["machine"]))
    print(table(results, edits))


if __name__ == "__main__":
    main()
