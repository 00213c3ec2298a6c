"""The article's argument as data (content/argument.yaml): claims, the inferences between them, and their checks."""

from __future__ import annotations

from collections import deque
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from . import yamlmarks
from .model import Citation, Id, Strict, Text

Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]


class ShortText(Strict):
    """A claim's name on the map: a few words in each language."""

    tr: Label
    en: Label

    def __getitem__(self, lang: str) -> str:
        return getattr(self, lang)


class Claim(Strict):
    """One step of the argument, in the site's own words; `sections[0]` (and its `part`, the n-th `##` heading
    of that page's prose) is where the site's walk-through discusses it."""

    id: Id
    label: ShortText
    claim: Text
    voice: Literal["article", "site"] = "article"  # "site": the site's own reading, not the article's
    sections: list[Id] = Field(min_length=1)
    part: int | None = Field(default=None, ge=1)
    records: list[Id] = []
    notes: list[Id] = []
    sources: list[Citation] = Field(min_length=1)


class Inference(Strict):
    """Premises give a reason for (support) or an objection or limit to (attack) one conclusion."""

    id: Id
    kind: Literal["support", "attack"]
    premises: list[Id] = Field(min_length=1)
    conclusion: Id
    voice: Literal["article", "site"] = "article"
    strength: Literal["weak", "contested"] | None = None  # the site's reading of the step, given in `reading`
    reading: Text | None = None
    notes: list[Id] = []
    sources: list[Citation] = []


class ArgumentMap(Strict):
    thesis: Id
    claims: list[Claim] = Field(min_length=1)
    inferences: list[Inference] = []

    def claim(self, claim_id: str) -> Claim | None:
        return next((c for c in self.claims if c.id == claim_id), None)

    def into(self, claim_id: str) -> list[Inference]:
        """The inferences whose conclusion is this claim, in file order."""
        return [i for i in self.inferences if i.conclusion == claim_id]

    def depths(self) -> dict[str, int]:
        """Each claim reached from the thesis (through the premises of inferences into it): its distance."""
        depth, queue = {self.thesis: 0}, deque([self.thesis])
        while queue:
            current = queue.popleft()
            for inference in self.into(current):
                for premise in inference.premises:
                    if premise not in depth:
                        depth[premise] = depth[current] + 1
                        queue.append(premise)
        return depth


def check_graph(doc: yamlmarks.Document, argument: ArgumentMap) -> list:
    """Every id resolves, every claim is reached from the thesis, no claim supports itself; each located."""
    problems = []
    ids = {c.id for c in argument.claims}
    for index, inference in enumerate(argument.inferences):
        for j, premise in enumerate(inference.premises):
            if premise not in ids:
                problems.append(doc.problem(("inferences", index, "premises", j), f"unknown claim '{premise}'"))
        if inference.conclusion not in ids:
            problems.append(doc.problem(("inferences", index, "conclusion"),
                                        f"unknown claim '{inference.conclusion}'"))
        if (inference.strength is None) != (inference.reading is None):
            problems.append(doc.problem(("inferences", index),
                                        "a 'strength' needs the site's 'reading', and a 'reading' its 'strength'"))
    if argument.thesis not in ids:
        return problems + [doc.problem(("thesis",), f"unknown claim '{argument.thesis}'")]
    seen: dict[str, int] = {}
    for index, item in [*enumerate(argument.claims), *enumerate(argument.inferences)]:
        where = ("claims" if isinstance(item, Claim) else "inferences", index, "id")
        if item.id in seen:
            problems.append(doc.problem(where, f"duplicate id '{item.id}' in the argument"))
        seen.setdefault(item.id, index)
    reached = argument.depths()
    for index, claim in enumerate(argument.claims):
        if claim.id not in reached:
            problems.append(doc.problem(("claims", index, "id"),
                                        f"claim '{claim.id}' is not reached from the thesis '{argument.thesis}'"))
    cycle = _support_cycle(argument)
    if cycle:
        index = next(i for i, inf in enumerate(argument.inferences) if inf.id == cycle[0][0])
        claims = [claim for _, claim in cycle]
        problems.append(doc.problem(("inferences", index, "conclusion"),
                                    "a cycle of support: " + " → ".join(claims + claims[:1])))
    return problems


def check_parts(doc: yamlmarks.Document, argument: ArgumentMap, pages: dict) -> list:
    """A claim's `part` is a `##` heading of its section's prose, in both languages."""
    problems = []
    for index, claim in enumerate(argument.claims):
        page = pages.get(claim.sections[0])
        if claim.part is None or page is None:
            continue
        count = min(len(headings(page.prose[lang])) for lang in page.prose)
        if claim.part > count:
            problems.append(doc.problem(("claims", index, "part"),
                                        f"section '{page.id}' has {count} '##' headings, not {claim.part}"))
    return problems


def headings(prose: str) -> list[str]:
    """The text of each `##` heading of a page's prose, in order."""
    return [line[3:].strip() for line in prose.splitlines() if line.startswith("## ")]


def _support_cycle(argument: ArgumentMap) -> list[tuple[str, str]]:
    """One cycle of support (a claim that, through supports, supports itself) as (inference id, premise) pairs."""
    supports = [i for i in argument.inferences if i.kind == "support"]
    state: dict[str, int] = {}  # claim id -> 1 on the current path, 2 done
    path: list[tuple[str, str]] = []

    def visit(claim_id: str) -> list[tuple[str, str]]:
        state[claim_id] = 1
        for inference in (i for i in supports if claim_id in i.premises):
            path.append((inference.id, claim_id))
            target = inference.conclusion
            if state.get(target) == 1:
                return path[next(k for k, (_, premise) in enumerate(path) if premise == target):]
            if target not in state:
                found = visit(target)
                if found:
                    return found
            path.pop()
        state[claim_id] = 2
        return []

    for claim in argument.claims:
        if claim.id not in state:
            found = visit(claim.id)
            if found:
                return found
    return []
