"""The bare baseline of the benchmark: parse the same YAML, read the same prose and BibTeX, write as many bytes.

    python bench/baseline.py ROOT SIZES.json OUT

What no generator can avoid: reading its inputs (with the same libyaml loader as the real one) and
writing files of the sizes the generator wrote (SIZES.json: a list of byte counts).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml


def main(root: Path, sizes_path: Path, out: Path) -> None:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in sorted((root / "content").rglob("*.yaml")):
        yaml.compose(path.read_text(encoding="utf-8"), Loader=loader)
    for path in sorted((root / "content").rglob("*.md")) + [root / "sources" / "references.bib"]:
        path.read_text(encoding="utf-8")
    out.mkdir(parents=True, exist_ok=True)
    for i, size in enumerate(json.loads(sizes_path.read_text())):
        (out / f"{i}.md").write_bytes(b"x" * size)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
