"""How our verifier plays a Math-Verify case (shared by the test and the benchmark).

Math-Verify extracts an answer from both sides; we read the gold as a task would store it:
its one final answer when it is written as one (a box, an answer line), else the whole gold
with its math delimiters taken off. A prediction that is a bare answer (no final-answer
marker and no prose) is boxed, as a task's completion would end; a prediction in prose is
played as written, so our rule that an answer must be marked final applies to it.
"""

from __future__ import annotations

import re

from math_verify_cases import Yard

from verticals.rewards.math import extract, score
from verticals.types import Score

_DELIMS = re.compile(r"^\s*(?:\$\$|\$|\\\(|\\\[)\s*|\s*(?:\$\$|\$|\\\)|\\\])\s*[.]?\s*$")
_MATH = re.compile(r"\$\$.+?\$\$|\$.+?\$|\\\(.+?\\\)|\\\[.+?\\\]", re.DOTALL)


def _strip(text: str) -> str:
    previous = None
    while previous != text:
        previous, text = text, _DELIMS.sub("", text)
    return text.strip()


def reference_of(gold: str) -> str:
    found = extract(gold)
    return found.answer if found.answer is not None else _strip(gold)


def completion_of(pred: str) -> str:
    if extract(pred).answer is not None or extract(pred).error != extract("").error:
        return pred
    outside = _MATH.sub(" ", pred)
    outside = re.sub(r"\\text\w*\{[^{}]*\}", " ", outside)
    if len(re.findall(r"[A-Za-z]{2,}", outside)) >= 2:
        return pred  # prose: an answer in it must be marked final
    return f"\\boxed{{{_strip(pred)}}}"


def play(case: Yard) -> Score:
    tolerance = 10.0 ** -case.precision if case.precision else None
    return score(completion_of(case.pred), reference_of(case.gold), tolerance=tolerance)
