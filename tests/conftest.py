"""Shared fixtures: a throw-away copy of the project, the CLI as a user runs it, and one strict site build."""

from __future__ import annotations

import contextlib
import fcntl
import functools
import io
import os
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from article import require_article
from turkic_integration_site.cli import main

REPO = Path(__file__).resolve().parents[1]
PROJECT_PARTS = ("content", "sources", "templates", "mkdocs.yml")
EPOCH = "1764547200"  # 2025-12-01: fixed so builds are comparable


def copy_project(dest: Path) -> Path:
    for part in PROJECT_PARTS:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        else:
            shutil.copy2(src, dest / part)
    (dest / "docs").mkdir(exist_ok=True)
    return dest


BUILD_ENV = {"SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
# Settings a developer may have exported that would change what a test build publishes: tests set them alone.
LEAKY_ENV = ("SITE_URL", "REPOSITORY_URL", "GITHUB_SHA", "MIKE_DOCS_VERSION")


def run(args: list[str], cwd: Path, **env) -> subprocess.CompletedProcess:
    inherited = {k: v for k, v in os.environ.items() if k not in LEAKY_ENV}
    environment = {**inherited, **BUILD_ENV, **env}
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=environment, timeout=600)


def cli(root: Path, *args: str, as_a_process: bool = False) -> subprocess.CompletedProcess:
    """`turkic-site --root ROOT ARGS`, in this process (fast) or, `as_a_process`, as a user runs it."""
    command = ["--root", str(root), *args]
    if as_a_process:
        return run([sys.executable, "-m", "turkic_integration_site.cli", *command], cwd=root)
    out, err = io.StringIO(), io.StringIO()
    saved = {name: os.environ.get(name) for name in (*BUILD_ENV, *LEAKY_ENV)}
    os.environ.update(BUILD_ENV)
    for name in LEAKY_ENV:
        os.environ.pop(name, None)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(command)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return subprocess.CompletedProcess(command, code, out.getvalue(), err.getvalue())


def mkdocs_build(root: Path, site_dir: str = "site") -> subprocess.CompletedProcess:
    mkdocs = Path(sys.executable).with_name("mkdocs")
    return run([str(mkdocs), "build", "--strict", "--site-dir", site_dir], cwd=root)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The real site, built once per run with `mkdocs build --strict` (shared by pytest-xdist's workers:
    the first to take the lock builds, the others wait and read the same tree)."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's folder, above each worker's own
    root = shared / "built" / "project"
    with open(shared / "built.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / "build.log").exists():
            shutil.rmtree(root, ignore_errors=True)
            copy_project(root)
            result = mkdocs_build(root)
            assert result.returncode == 0, result.stderr
            (root / "build.log").write_text(result.stderr, encoding="utf-8")  # what the strict build printed
    return root


@pytest.fixture(scope="session")
def article_text() -> str:
    """The article's text (see tests/article.py for where it is looked for)."""
    return require_article().read_text(encoding="utf-8")


# ---- real browser: Debian's chromium driven by Playwright, the built site on a loopback server ----
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):  # the browser closing a connection early is normal
        pass


@pytest.fixture(scope="session")
def base_url(built):
    handler = functools.partial(QuietHandler, directory=str(built / "site"))
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()




# ---- tiers: `make check` runs what needs neither a whole site nor a browser ----------------------------------
SITE_FIXTURES = {"built", "base_url", "browser", "page", "nojs_page", "published", "hostile_site", "published_tree"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if SITE_FIXTURES & set(getattr(item, "fixturenames", ())) or item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.site)
