"""Find the one final answer in a completion, and say which rule found it.

Order of precedence: the last `\\boxed{...}` / `\\fbox{...}` (balanced braces, also the
brace-less `\\boxed 3`), else the last `Answer:` / `Final Answer:` line (and "The final
answer is ..."), else the last GSM8K `#### ...` line, else, only when asked, the last number.
Text inside `<think>...</think>` never counts. Several *different* boxed answers are not one
final answer: that is reported as an error, so a hedging completion earns nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_THINK_OPEN = "<think>"
_THINK_CLOSE = "</think>"
_BOX = re.compile(r"\\(?:boxed|fbox)(?![A-Za-z])")
_ANSWER = re.compile(
    r"(?:final\s+answer\s+is|final\s+answer\s*[:：]|\banswer\s*[:：])",
    re.IGNORECASE,
)
_GSM8K = re.compile(r"####[ \t]*([^\n]*)")
_LAST_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_HOPE = re.compile(r"\.?\s*I hope it is correct\.?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Extraction:
    """The extracted answer text (None when there is none) and the rule that decided."""

    answer: str | None
    rule: str
    error: str | None = None


def strip_thinking(text: str) -> str:
    """Drop `<think>` blocks; an unclosed one hides the rest, a stray `</think>` the start."""
    close = text.rfind(_THINK_CLOSE)
    if close >= 0 and text.rfind(_THINK_OPEN, 0, close) < 0:
        text = text[close + len(_THINK_CLOSE) :]
    parts: list[str] = []
    pos = 0
    while True:
        start = text.find(_THINK_OPEN, pos)
        if start < 0:
            parts.append(text[pos:])
            break
        parts.append(text[pos:start])
        end = text.find(_THINK_CLOSE, start)
        if end < 0:
            break
        pos = end + len(_THINK_CLOSE)
    return "".join(parts)


def _balanced(text: str, open_at: int) -> int | None:
    """Index of the brace closing the one at `open_at`, skipping `\\{` and `\\}`."""
    depth = 0
    i = open_at
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


def _boxes(text: str) -> tuple[list[str], bool]:
    """Contents of the top-level boxes in order, and whether the last box is unclosed."""
    found: list[str] = []
    end = -1
    unclosed = False
    for match in _BOX.finditer(text):
        if match.start() < end:
            continue  # a box inside the previous box
        i = match.end()
        while i < len(text) and text[i] in " \t":
            i += 1
        if i < len(text) and text[i] == "{":
            close = _balanced(text, i)
            if close is None:
                unclosed = True
                break
            found.append(text[i + 1 : close])
            end = close + 1
            unclosed = False
        else:
            token = re.match(r"[^\s$]+", text[i:])
            if token is None or i == match.end():
                unclosed = True
                continue
            found.append(token.group(0).rstrip(".,;"))
            end = i + token.end()
            unclosed = False
    return found, unclosed


def _clean_line(line: str) -> str:
    line = _HOPE.sub("", line.strip())
    line = line.strip().strip("*").strip()
    if line.count("$") >= 2:
        first = line.find("$")
        last = line.rfind("$")
        line = line[first + 1 : last].strip("$")
    return line.strip().rstrip(".").strip()


def extract(completion: str, *, last_number: bool = False) -> Extraction:
    """The one final answer of `completion`, by the precedence in the module docstring."""
    text = strip_thinking(completion)
    boxes, unclosed = _boxes(text)
    if unclosed:
        return Extraction(None, "extract", "the last \\boxed{} is not closed")
    if boxes:
        distinct = {re.sub(r"\s+", "", b) for b in boxes}
        if len(distinct) > 1:
            return Extraction(None, "extract", "several different boxed answers")
        answer = boxes[-1].strip()
        if not answer:
            return Extraction(None, "extract", "the \\boxed{} is empty")
        return Extraction(answer, "boxed")
    matches = list(_ANSWER.finditer(text))
    if matches:
        rest = text[matches[-1].end() :]
        answer = _clean_line(rest.split("\n", 1)[0])
        if answer:
            return Extraction(answer, "answer line")
        return Extraction(None, "extract", "the answer line is empty")
    gsm = _GSM8K.findall(text)
    if gsm:
        answer = _clean_line(gsm[-1])
        if answer:
            return Extraction(answer, "gsm8k ####")
    if last_number:
        numbers = _LAST_NUMBER.findall(text[-10_000:])
        if numbers:
            return Extraction(numbers[-1].rstrip(","), "last number")
    return Extraction(None, "extract", "no final answer found (no \\boxed{} or 'Answer:' line)")


def extract_answer(completion: str, *, last_number: bool = False) -> str | None:
    """The final answer text, or None when there is not exactly one."""
    return extract(completion, last_number=last_number).answer
