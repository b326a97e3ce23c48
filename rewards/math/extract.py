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
_AFTER_ANSWER = re.compile(r"\s*(?:[:：]|is\b)")
_FINAL_BEFORE = re.compile(r"final\s+$")
#: How many occurrences of the word "answer" are examined, from the end.
MAX_ANSWER_WORDS = 200
_GSM8K = re.compile(r"####[ \t]*([^\n]{0,10000})")
_LAST_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_HOPE = re.compile(r"\.?\s*I hope it is correct\.?\s*$", re.IGNORECASE)
_BRACES = re.compile(r"[{}\\]")
#: More boxes than this is not one final answer (and would cost time to scan).
MAX_BOXES = 100
#: A box or answer line longer than this is not a final answer; scanning stops there.
MAX_ANSWER_SPAN = 10_000


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
    """Index of the brace closing the one at `open_at`, skipping `\\{` and `\\}`.

    Gives up (None) past MAX_ANSWER_SPAN characters: no final answer is that long.
    """
    depth = 0
    limit = min(len(text), open_at + MAX_ANSWER_SPAN)
    pos = open_at
    while True:
        match = _BRACES.search(text, pos, limit)
        if match is None:
            return None
        i = match.start()
        ch = text[i]
        if ch == "\\":
            pos = i + 2
            continue
        depth += 1 if ch == "{" else -1
        if depth == 0:
            return i
        pos = i + 1


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


def _last_answer_line(text: str) -> int | None:
    """Where the text of the last `Answer:` / `Final answer:` / `final answer is` starts.

    A backwards scan for the word "answer" (a case-insensitive regex over a megabyte of
    text costs tens of milliseconds; `str.rfind` costs one).
    """
    lower = text.lower()
    end = len(lower)
    for _ in range(MAX_ANSWER_WORDS):
        i = lower.rfind("answer", 0, end)
        if i < 0:
            return None
        end = i
        if i > 0 and lower[i - 1].isalnum():
            continue
        after = _AFTER_ANSWER.match(lower, i + 6)
        if after is None:
            continue
        if after.group(0).strip() == "is" and not _FINAL_BEFORE.search(lower, max(0, i - 40), i):
            continue
        return after.end()
    return None


def _clean_line(line: str) -> str:
    line = line.strip()[:MAX_ANSWER_SPAN]
    line = line[:-200] + _HOPE.sub("", line[-200:])
    line = line.strip().strip("*").strip()
    if line.count("$") >= 2:
        first = line.find("$")
        last = line.rfind("$")
        line = line[first + 1 : last].strip("$")
    return line.strip().rstrip(".").strip()


def extract(completion: str, *, last_number: bool = False) -> Extraction:
    """The one final answer of `completion`, by the precedence in the module docstring."""
    text = strip_thinking(completion)
    if text.count("\\boxed") + text.count("\\fbox") > MAX_BOXES:
        return Extraction(None, "extract", "too many boxed answers")
    boxes, unclosed = _boxes(text)
    if unclosed:
        return Extraction(None, "extract", "the last \\boxed{} is not closed (or too long)")
    if boxes:
        distinct = {re.sub(r"\s+", "", b) for b in boxes}
        if len(distinct) > 1:
            return Extraction(None, "extract", "several different boxed answers")
        answer = boxes[-1].strip()
        if not answer:
            return Extraction(None, "extract", "the \\boxed{} is empty")
        return Extraction(answer, "boxed")
    line_start = _last_answer_line(text)
    if line_start is not None:
        rest = text[line_start : line_start + MAX_ANSWER_SPAN]
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
