"""search/corpus-v0: a user's documents and questions; bad files fail naming the row."""

from __future__ import annotations

import json

import pytest
from search_helpers import final, make, play

import verticals
from verticals.errors import TaskFileError

DOCS = [
    {"id": "a1", "title": "Alpha", "text": "Alpha mill was built by Rhona Tesk in 1901."},
    {"id": "a2", "title": "Rhona Tesk", "text": "Rhona Tesk was born in Brill."},
    {"id": "a3", "title": "Brill", "contents": "Brill is a village on the river Oune."},
]


def write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return str(path)


@pytest.fixture
def corpus(tmp_path):
    docs = write(tmp_path / "docs.jsonl", DOCS)
    questions = write(tmp_path / "q.jsonl", [
        {"question": "Where was the builder of Alpha mill born?", "answer": "Brill",
         "supporting_ids": ["a1", "a2"]},
        {"question": "Which river flows past Brill?", "answers": ["Oune", "the Oune"],
         "supporting_facts": [["Brill", 0]]},
        {"question": "When was Alpha mill closed?", "answerable": False,
         "paragraphs": [{"title": "Alpha", "is_supporting": True}]},
        {"question": "Who built Alpha mill?", "answer": "Rhona Tesk"},
    ])
    return docs, questions


def test_oracle_and_null_on_a_user_corpus(corpus):
    docs, questions = corpus
    env = make("search/corpus-v0", documents=docs, questions=questions)
    for seed in range(4):
        env.reset(seed=seed)
        assert play(env, env.task.oracle)[0] == 1.0
        env.reset(seed=seed)
        assert final(env, "I don't know.")[0] == 0.0
    env.reset(seed=0)
    obs, *_ = env.step('<tool_call>{"name": "search", "arguments": {"query": "mill"}}</tool_call>')
    assert "[a1] Alpha" in obs


def test_answers_evidence_and_gaming(corpus):
    docs, questions = corpus
    env = make("search/corpus-v0", documents=docs, questions=questions)
    cases = [
        (0, "Answer: Brill [a1] [a2]", 1.0),
        (0, "Answer: Brill", 0.5),  # right, uncited
        (0, "Answer: Brill [a1]", 0.75),  # one hop of two
        (0, "Answer: Brill [zz] [a1] [a2]", pytest.approx(0.5 + 0.5 * 2 / 3)),
        (0, "Answer: Brill or Alpha [a1] [a2]", 0.0),
        (0, "Brill [a1] [a2]", 0.0),  # no answer line
        (0, "Answer: insufficient information [a1]", 0.0),
        (1, "Answer: the Oune [a3]", 1.0),
        (2, "Answer: insufficient information [a1]", 1.0),
        (2, "Answer: 1950 [a1]", 0.0),
        (3, "Answer: Rhona Tesk", 1.0),  # no gold evidence: not judged
        (3, "Answer: Rhona Tesk [nope]", 0.0),  # ... but made-up ids cost
        (3, "Answer: Where was Rhona Tesk... Alpha mill was built by Rhona Tesk in 1901 and "
            "then many more words to pad out the line well beyond the limit", 0.0),
    ]
    for seed, text, expected in cases:
        env.reset(seed=seed)
        assert final(env, text)[0] == expected, text


@pytest.mark.parametrize(("rows", "message"), [
    (["{not json"], "q.jsonl:1: not valid JSON"),
    ([{"answer": "x"}], "q.jsonl:1: needs a non-empty 'question'"),
    ([{"question": "ok?", "answer": "x"}, {"question": "why?"}],
     "q.jsonl:2: an answerable question needs 'answer'"),
    ([{"question": "q", "answer": 3}], "q.jsonl:1: 'answer' must be a string"),
    ([{"question": "q", "answer": "x", "supporting_ids": ["zz"]}],
     "q.jsonl:1: evidence id 'zz' is not a document id"),
    ([{"question": "q", "answer": "x", "supporting_facts": [["Nope", 0]]}],
     "q.jsonl:1: supporting title 'Nope' names no document"),
    ([{"question": "q", "answer": "x", "answerable": "yes"}], "'answerable' must be true"),
])
def test_bad_question_rows_fail_at_make_naming_the_row(tmp_path, rows, message):
    docs = write(tmp_path / "docs.jsonl", DOCS)
    path = tmp_path / "q.jsonl"
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows))
    with pytest.raises(TaskFileError, match=message.replace("(", r"\(").replace("?", r"\?")):
        verticals.make("search/corpus-v0", documents=docs, questions=str(path))


@pytest.mark.parametrize(("rows", "message"), [
    ([{"id": "a", "text": "x"}, {"id": "a", "text": "y"}], "docs.jsonl:2: duplicate id 'a'"),
    ([{"text": "x"}], "docs.jsonl:1: needs a non-empty 'id'"),
    ([{"id": "a b", "text": "x"}], "docs.jsonl:1: id 'a b' has brackets or spaces"),
    ([{"id": "a", "text": ""}], "docs.jsonl:1: needs a non-empty text"),
    ([{"id": "a", "text": "x", "title": 5}], "docs.jsonl:1: 'title' must be a string"),
])
def test_bad_document_rows_fail_naming_the_row(tmp_path, rows, message):
    docs = write(tmp_path / "docs.jsonl", rows)
    questions = write(tmp_path / "q.jsonl", [{"question": "q", "answer": "x"}])
    with pytest.raises(TaskFileError, match=message):
        verticals.make("search/corpus-v0", documents=docs, questions=questions)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(TaskFileError, match="no such file"):
        verticals.make("search/corpus-v0", documents=str(tmp_path / "none.jsonl"))


def test_editing_the_documents_rebuilds_the_index(corpus, tmp_path):
    docs, questions = corpus
    env = make("search/corpus-v0", documents=docs, questions=questions)
    env.reset(seed=0)
    first = env.live_world()
    write(tmp_path / "docs.jsonl", [*DOCS, {"id": "a4", "text": "Oune river floods."}])
    env2 = make("search/corpus-v0", documents=docs, questions=questions)
    env2.reset(seed=0)
    assert env2.live_world() is not first and "a4" in env2.live_world().index.position
