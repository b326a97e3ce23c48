"""search/report-v0: the table reward and attempts to game it."""

from __future__ import annotations

import re

import pytest
from search_helpers import final, make, play

from verticals.rewards.search.report import table_rows


def oracle_table(env) -> str:
    return env.task.oracle[-1]


def data_lines(env) -> list[str]:
    return [ln for ln in oracle_table(env).splitlines()[2:]]


HEADER = "| Company | City | Founded | Chief executive |\n|---|---|---|---|\n"


@pytest.mark.parametrize("level", [1, 3, 5])
def test_oracle_table_scores_one(level):
    env = make("search/report-v0", difficulty=level)
    for seed in range(3):
        env.reset(seed=seed)
        assert play(env, env.task.oracle)[0] == 1.0


def test_parser_reads_rows_cells_and_citations():
    text = ("Here it is:\n\n" + HEADER + "| A Co | X | 1990 | P Q [d-000001] [d-000002] |\n"
            "| B Co [d-000003] | Y | 1980 | R S |\n\nThat is all. | not a row |")
    rows = table_rows(text)
    assert rows == [(["A Co", "X", "1990", "P Q"], ["d-000001", "d-000002"]),
                    (["B Co", "Y", "1980", "R S"], ["d-000003"])]


def test_missing_and_extra_rows_cost_f1():
    env = make("search/report-v0", difficulty=5)
    env.reset(seed=0)
    lines = data_lines(env)
    reward, score = final(env, HEADER + "\n".join(lines[:-1]))
    n = len(lines)
    assert score["components"]["row_f1"] == pytest.approx(2 * (n - 1) / (2 * n - 1))
    assert reward < 1
    env.reset(seed=0)
    extra = [*lines, "| Nonexistent Works | Nowhere | 1999 | Nobody [d-000001] |"]
    reward, score = final(env, HEADER + "\n".join(extra))
    assert score["components"]["row_f1"] < 1 and reward < 1


def test_wrong_cells_cost_accuracy():
    env = make("search/report-v0", difficulty=3)
    env.reset(seed=1)
    lines = data_lines(env)
    broken = [re.sub(r"\| (\d{4}) \|", lambda m: f"| {int(m[1]) + 1} |", ln) for ln in lines]
    reward, score = final(env, HEADER + "\n".join(broken))
    assert score["components"]["cell_accuracy"] == pytest.approx(2 / 3)
    assert reward == pytest.approx(2 / 3)


def test_rows_without_citations_or_with_fake_ids_earn_nothing():
    env = make("search/report-v0", difficulty=3)
    env.reset(seed=2)
    bare = [re.sub(r"\[d-\d+\]", "", ln) for ln in data_lines(env)]
    assert final(env, HEADER + "\n".join(bare))[0] == 0.0
    env.reset(seed=2)
    fake = [re.sub(r"\[d-\d+\]", "[d-999999]", ln) for ln in data_lines(env)]
    assert final(env, HEADER + "\n".join(fake))[0] == 0.0


def test_spraying_citations_costs_support():
    env = make("search/report-v0", difficulty=3)
    env.reset(seed=0)
    spray = " ".join(f"[d-{i:06d}]" for i in range(40))
    lines = [ln.rstrip(" |") + f" {spray} |" for ln in data_lines(env)]
    reward, score = final(env, HEADER + "\n".join(lines))
    assert score["components"]["row_f1"] == 1 and reward < 0.2


def test_every_company_copying_the_question_and_the_null_answer():
    env = make("search/report-v0", difficulty=3)
    obs, _ = env.reset(seed=0)
    world = env.live_world().world
    cites = " ".join(re.findall(r"\[d-\d+\]", oracle_table(env)))
    every = [f"| {o.name} | x | 1 | y {cites} |" for o in world.of_kind("org")]
    assert final(env, HEADER + "\n".join(every))[0] < 0.05
    env.reset(seed=0)
    question = obs.split("Question:", 1)[1]
    assert final(env, question)[0] == 0.0
    env.reset(seed=0)
    assert final(env, "I don't know.")[0] == 0.0
