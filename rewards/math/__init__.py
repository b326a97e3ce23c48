"""The math verifier: extract one final answer, read it by type, decide equivalence exactly.

`score(completion, reference, kind=None)` works on its own; `reward(trajectory, task)` is the
form the registry wires into envs. The pieces are importable on their own:

- extraction: `extract_answer`, `extract` (with the rule that found the answer)
- normalisation and parsing: `normalize`, `parse` (AST), `parse_answer` (typed `Answer`)
- equivalence: `equivalent`, `numbers_equal`, `expressions_equal`, `Verdict`

Policy and limits are documented in docs/math-verifier.md.
"""

from __future__ import annotations

from .answers import KIND_HINTS, Answer, Rejected
from .bounded import BudgetExceeded
from .equivalence import Verdict, equivalent, expressions_equal, numbers_equal
from .extract import Extraction, extract, extract_answer
from .normalize import Normalized, normalize
from .parse import ParseError, parse
from .score import clear_cache, parse_answer, reward, score

__all__ = [
    "KIND_HINTS",
    "Answer",
    "BudgetExceeded",
    "Extraction",
    "Normalized",
    "ParseError",
    "Rejected",
    "Verdict",
    "clear_cache",
    "equivalent",
    "expressions_equal",
    "extract",
    "extract_answer",
    "normalize",
    "numbers_equal",
    "parse",
    "parse_answer",
    "reward",
    "score",
]
