"""Math rewards: extract one final answer and compare it with the reference exactly.

`score(completion, reference)` works on its own; `reward(trajectory, task)` is the form
the registry wires into envs. This first version judges rational answers (integers,
fractions, decimals); the full typed verifier grows behind the same two functions.
"""

from __future__ import annotations

import re
from fractions import Fraction

from verticals.types import Score, Task, Trajectory

THINK_BLOCK = re.compile(r"<think>.*?(</think>|$)", re.DOTALL)
ANSWER_LINE = re.compile(r"(?:final answer|answer)\s*[:：]\s*(.+)", re.IGNORECASE)
FRACTION_LATEX = re.compile(r"^(-?)\\[dt]?frac\{(-?\d+)\}\{(-?\d+)\}$")
RATIONAL = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)(/[-+]?\d+)?$")


def _last_boxed(text: str) -> str | None:
    start = max(text.rfind("\\boxed{"), text.rfind("\\fbox{"))
    if start < 0:
        return None
    i = text.index("{", start) + 1
    depth = 1
    for j in range(i, len(text)):
        if text[j] == "{":
            depth += 1
        elif text[j] == "}":
            depth -= 1
            if depth == 0:
                return text[i:j]
    return None


def extract_answer(completion: str) -> str | None:
    """The one final answer: the last box, else the last `Answer:` line."""
    text = THINK_BLOCK.sub("", completion)
    boxed = _last_boxed(text)
    if boxed is not None:
        return boxed.strip()
    lines = ANSWER_LINE.findall(text)
    return lines[-1].strip().rstrip(".") if lines else None


def parse_rational(text: str) -> Fraction | None:
    cleaned = text.replace(" ", "").replace("−", "-").replace("{,}", "").replace(",", "")
    cleaned = cleaned.strip("$")
    match = FRACTION_LATEX.match(cleaned)
    if match:
        sign, numerator, denominator = match.groups()
        if int(denominator) == 0:
            return None
        value = Fraction(int(numerator), int(denominator))
        return -value if sign else value
    if RATIONAL.match(cleaned):
        try:
            return Fraction(cleaned)
        except (ValueError, ZeroDivisionError):
            return None
    return None


def score(completion: str, reference: str) -> Score:
    """Reward 1 when the completion's final answer equals `reference` exactly."""
    answer = extract_answer(completion)
    if answer is None:
        return Score.zero("no final answer found (no \\boxed{} or 'Answer:' line)")
    expected = parse_rational(reference)
    got = parse_rational(answer)
    if got is None:
        return Score.zero("final answer is not a number")
    if expected is not None and got == expected:
        return Score.full("exact rational match")
    return Score.zero("final answer differs from the reference")


def reward(trajectory: Trajectory, task: Task) -> Score:
    """Registry form: judge the episode's final answer against `task.reference['answer']`."""
    return score(trajectory.final_answer or "", str(task.reference["answer"]))
