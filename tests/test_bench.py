"""The benchmark's own builds still run: its "MkDocs alone" configuration (d) broke once, unnoticed, when the
theme began to read settings the plugin provides."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from conftest import REPO, cli, run

sys.path.insert(0, str(REPO / "bench"))
import benchmark  # noqa: E402
from turkic_integration_site.publish.search_index import FOLDER as SEARCH_FOLDER  # noqa: E402

pytestmark = pytest.mark.slow  # a whole extra build or server: CI runs it, `make test` leaves it out


def test_mkdocs_alone_builds_the_generated_markdown(project):
    assert cli(project, "build").returncode == 0
    alone = benchmark.without_plugin(project)
    assert "turkic-site" not in alone.read_text(encoding="utf-8")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = run([str(mkdocs), "build", "--strict", "-f", str(alone), "-d", "site-alone"], cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "site-alone" / "summits" / "2021-istanbul" / "index.html").is_file()
    assert (project / "site-alone" / "404.html").is_file()
    assert not (project / "site-alone" / "search").exists()  # no search index: the plugin's work is left out


def test_the_breakdown_builds_run_with_and_without_a_search_index(project):
    """(e) MkDocs alone with MkDocs' own search writes its index; (c0), the full build with the site's search
    index switched off, writes none (the figures that say what that index costs)."""
    mkdocs = Path(sys.executable).with_name("mkdocs")
    no_search = benchmark.without_search(project / "mkdocs.yml", project / "mkdocs-no-search.yml")
    result = run([str(mkdocs), "build", "--strict", "-f", str(no_search), "-d", "site-no-search"], cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "site-no-search" / "summits" / "2021-istanbul" / "index.html").is_file()
    assert not (project / "site-no-search" / SEARCH_FOLDER).exists()

    stock = benchmark.with_stock_search(benchmark.without_plugin(project))
    result = run([str(mkdocs), "build", "--strict", "-f", str(stock), "-d", "site-alone"], cwd=project)
    assert result.returncode == 0, result.stderr
    index = json.loads((project / "site-alone" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any(doc["location"].startswith("summits/2021-istanbul/") for doc in index["docs"])


def test_the_first_search_is_weighed_on_the_built_site(built, browser):
    """The benchmark's first-search column: every query typed into the real box, nothing fetched before."""
    import search_weight

    figures = benchmark.first_searches(built / "site", browser)
    assert figures["queries"] == len(search_weight.QUERIES)
    assert 0 < figures["median_gzip_bytes"] <= figures["max_gzip_bytes"] < 150 * 1024
    assert figures["requests_before_search"] == 0 and figures["results_shown_min"] > 0
