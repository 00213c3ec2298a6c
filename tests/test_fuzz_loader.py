"""Property: whatever YAML or record the loader is given, it returns a valid model or raises located
problems; never another exception, never a hang (Hypothesis generates the inputs)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from turkic_integration_site.common.errors import ContentError
from turkic_integration_site.content.load import load_site
from turkic_integration_site.content.model import RECORD_FILES
from turkic_integration_site.content.site import Site

ARGUMENT = """thesis: t
claims:
  - id: t
    label: {tr: "Tez", en: "Thesis"}
    claim: {tr: "Tez [@ozdasli-article].", en: "Thesis [@ozdasli-article]."}
    sections: [summary]
    sources: ["@ozdasli-article"]
inferences: []
"""
BIB = "@misc{ozdasli-article,\n  author = {Özdaşlı, Esma},\n  title = {T},\n  intext = {Özdaşlı},\n  complete = {no}\n}\n"
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    """A project with one source, a one-claim argument and no records: each example writes content/summits.yaml."""
    root = tmp_path_factory.mktemp("fuzz")
    (root / "content").mkdir()
    (root / "sources").mkdir()
    (root / "sources" / "references.bib").write_text(BIB, encoding="utf-8")
    for name in (*RECORD_FILES, "changelog"):
        (root / "content" / f"{name}.yaml").write_text("[]\n", encoding="utf-8")
    (root / "content" / "argument.yaml").write_text(ARGUMENT, encoding="utf-8")
    return root


def load(root: Path, data: bytes) -> Site | None:
    path = root / "content" / "summits.yaml"
    path.write_bytes(data)
    lines = data.count(b"\n") + 1
    try:
        return load_site(root)
    except ContentError as err:
        assert err.problems
        for problem in err.problems:  # every problem is located inside the file it names
            assert problem.path == "content/summits.yaml", problem
            assert 1 <= problem.line <= lines + 1 and problem.column >= 1 and problem.message, problem
            assert "\n" not in problem.message, problem
        return None


YAML_PIECES = st.sampled_from([
    "- ", "id: ", "title: ", "{tr: ", "en: ", "}", "[", "]", ", ", "\n", "\n  ", "\t", "&a ", "*a", "<<: ", "!!int ",
    "!!python/object ", "? ", ": ", "|\n  ", ">\n  ", '"', "'", "\\e", "#", "@ozdasli-article", "[@x]", "2021-11-12",
    "1e9", "0x1F", ".nan", "~", "yes", "İ", "\u202e", "\x00", "---\n", "...\n", "%YAML 1.1\n", "\ufeff", "é",
])


@SETTINGS
@given(st.lists(YAML_PIECES | st.text(max_size=5), max_size=40).map("".join))
def test_any_yaml_document_gives_a_model_or_located_problems(tiny: Path, text: str):
    load(tiny, text.encode("utf-8", errors="surrogatepass"))


@SETTINGS
@given(st.binary(max_size=200))
def test_any_bytes_give_a_model_or_located_problems(tiny: Path, data: bytes):
    load(tiny, data)


TEXT = st.text(max_size=40) | st.sampled_from(["[@ozdasli-article, s. 3]", "[x](javascript:alert(1))", "<b>x</b>",
                                                "[@nosuch]", "@ozdasli-article", "[@a; @b", "\x1b", "{: onclick=x}"])
RECORD = st.fixed_dictionaries(
    {"id": st.sampled_from(["probe", "Probe", "2021-x", ""]) | st.text(max_size=10),
     "date": st.sampled_from(["2021-11-12", "2021", "2021-02-30", "2021-11-12/2021-11-10", "x"]) | st.integers(),
     "title": st.fixed_dictionaries({"tr": TEXT, "en": TEXT}),
     "series": st.sampled_from(["ots", "other", "nope"]),
     "summary": st.fixed_dictionaries({"tr": TEXT, "en": TEXT}) | TEXT,
     "significance": st.fixed_dictionaries({"tr": TEXT, "en": TEXT}),
     "sections": st.lists(st.sampled_from(["effects", "war", "x"]), max_size=2),
     "sources": st.lists(st.sampled_from(["@ozdasli-article", "@ozdasli-article, s. 3", "@nosuch", "x"]), max_size=2),
     "basis": st.sampled_from(["article", "confirmed", "nope"])},
    optional={"basis_sources": st.lists(st.sampled_from(["ozdasli-article", "nosuch", "@x"]), max_size=2),
              "number": st.integers() | TEXT, "host": TEXT, "colour": TEXT},
)


@SETTINGS
@given(st.lists(RECORD, max_size=3))
def test_any_generated_records_give_a_model_or_located_problems(tiny: Path, records: list[dict]):
    site = load(tiny, yaml.safe_dump(records, allow_unicode=True).encode("utf-8"))
    if site is not None:  # a valid model: every summit has its two titles
        assert all(s.title.tr and s.title.en for s in site.summits.values())
