"""The code reward: hidden tests run in the sandbox, every output judged on the host.

`score(answer, reference)` works on its own; `reward(trajectory, task)` is the registry's
form. Rules (docs/code.md): the last ```python block is the code; 1.0 iff every hidden
test passes (or the pass rate with `reward_mode="fraction"`); a sandbox failure is no
verdict, a submission that crashes, hangs or exhausts memory is judged 0.
"""

from __future__ import annotations

from .compare import normalise_output, same_output, same_value
from .execute import run_calls, run_programs
from .extract import extract_code
from .grade import reward, score, score_function, score_program

__all__ = [
    "extract_code",
    "normalise_output",
    "reward",
    "run_calls",
    "run_programs",
    "same_output",
    "same_value",
    "score",
    "score_function",
    "score_program",
]
