"""One answer per final message: the forms models write earn full reward, hedges earn 0.

A second answer statement (agreeing or not) used to be read as one answer with the
citations of both pooled; the conformance kit paid 0.75 for "Answer: A [d-1]\\n\\nAnswer:
B [d-2]". Now two or more answer statements earn 0, and so does a second table.
"""

from __future__ import annotations

import json
import re

import pytest
from search_helpers import final, make

from verticals.rewards.search.normalize import answer_part, answer_statements
from verticals.rewards.search.report import table_count


def answerable_entities(count=4):
    """Fresh envs reset to entity questions (chains), with the gold's name and citations."""
    found = 0
    for seed in range(40):
        env = make(difficulty=3, family="chain")
        env.reset(seed=seed)
        ref = env.task.reference
        if ref["type"] == "entity":
            yield env, ref["answer"], " ".join(re.findall(r"\[d-\d+\]", env.task.oracle[-1]))
            found += 1
            if found == count:
                return


def honest_forms(answer: str, cites: str) -> list[str]:
    """How models write one cited answer."""
    return [
        f"Answer: {answer} {cites}",
        f"**Answer:** {answer} {cites}",
        f"**Answer**: {answer} {cites}",
        f"Answer: **{answer}** {cites}",
        f"answer: {answer}{cites.replace(' ', '')}",
        f"Final answer: {answer} {cites}",
        f"## Answer: {answer} {cites}",
        f"I searched for the company, opened its page and followed the chain.\n\n"
        f"Answer: {answer} {cites}",
        f"Answer: {answer} {cites}\n\nThe documents cited state each step of the chain.",
        f"Answer: {answer} {cites}\nThis is what the cited pages say.",
        f"Answer: {answer}\n\nSources: {cites}",
        f"**Answer:**\n{answer} {cites}",
    ]


def hedged_forms(answer: str, other: str, cites: str) -> list[tuple[str, str]]:
    """(message, a word its reason must hold) for messages that state more than one answer."""
    return [
        (f"Answer: {answer} {cites}\n\nAnswer: {answer} {cites}", "states 2 answers"),
        (f"Answer: {answer} {cites}\n\nAnswer: {other} {cites}", "states 2 answers"),
        (f"Answer: {other} {cites}\n\nAnswer: {answer} {cites}", "states 2 answers"),
        (f"Answer: {answer} [d-999999]\nAnswer: {answer} {cites}", "states 2 answers"),
        (f"**Answer:** {answer} {cites}\n\nFinal answer: {answer}", "states 2 answers"),
        (f"Answer: {answer}. Answer: {other} {cites}", "states 2 answers"),
        (f"Answer: {answer}\nAnswer: {answer}\nAnswer: {other} {cites}", "states 3 answers"),
        (f"Answer: {answer} or {other} {cites}", "other candidates"),
        (f"Answer: {other} or {answer} {cites}", "other candidates"),
        (f"Answer: {answer} or possibly someone else {cites}", "other candidates"),
    ]


def test_answer_statements_are_counted_on_answer_lines_only():
    assert answer_statements("Answer: A [d-1]") == 1
    assert answer_statements("Why: the answer is in [d-1].\nAnswer: A") == 1
    assert answer_statements("Answer: A [d-1]\n\nAnswer: B [d-2]") == 2
    assert answer_statements("Answer: A. Answer: B") == 2
    assert answer_statements("no label at all") == 0
    assert answer_part("**Answer:** A [d-1] [d-2]") == "A"
    assert answer_part("**Answer:**\n\n**A** [d-1]\nWhy: B") == "A"


def test_honest_forms_earn_full_reward_on_multihop():
    for env, answer, cites in answerable_entities():
        for text in honest_forms(answer, cites):
            env.reset(seed=0, options={"task": env.task})
            reward, score = final(env, text)
            assert reward == 1.0, (text, score)


def test_two_answers_or_a_hedge_earn_nothing_on_multihop():
    for env, answer, cites in answerable_entities(3):
        world = env.live_world().world
        kind = env.task.reference["entity_kind"]
        other = next(e.name for e in world.of_kind(kind) if e.name != answer)
        for text, why in hedged_forms(answer, other, cites):
            env.reset(seed=0, options={"task": env.task})
            reward, score = final(env, text)
            assert reward == 0.0 and why in score["reason"], (text, score)


def test_two_abstentions_earn_nothing_on_an_unanswerable_question():
    env = make(difficulty=3, family="unanswerable")
    env.reset(seed=0)
    gold = env.task.oracle[-1]
    assert final(env, gold)[0] == 1.0
    env.reset(seed=0)
    reward, score = final(env, f"{gold}\n\n{gold}")
    assert reward == 0.0 and "states 2 answers; give one" in score["reason"]


def test_counting_answers_one_number_once():
    for seed in range(30):
        env = make(difficulty=3, family="counting")
        env.reset(seed=seed)
        ref = env.task.reference
        if ref["type"] == "number":
            break
    cites = " ".join(re.findall(r"\[d-\d+\]", env.task.oracle[-1]))
    value = ref["value"]
    for text in (f"Answer: {value} {cites}", f"**Answer:** {value}\n\nCounted in {cites}."):
        env.reset(seed=0, options={"task": env.task})
        assert final(env, text)[0] == 1.0, text
    for text in (f"Answer: {value} {cites}\nAnswer: {value + 1}",
                 f"Answer: {value} {cites}\n\nAnswer: {value} {cites}",
                 f"Answer: {value} or {value + 1} {cites}"):
        env.reset(seed=0, options={"task": env.task})
        assert final(env, text)[0] == 0.0, text


@pytest.fixture
def corpus(tmp_path):
    docs = tmp_path / "docs.jsonl"
    docs.write_text("".join(json.dumps(r) + "\n" for r in [
        {"id": "a1", "title": "Alpha", "text": "Alpha mill was built by Rhona Tesk in 1901."},
        {"id": "a2", "title": "Rhona Tesk", "text": "Rhona Tesk was born in Brill."},
    ]))
    questions = tmp_path / "q.jsonl"
    questions.write_text(json.dumps({
        "question": "Where was the builder of Alpha mill born?", "answer": "Brill",
        "supporting_ids": ["a1", "a2"]}) + "\n")
    return str(docs), str(questions)


def test_corpus_one_answer_full_reward_two_answers_nothing(corpus):
    docs, questions = corpus
    env = make("search/corpus-v0", documents=docs, questions=questions)
    for text in honest_forms("Brill", "[a1] [a2]"):
        env.reset(seed=0)
        assert final(env, text)[0] == 1.0, text
    for text, _ in hedged_forms("Brill", "Ostrava", "[a1] [a2]"):
        env.reset(seed=0)
        reward, score = final(env, text)
        assert reward == 0.0, (text, score)
    env.reset(seed=0)
    reward, score = final(env, "Answer: Brill [a1] [a2]\n\nAnswer: Brill [a1]")
    assert reward == 0.0 and score["reason"] == "states 2 answers; give one"


def test_report_one_table_full_reward_two_tables_nothing():
    env = make("search/report-v0", difficulty=3)
    for seed in range(3):
        env.reset(seed=seed)
        table = env.task.oracle[-1]
        assert table_count(table) == 1
        for text in (table, f"Here is the report.\n\n{table}\n\nEvery row cites its sources.",
                     table.replace("| Company", "|Company", 1)):
            env.reset(seed=seed)
            assert final(env, text)[0] == 1.0, text
        lines = table.splitlines()
        assert len(lines) >= 4
        broken = "\n".join(lines[:3]) + "\n\n" + "\n".join([*lines[:2], *lines[3:]])
        for text in (f"{table}\n\n{table}", broken):
            env.reset(seed=seed)
            reward, score = final(env, text)
            assert reward == 0.0 and "tables; give one" in score["reason"], (text, score)


def test_table_count_reads_header_then_rows_after_a_blank_line_as_one():
    header = "| A | B |\n|---|---|\n"
    assert table_count(header + "| x | y |") == 1
    assert table_count(header + "\n| x | y |\n| z | w |") == 1
    assert table_count(header + "| x | y |\n\n" + header + "| z | w |") == 2
    assert table_count("a | b\nno table here") == 0

