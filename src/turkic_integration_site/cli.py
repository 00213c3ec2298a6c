"""`turkic-site build | check`: the generator without MkDocs."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .pages.build import build, build_date_from_env
from .common.errors import ContentError
from .content.load import load_site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="turkic-site", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder (default: current)")
    commands = parser.add_subparsers(dest="command", required=True)
    b = commands.add_parser("build", help="validate, then write the generated Markdown into docs/")
    b.add_argument("--out", type=Path, default=None, help="output folder (default: ROOT/docs)")
    b.add_argument("--site-url", default=os.environ.get("SITE_URL", "http://127.0.0.1:8000/"),
                   help="address the site is published at (default: $SITE_URL, as in mkdocs.yml)")
    commands.add_parser("check", help="validate content and sources; write nothing")
    args = parser.parse_args(argv)

    try:
        if args.command == "check":
            site = load_site(args.root)
            partial = [k for k, s in site.bib.sources.items() if not s.complete]
            counts = ", ".join(f"{len(v)} {k}" for k, v in sorted(site.records.items()))
            argument = f"; argument: {len(site.argument.claims)} claims, {len(site.argument.inferences)} inferences"
            print(f"ok: {counts}; {len(site.pages)} pages{argument}")
            print(f"sources: {len(site.bib.sources) - len(partial)} complete, {len(partial)} partial "
                  f"(full reference not given in the available text)")
        else:
            changed = build(args.root, args.out or args.root / "docs", args.site_url, build_date_from_env())
            print(f"ok: {changed} file(s) changed")
    except ContentError as err:
        print(err, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
