"""`search/report-v0`: a research report as a markdown table, one citation set per row.

The question asks for every company headquartered today in a region and founded before
a year, with its city, founding year and present chief executive. The gold is the exact
row set, each cell's value, and per row the facts a citation must support (the
headquarters, the founding, the chief executive, and that the city lies in the region).
"""

from __future__ import annotations

import random

from pydantic import Field

from verticals.generators import DifficultyConfig, Draft, Generator
from verticals.tasks.search.multihop import SearchConfig, evidence_ids, world_config
from verticals.tasks.search.questions import Question
from verticals.tasks.search.resource import SearchWorld
from verticals.toolcalls import format_text_call

COLUMNS = ("Company", "City", "Founded", "Chief executive")
#: (fewest, most) rows a report asks for, by difficulty.
ROWS = {1: (1, 3), 2: (2, 4), 3: (3, 5), 4: (3, 7), 5: (4, 9)}

INSTRUCTIONS = """\
Write a short research report from a document collection about a fictional world (what \
you know of the real world will not help). Tools: search(query, k) lists the best matching \
documents (id, title, date, snippet); open(doc_id, page) shows a document's text. \
Documents are dated; when they disagree, the newest is right about the present.

When you are done, reply without a tool call, with one markdown table whose columns are
| Company | City | Founded | Chief executive |
one row per company, and in every row the ids of the documents that state that row's \
facts, in square brackets (for example [d-000123]); cite only those. List exactly the \
companies asked for: a missing or an extra row costs reward, and so does a row without \
citations."""


class ReportConfig(DifficultyConfig):
    world_seed: int = Field(default=0, ge=0, description="Seed of the world (not the question).")
    documents: int = Field(
        default=0, ge=0, le=500_000,
        description="World size in documents; 0 takes the difficulty's size.",
    )


def _rows(sw: SearchWorld, region: str, before: int) -> list[dict]:
    w = sw.world
    rows = []
    for org in sw.by_kind()["org"]:
        hq = w.current(org.id, "headquartered_in")
        founded = w.current(org.id, "founded_year")
        ceo = w.current(org.id, "ceo")
        if hq is None or ceo is None or founded.value >= before:
            continue
        located = w.current(hq.obj, "located_in")
        if located.obj != region:
            continue
        hops = [sorted(sw.docs_for(f.id)) for f in (hq, founded, ceo, located)]
        rows.append({"company": org.name, "city": w.name(hq.obj), "founded": founded.value,
                     "ceo": w.name(ceo.obj), "hops": hops})
    return rows


class Report(Generator):
    """One region x founding-year table per task, over the level's shared world."""

    name = "search/report"
    version = "1"
    Config = ReportConfig

    def generate(self, rng: random.Random, config: ReportConfig) -> Draft:
        wc = world_config(SearchConfig(difficulty=config.difficulty,
                                       world_seed=config.world_seed, documents=config.documents))
        sw = self.resources.get(SearchWorld, wc)
        low, high = ROWS[config.difficulty]
        regions = [r.id for r in sw.by_kind()["region"]]
        for _ in range(400):
            region = rng.choice(regions)
            before = rng.randint(1970, 2024)
            rows = _rows(sw, region, before)
            names = [r["company"] for r in rows]
            if low <= len(rows) <= high and len(set(names)) == len(names):
                break
        else:
            raise RuntimeError("no report question fits this world; make it larger")
        rows.sort(key=lambda r: r["company"])
        region_name = sw.world.name(region)
        question = (f"List every company whose head office is today in a city of {region_name} "
                    f"and that was founded before {before}, with its city, its founding year "
                    "and its present chief executive.")
        lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
        for row in rows:
            cites = " ".join(f"[{d}]" for d in evidence_ids(
                Question("report", "", "row", "", row["hops"], [])))
            lines.append(f"| {row['company']} | {row['city']} | {row['founded']} | "
                         f"{row['ceo']} {cites} |")
        search = format_text_call("search", {"query": f"companies {region_name}", "k": 5})
        return Draft(
            prompt=f"{INSTRUCTIONS}\n\nQuestion: {question}",
            reference={"rows": rows, "world": wc.model_dump(mode="json"),
                       "columns": list(COLUMNS)},
            oracle=[search, "\n".join(lines)],
            metadata={"difficulty": config.difficulty, "family": "report",
                      "rows": len(rows), "documents": len(sw.docs)},
        )

