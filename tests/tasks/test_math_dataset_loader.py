"""`math/dataset-v0`: local JSON lines, parquet and saved datasets, the GSM8K and MATH answer
conventions, seed -> row, caching, and clear errors for bad files and fields."""

from __future__ import annotations

import json

import datasets
import pytest

import verticals
from verticals.errors import TaskFileError
from verticals.policies import NULL_ANSWER
from verticals.tasks.math import dataset as loader

GSM8K_ROWS = [
    {
        "question": "Ann has 3 apples and buys 4 more. How many now?",
        "answer": "3 + 4 = <<3+4=7>>7\n#### 7",
    },
    {
        "question": "A box holds 1,000 pins; 250 are used. How many remain?",
        "answer": "1000 - 250 = <<1000-250=750>>750\n#### 750",
    },
    {"question": "Half of 3 is?", "answer": "3 / 2 = 1.5\n#### 1.5"},
]
MATH_ROWS = [
    {"problem": "Solve $x^2 = 4$.", "solution": "So $x = \\pm 2$: $\\boxed{\\{-2, 2\\}}$."},
    {
        "problem": "Compute $\\frac{1}{2} + \\frac{1}{3}$.",
        "solution": "Common denominator: $\\boxed{\\frac{5}{6}}$",
    },
]


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def play(env, seed, action):
    env.reset(seed=seed)
    return env.step(action)[1]


def test_default_config_plays_the_bundled_sample_with_oracle_one_and_null_zero():
    env = verticals.make("math/dataset-v0")
    rows = len(loader.load_rows(str(loader.sample_path())))
    assert rows >= 20
    for seed in range(rows):
        obs, info = env.reset(seed=seed)
        assert info["metadata"]["row"] == seed and "\\boxed{}" in obs
        assert env.task.reference["kind"] in ("integer", "rational")
        assert play(env, seed, env.task.oracle[0]) == 1.0
        assert play(env, seed, NULL_ANSWER) == 0.0


def test_gsm8k_convention_from_jsonl(tmp_path):
    path = write_jsonl(tmp_path / "gsm.jsonl", GSM8K_ROWS)
    source = loader.MathDataset()
    drafts = [source.draft(seed, loader.DatasetConfig(path=str(path))) for seed in range(3)]
    assert [d.reference["answer"] for d in drafts] == ["7", "750", "1.5"]
    assert [d.reference["kind"] for d in drafts] == ["integer", "integer", "rational"]
    assert drafts[0].prompt.startswith(GSM8K_ROWS[0]["question"])
    assert drafts[0].oracle[0].endswith("\\boxed{7}") and "<<" not in drafts[0].oracle[0]
    assert all(d.metadata["answer_format"] == "gsm8k" for d in drafts)


def test_seed_maps_to_row_seed_mod_length(tmp_path):
    path = write_jsonl(tmp_path / "gsm.jsonl", GSM8K_ROWS)
    env = verticals.make("math/dataset-v0", path=str(path))
    for seed, row in [(0, 0), (2, 2), (3, 0), (7, 1), (3001, 1)]:
        _, info = env.reset(seed=seed)
        assert info["metadata"]["row"] == row


def test_math_convention_with_configured_fields_from_parquet(tmp_path):
    path = tmp_path / "math.parquet"
    datasets.Dataset.from_list(MATH_ROWS).to_parquet(str(path))
    env = verticals.make(
        "math/dataset-v0", path=str(path), question_field="problem", answer_field="solution"
    )
    env.reset(seed=0)
    assert env.task.reference == {"answer": "\\{-2, 2\\}", "kind": "set"}
    env.reset(seed=1)
    assert env.task.reference == {"answer": "\\frac{5}{6}", "kind": "rational"}
    assert play(env, 1, env.task.oracle[0]) == 1.0
    assert play(env, 1, NULL_ANSWER) == 0.0


def test_saved_dataset_dict_and_split(tmp_path):
    folder = tmp_path / "saved"
    datasets.DatasetDict(
        {
            "train": datasets.Dataset.from_list(GSM8K_ROWS),
            "test": datasets.Dataset.from_list(GSM8K_ROWS[1:]),
        }
    ).save_to_disk(str(folder))
    source = loader.MathDataset()
    test = source.draft(0, loader.DatasetConfig(path=str(folder), split="test"))
    assert test.reference["answer"] == "750"
    with pytest.raises(TaskFileError, match=r"no split 'dev'.*set split= to one of: train, test"):
        source.draft(0, loader.DatasetConfig(path=str(folder), split="dev"))


def test_plain_answers_and_kind_override(tmp_path):
    path = write_jsonl(
        tmp_path / "plain.jsonl", [{"q": "Name the colour of the sky.", "a": "blue"}]
    )
    config = loader.DatasetConfig(path=str(path), question_field="q", answer_field="a", kind="text")
    draft = loader.MathDataset().draft(0, config)
    assert draft.reference == {"answer": "blue", "kind": "text"}
    assert draft.metadata["answer_format"] == "plain"


def test_loaded_once_per_file(tmp_path):
    path = write_jsonl(tmp_path / "gsm.jsonl", GSM8K_ROWS)
    env = verticals.make("math/dataset-v0", path=str(path))
    env.reset(seed=0)
    before = loader._load.cache_info()
    for seed in range(10):
        env.reset(seed=seed)
    after = loader._load.cache_info()
    assert after.misses == before.misses and after.hits >= before.hits + 10
    write_jsonl(path, GSM8K_ROWS[:1])  # a changed file is read again
    env.reset(seed=1)
    assert env.task.metadata["row"] == 0 and env.task.metadata["rows"] == 1


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("missing.jsonl", None, "no such file or folder; set path="),
        ("broken.jsonl", "{not json\n", "cannot be read as a dataset"),
        ("table.csv", "question,answer\n", "unsupported file type '.csv'"),
        ("empty.jsonl", "", "cannot be read|has no rows"),
        ("folder", "", "cannot be read as a dataset"),
    ],
)
def test_bad_files_raise_task_file_error_naming_file_and_fix(tmp_path, name, content, message):
    path = tmp_path / name
    if name == "folder":
        path.mkdir()
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    env = verticals.make("math/dataset-v0", path=str(path))
    with pytest.raises(TaskFileError, match=message) as caught:
        env.reset(seed=0)
    assert name in str(caught.value)


def test_unknown_field_names_the_fields_and_the_key_to_set(tmp_path):
    path = write_jsonl(tmp_path / "gsm.jsonl", GSM8K_ROWS)
    env = verticals.make("math/dataset-v0", path=str(path), question_field="problem")
    with pytest.raises(TaskFileError) as caught:
        env.reset(seed=0)
    text = str(caught.value)
    assert "gsm.jsonl" in text and "'problem'" in text and "question, answer" in text
    assert "question_field=" in text


def test_answer_not_following_the_chosen_convention(tmp_path):
    path = write_jsonl(tmp_path / "gsm.jsonl", [{"question": "1 + 1?", "answer": "2"}])
    source = loader.MathDataset()
    with pytest.raises(TaskFileError, match=r"row 0.*no '#### <answer>' line.*answer_format"):
        source.draft(0, loader.DatasetConfig(path=str(path), answer_format="gsm8k"))
    with pytest.raises(TaskFileError, match=r"no \\boxed\{\.\.\.\} answer"):
        source.draft(0, loader.DatasetConfig(path=str(path), answer_format="math"))
    empty = write_jsonl(tmp_path / "blank.jsonl", [{"question": "1 + 1?", "answer": "  "}])
    with pytest.raises(TaskFileError, match="row 0 has an empty 'answer'"):
        source.draft(0, loader.DatasetConfig(path=str(empty)))
    numeric = write_jsonl(tmp_path / "numeric.jsonl", [{"question": 12, "answer": "2"}])
    with pytest.raises(TaskFileError, match="'question' is empty or not text"):
        source.draft(0, loader.DatasetConfig(path=str(numeric)))


@pytest.mark.parametrize(
    "answer, kind",
    [
        ("72", "integer"),
        ("-3", "integer"),
        ("1,234", "integer"),
        ("13.6", "rational"),
        ("\\frac{3}{4}", "rational"),
        ("2\\sqrt{3}", "real"),
        ("3 + 2i", "complex"),
        ("x^2 + 2x + 1", "expression"),
        ("y = 2x + 1", "equation"),
        ("\\{-2, 3\\}", "set"),
        ("(1, -2)", "tuple"),
        ("(-\\infty, 2] \\cup (3, \\infty)", "interval"),
        ("\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}", "matrix"),
        ("\\text{Monday}", "text"),
        ("Monday", "text"),
        ("no", "text"),
        ("yes", "text"),
        ("no solution", "text"),
        ("triangle", "text"),
        ("\\text{No}", "text"),
        ("C", "choice"),
        ("(B)", "choice"),
        ("ab", "expression"),
    ],
)
def test_guess_kind(answer, kind):
    assert loader.guess_kind(answer) == kind


WORD_ROWS = [
    {"question": "Is 7 prime?", "answer": "yes"},
    {"question": "Is 9 prime?", "answer": "no"},
    {"question": "Which day follows Sunday?", "answer": "Monday"},
    {"question": "Solve x^2 = -1 over the reals.", "answer": "no solution"},
    {"question": "A polygon with three sides is a?", "answer": "triangle"},
]


def test_word_answers_compare_as_words_and_the_oracle_wins(tmp_path):
    path = write_jsonl(tmp_path / "words.jsonl", WORD_ROWS)
    env = verticals.make("math/dataset-v0", path=str(path))
    for seed in range(len(WORD_ROWS)):
        env.reset(seed=seed)
        assert env.task.reference["kind"] == "text"
        assert play(env, seed, env.task.oracle[0]) == 1.0
        assert play(env, seed, NULL_ANSWER) == 0.0
    assert play(env, 1, "\\boxed{on}") == 0.0           # the same letters are not the word
    assert play(env, 1, "\\boxed{\\text{No}}") == 1.0
    assert play(env, 1, "\\boxed{No.}") == 1.0
    assert play(env, 0, "\\boxed{sey}") == 0.0
    assert play(env, 0, "\\boxed{yes or no}") == 0.0
    assert play(env, 2, "\\boxed{\\text{Tuesday}}") == 0.0
    assert play(env, 3, "\\boxed{\\text{No solution}}") == 1.0


@pytest.mark.parametrize("bad", ["\\frac{1}{", "3 +", "\\sum_{k=1}^{n} k", "x = = 2"])
def test_a_reference_the_verifier_cannot_read_fails_at_load_naming_the_row(tmp_path, bad):
    rows = [*GSM8K_ROWS[:2], {"question": "Broken?", "answer": bad}]
    path = write_jsonl(tmp_path / "broken_row.jsonl", [
        {"question": r["question"], "answer": r["answer"].rpartition("####")[2].strip()
         if "####" in r["answer"] else r["answer"]} for r in rows])
    env = verticals.make("math/dataset-v0", path=str(path), answer_format="plain")
    with pytest.raises(TaskFileError, match=r"broken_row.jsonl: row 2: the verifier cannot read"):
        env.reset(seed=0)  # any seed: the whole file is checked when it is loaded
