"""The deploy workflow: its shape, and its build steps run here on a fresh clone, producing the Pages tree."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import EPOCH, REPO

pytestmark = pytest.mark.slow  # a whole extra build or server: CI runs it, `make test` leaves it out

WORKFLOW = REPO / ".github" / "workflows" / "publish.yml"
SITE = "https://example.org/turkic/"


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps() -> list[dict]:
    return workflow()["jobs"]["build"]["steps"]


def test_workflow_tests_builds_and_deploys_with_the_official_pages_actions():
    flow = workflow()
    assert flow["permissions"]["pages"] == "write" and flow["permissions"]["id-token"] == "write"
    uses = [s.get("uses", "").split("@")[0] for s in steps()]
    runs = [s.get("run", "") for s in steps()]
    test_at = next(i for i, run in enumerate(runs) if "make test" in run)
    build_at = next(i for i, run in enumerate(runs) if "scripts/publish" in run)
    assert test_at < build_at < uses.index("actions/upload-pages-artifact")
    assert "actions/configure-pages" in uses
    deploy = flow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    # the artifact is the tree the build step writes
    upload = next(s for s in steps() if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert f"scripts/publish {upload['with']['path']}" in runs[build_at]


@pytest.fixture(scope="module")
def published_tree(tmp_path_factory) -> Path:
    """The workflow's build step, run as written on a fresh clone of this commit."""
    clone = tmp_path_factory.mktemp("fresh") / "clone"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True)
    (clone / ".venv").symlink_to(Path(sys.executable).parents[1])  # `make setup`'s environment
    step = next(s for s in steps() if "scripts/publish" in s.get("run", ""))
    env = {name: _expand(value) for name, value in step["env"].items()}
    script = step["run"].replace("git fetch origin gh-pages:gh-pages || true", "").replace("PUSH=1 ", "")
    environment = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "HOME": str(clone.parent),
                   "SOURCE_DATE_EPOCH": EPOCH, **env}
    result = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=clone, env=environment,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    return clone / "public"


def _expand(value: str) -> str:
    """The workflow's ${{ ... }} expressions, as GitHub would fill them for example.org."""
    value = value.replace("${{ steps.pages.outputs.base_url }}", SITE.rstrip("/"))
    value = value.replace("${{ github.server_url }}", "https://github.com").replace(
        "${{ github.repository }}", "example/turkic-integration-site")
    assert "${{" not in value, value
    return value


def test_fresh_clone_builds_the_publishable_tree(published_tree: Path):
    versions = json.loads((published_tree / "versions.json").read_text(encoding="utf-8"))
    assert versions == [{"version": "0.2", "title": "0.2", "aliases": ["latest"]}]
    assert "latest/" in (published_tree / "index.html").read_text(encoding="utf-8")  # mike's redirect
    for root in ("0.2", "latest"):
        for page in ("index.html", "en/index.html", "summits/2021-istanbul/index.html", "404.html", "en/404.html",
                     "downloads/argument.pdf", "en/downloads/argument.pdf", "sitemap.xml", "en/sitemap.xml"):
            assert (published_tree / root / page).is_file(), f"{root}/{page}"
    robots = (published_tree / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {SITE}latest/sitemap.xml" in robots
    assert (published_tree / "404.html").is_file()


def test_a_release_is_cited_at_its_own_address_and_canonical_at_latest(published_tree: Path):
    html = (published_tree / "0.2" / "en" / "summits" / "2021-istanbul" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SITE}latest/en/summits/2021-istanbul/">' in html
    cite = html.split("<summary>", 1)[1]
    assert f"{SITE}0.2/en/summits/2021-istanbul/" in cite and "As of version 0.2" in cite
    assert "https://github.com/example/turkic-integration-site/blob/" in html
    # Material's version selector reads mike's versions.json, which exists one level up
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)[1])
    assert config["version"]["provider"] == "mike"
    sitemap = (published_tree / "latest" / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE}latest/summits/2021-istanbul/</loc>" in sitemap and "/0.2/" not in sitemap
