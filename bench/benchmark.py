"""Time the generator and the MkDocs build, and weigh the output, at N times today's data.

    .venv/bin/python bench/benchmark.py --scale 1
    .venv/bin/python bench/benchmark.py --scale 100

Records are copied N times under new ids (`<id>-x2`, ...), in a temporary copy of the project, so the
numbers show how the build grows with the data. Results go to stdout as one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
SCALED = ("summits.yaml", "treaties.yaml", "events.yaml", "organizations.yaml", "states.yaml", "memberships.yaml")


def scaled_copy(dest: Path, scale: int) -> None:
    for part in ("content", "sources", "templates", "mkdocs.yml"):
        (shutil.copytree if (REPO / part).is_dir() else shutil.copy2)(REPO / part, dest / part)
    (dest / "docs").mkdir()
    for name in SCALED:
        path = dest / "content" / name
        records = yaml.safe_load(path.read_text(encoding="utf-8"))
        copies = [dict(r, id=f"{r['id']}-x{k}") for k in range(2, scale + 1) for r in records]
        path.write_text(yaml.safe_dump(records + copies, allow_unicode=True, sort_keys=False), encoding="utf-8")


def timed(args: list[str], cwd: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1764547200"}
    start = time.perf_counter()
    subprocess.run(args, cwd=cwd, env=env, check=True, capture_output=True)
    return round(time.perf_counter() - start, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        scaled_copy(root, args.scale)
        generate = timed([str(bin_dir / "turkic-site"), "--root", str(root), "build"], root)
        mkdocs = timed([str(bin_dir / "mkdocs"), "build", "--strict"], root)
        pages = sorted((root / "site").rglob("*.html"), key=lambda p: p.stat().st_size)
        total = sum(p.stat().st_size for p in (root / "site").rglob("*") if p.is_file())
        print(json.dumps({
            "scale": args.scale, "generate_s": generate, "mkdocs_build_s": mkdocs, "html_pages": len(pages),
            "site_bytes": total, "median_page_bytes": pages[len(pages) // 2].stat().st_size,
            "largest_page": [str(pages[-1].relative_to(root / "site")), pages[-1].stat().st_size],
            "search_index_bytes": (root / "site" / "search" / "search_index.json").stat().st_size,
        }))


if __name__ == "__main__":
    main()
