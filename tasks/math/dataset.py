"""`math/dataset-v0`: play any local math dataset (JSON lines, parquet, or `save_to_disk`).

Seed -> row: the task for seed `s` is row `s mod len(dataset)`, so seeds 0..n-1 walk the
dataset once in order and larger seeds wrap around.

Answers follow one of three conventions, picked by `answer_format`:
- `gsm8k`: a worked rationale ending in `#### 72` (commas in the number are dropped);
- `math`: a worked solution whose last `\\boxed{...}` holds the answer (MATH, NuminaMath);
- `plain`: the field is the answer itself.
`auto` (default) looks at each row: `####` means gsm8k, a `\\boxed` means math, else plain.

Loading goes through Hugging Face `datasets` and is cached per (path, split, file
modification time), so episodes never reload. Every failure to read a file or find a field
becomes a `TaskFileError` naming the file and the fix.
"""

from __future__ import annotations

import contextlib
import importlib.resources
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from verticals.errors import TaskFileError
from verticals.generators import Draft, SourceConfig, TaskSource
from verticals.tasks.math.common import AnswerKind

SAMPLE = "data/sample_gsm8k.jsonl"
SUFFIXES = {".jsonl": "json", ".json": "json", ".ndjson": "json", ".parquet": "parquet"}
FORMAT_HELP = "use a .jsonl/.json file, a .parquet file, or a folder written by save_to_disk"

CALCULATOR_NOTE = re.compile(r"<<[^<>]*>>")
NUMBER = re.compile(r"^-?\d+$")
DECIMAL = re.compile(r"^-?(\d+\.\d*|\.\d+|\d+/\d+)$")
FRACTION = re.compile(r"^-?\\[dt]?frac\{\d+\}\{\d+\}$")


class DatasetConfig(SourceConfig):
    path: str | None = Field(
        default=None,
        description=(
            "Dataset to play: " + FORMAT_HELP + ". Default: the bundled 20-problem "
            "GSM8K-style sample."
        ),
    )
    split: str = Field(default="train", description="Split to use when the folder holds several.")
    question_field: str = Field(default="question", description="Column with the problem text.")
    answer_field: str = Field(
        default="answer", description="Column with the answer, rationale or solution."
    )
    answer_format: Literal["auto", "gsm8k", "math", "plain"] = Field(
        default="auto", description="How to read the answer column (see module docs)."
    )
    kind: AnswerKind | None = Field(
        default=None, description="Answer type hint for the verifier; default: guessed per row."
    )


def sample_path() -> Path:
    return Path(str(importlib.resources.files("verticals.tasks.math") / SAMPLE))


@contextlib.contextmanager
def _quiet_datasets() -> Iterator[None]:
    """Silence `datasets` progress bars and logs while loading, then restore them."""
    import datasets

    bars = datasets.is_progress_bar_enabled()
    verbosity = datasets.logging.get_verbosity()
    datasets.disable_progress_bars()
    datasets.logging.set_verbosity_error()
    try:
        yield
    finally:
        datasets.logging.set_verbosity(verbosity)
        if bars:
            datasets.enable_progress_bars()


@lru_cache(maxsize=16)
def _load(path: str, split: str, stamp: tuple[int, int]) -> Any:
    """Read the dataset once per (path, split, file stamp); `stamp` invalidates on change."""
    import datasets

    target = Path(path)
    with _quiet_datasets():
        try:
            if target.is_dir():
                loaded = datasets.load_from_disk(path)
            else:
                builder = SUFFIXES.get(target.suffix.lower())
                if builder is None:
                    raise TaskFileError(
                        f"{path}: unsupported file type '{target.suffix}'; {FORMAT_HELP}"
                    )
                reader = {
                    "json": datasets.Dataset.from_json,
                    "parquet": datasets.Dataset.from_parquet,
                }[builder]
                loaded = reader(path, keep_in_memory=True)
        except TaskFileError:
            raise
        except Exception as exc:  # datasets raises many types; the user needs one message
            reason = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
            raise TaskFileError(
                f"{path}: cannot be read as a dataset ({type(exc).__name__}: {reason}); "
                f"{FORMAT_HELP}"
            ) from None
    if isinstance(loaded, datasets.DatasetDict):
        if split not in loaded:
            raise TaskFileError(
                f"{path}: no split '{split}'; set split= to one of: {', '.join(loaded)}"
            )
        loaded = loaded[split]
    if len(loaded) == 0:
        raise TaskFileError(f"{path}: the dataset has no rows; point path= at a non-empty file")
    return loaded


def load_rows(path: str, split: str = "train") -> Any:
    """The dataset at `path` (cached); a missing file is a TaskFileError, not a traceback."""
    target = Path(path).expanduser()
    if not target.exists():
        raise TaskFileError(f"{path}: no such file or folder; set path= to {FORMAT_HELP}")
    resolved = target.resolve()
    stat = resolved.stat()
    return _load(str(resolved), split, (stat.st_mtime_ns, stat.st_size))


def last_boxed(text: str) -> str | None:
    """The content of the last `\\boxed{...}` (or `\\fbox{...}`), braces balanced."""
    start = max(text.rfind("\\boxed{"), text.rfind("\\fbox{"))
    if start < 0:
        return None
    body, depth = text[text.index("{", start) + 1 :], 1
    for i, ch in enumerate(body):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return body[:i].strip()
    return None


def guess_kind(answer: str) -> str:
    """A type hint for the verifier from how the answer is written."""
    text = answer.strip().strip("$").replace(" ", "")
    if NUMBER.match(text.replace(",", "")):
        return "integer"
    if DECIMAL.match(text) or FRACTION.match(text):
        return "rational"
    if "matrix}" in text:
        return "matrix"
    if "\\cup" in text or ("\\infty" in text and text[:1] in "([" and text[-1:] in ")]"):
        return "interval"
    if text.startswith("\\{") or text.startswith("\\left\\{"):
        return "set"
    if text.startswith("\\text{") or text.startswith("\\textbf{") or text.startswith("\\mbox{"):
        return "text"
    if text[:1] == "(" and text[-1:] == ")" and "," in text:
        return "tuple"
    if "=" in text:
        return "equation"
    letters = set(re.findall(r"[a-zA-Z]", re.sub(r"\\[a-zA-Z]+", "", text)))
    if letters == {"i"}:
        return "complex"
    return "expression" if letters else "real"


@dataclass(frozen=True)
class Row:
    question: str
    answer: str
    rationale: str
    convention: str


def read_row(dataset: Any, index: int, config: DatasetConfig, origin: str) -> Row:
    columns = list(dataset.column_names)
    for field_name, key in (
        (config.question_field, "question_field"),
        (config.answer_field, "answer_field"),
    ):
        if field_name not in columns:
            raise TaskFileError(
                f"{origin}: no field '{field_name}' (fields: {', '.join(columns)}); "
                f"set {key}= to one of them"
            )
    record = dataset[index]
    question, raw = record[config.question_field], record[config.answer_field]
    if not isinstance(question, str) or not question.strip():
        raise TaskFileError(
            f"{origin}: row {index}: '{config.question_field}' is empty or not text; "
            "fix the row or set question_field= to the column holding the problem"
        )
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise TaskFileError(f"{origin}: row {index} has an empty '{config.answer_field}'")
    text = str(raw)
    convention = config.answer_format
    if convention == "auto":
        convention = "gsm8k" if "####" in text else "math" if last_boxed(text) else "plain"
    if convention == "gsm8k":
        if "####" not in text:
            raise TaskFileError(
                f"{origin}: row {index}: '{config.answer_field}' has no '#### <answer>' line; "
                "set answer_format='math' or 'plain' if this dataset is not GSM8K-style"
            )
        rationale, _, final = text.rpartition("####")
        answer = final.strip().replace(",", "")
        rationale = CALCULATOR_NOTE.sub("", rationale).strip()
    elif convention == "math":
        boxed = last_boxed(text)
        if boxed is None:
            raise TaskFileError(
                f"{origin}: row {index}: '{config.answer_field}' has no \\boxed{{...}} answer; "
                "set answer_format='plain' if the field is the answer itself"
            )
        answer, rationale = boxed, text.strip()
    else:
        answer, rationale = text.strip(), ""
    if not answer:
        raise TaskFileError(f"{origin}: row {index}: the final answer is empty")
    return Row(question.strip(), answer, rationale, convention)


class MathDataset(TaskSource[DatasetConfig]):
    """Problems from a local dataset file; row = seed mod length (`math/dataset-v0`)."""

    name = "math/dataset"
    version = "1"
    Config = DatasetConfig

    def draft(self, seed: int, config: DatasetConfig) -> Draft:
        path = config.path or str(sample_path())
        origin = config.path or "bundled sample dataset"
        dataset = load_rows(path, config.split)
        index = seed % len(dataset)
        row = read_row(dataset, index, config, origin)
        kind = config.kind or guess_kind(row.answer)
        form = "Give the final answer as a number. " if row.convention == "gsm8k" else ""
        prompt = f"{row.question}\n\n{form}Put your final answer in \\boxed{{}}."
        steps = f"{row.rationale}\n\n" if row.rationale else ""
        return Draft(
            prompt=prompt,
            reference={"answer": row.answer, "kind": kind},
            oracle=[f"{steps}Final answer: \\boxed{{{row.answer}}}"],
            metadata={
                "family": "dataset",
                "dataset": Path(path).name,
                "row": index,
                "rows": len(dataset),
                "answer_format": row.convention,
            },
        )
