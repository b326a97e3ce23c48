"""Find the one final answer in a completion, and say which rule found it.

Order of precedence: the last `\\boxed{...}` / `\\fbox{...}` (balanced braces, also the
brace-less `\\boxed 3`), else the last `Answer:` / `Final Answer:` line (and "The final
answer is ..."), else the last GSM8K `#### ...` line, else, only when asked, the last number.
Text inside `<think>...</think>` never counts.

Several *different* boxes are judged by the text around them: boxes joined only by list
connectives (`,`, `and`, `\\quad`, a label such as `y_2 =`) are one list answer
(`\\boxed{3} and \\boxed{-3}`); a later box after an explicit retraction of the earlier
one ("that was a slip", "I made a mistake") is a self-correction and the later box counts; a
hedge (`or`, `maybe`, `either` next to the boxes) or anything else is several final answers,
reported as an error so that a hedging completion earns nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

_THINK_OPEN = "<think>"
_THINK_CLOSE = "</think>"
_BOX = re.compile(r"\\(?:boxed|fbox)(?![A-Za-z])")
_AFTER_ANSWER = re.compile(r"\**\s*(?:[:：]|is\b(?:\s*:)?|(?=\$|\\\(|\\\[))")
_LINE_START = re.compile(r"(?:^|\n)[\s*#>]*$")
#: "answer is" counts only as "the/final/my/our answer is", and never "... is not".
_ANSWER_IS_BEFORE = re.compile(r"(?:final|the|my|our)\s+$")
_NOT_FINAL = re.compile(
    r"\s*(?:not\b|n't\b|probably\b|maybe\b|perhaps\b|possibly\b|likely\b|either\b|one of\b"
    r"|between\b|wrong\b|incorrect\b|unclear\b|unknown\b|undetermined\b)")
#: "$x \\geq 5$ is our answer": the math just before a closing phrase is the answer.
_IS_ANSWER = re.compile(r"(?:is|are)\s+(?:our|the|my)\s+(?:final\s+)?(?:answer|solution)\b",
                        re.IGNORECASE)
_MATH_SEGMENT = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$|\\\((.+?)\\\)|\\\[(.+?)\\\]", re.DOTALL)
#: Between two boxes: only list connectives, delimiters, spacing and `name =` labels.
_LIST_GAP = re.compile(
    r"(?:\s|[,;&.]|\$|\\[()\[\]]|\\\\|\\q?quad\b|\\[,;:! ]|~|\band\b|\\text\s*\{\s*(?:and|,)?\s*\}"
    r"|\\(?:text|mathrm)\s*\{\s*and\s*\}|(?:\b[A-Za-z](?:_\{?\w+\}?)?|\|[A-Z]+\|)\s*=)*",
    re.IGNORECASE)
#: A hedge next to a box: the boxes are alternatives, not one answer.
_HEDGE = re.compile(
    r"\b(?:or|either|alternatively|maybe|perhaps|possibly|probably|might|could|also|otherwise"
    r"|unless|depending|not)\b|\bno\b", re.IGNORECASE)
#: An explicit retraction of an earlier answer ("wait" or "actually" alone is not one).
_RETRACT = re.compile(
    r"\b(?:mistake|mistaken|slip|error|erroneous|incorrect|wrong|miscalculat\w*|miscount\w*"
    r"|typo|correction|let me correct|I made an?|not right|scratch that|is not correct"
    r"|isn't correct|was off)\b", re.IGNORECASE)
#: "the solution is $x \\ne 5$" (never "Solution:", which heads the working).
_SOLUTION_IS = re.compile(r"\b(?:the|final|our|my)\s+solution(?:\s+set)?\s+is\b:?", re.IGNORECASE)
#: Characters of text next to a box that are read for a hedge.
HEDGE_WINDOW = 80
#: A gap this short holding `and` (no hedge, no retraction) still joins boxes into a list.
SHORT_GAP = 40
#: How many occurrences of the word "answer" are examined, from the end.
MAX_ANSWER_WORDS = 200
_GSM8K = re.compile(r"####[ \t]*([^\n]{0,10000})")
_LAST_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_HOPE = re.compile(r"\.?\s*I hope it is correct.*$|<\|[a-z_]+\|>.*$", re.IGNORECASE | re.DOTALL)
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


class _Box(NamedTuple):
    start: int
    end: int
    content: str


def _boxes(text: str) -> tuple[list[_Box], bool]:
    """The top-level boxes in order, and whether the last box is unclosed."""
    found: list[_Box] = []
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
            end = close + 1
            found.append(_Box(match.start(), end, text[i + 1 : close]))
            unclosed = False
        else:
            token = re.match(r"[^\s$]+", text[i:])
            if token is None or i == match.end():
                unclosed = True
                continue
            end = i + token.end()
            found.append(_Box(match.start(), end, token.group(0).rstrip(".,;")))
            unclosed = False
    return found, unclosed


def _key(content: str) -> str:
    return re.sub(r"\s+", "", content)


def _is_list_gap(gap: str) -> bool:
    """Boxes this gap separates are items of one list answer (`\\boxed{3} and \\boxed{-3}`)."""
    if _LIST_GAP.fullmatch(gap):
        return True
    plain = re.sub(r"\\text\w*\s*\{([^{}]*)\}", r"\1", gap)
    plain = re.sub(r"\$|\\[()\[\]]|\\q?quad\b", " ", plain).strip()
    return (len(plain) <= SHORT_GAP and re.search(r"\band\b|,", plain) is not None
            and not _HEDGE.search(plain) and not _RETRACT.search(plain))


_OR_GAP = re.compile(r"(?:\s|[,$]|\\[()\[\]]|\\q?quad\b|\\[,;:! ]|~)*"
                     r"(?:\bor\b|\\text\s*\{\s*or\s*\})"
                     r"(?:\s|[$]|\\[()\[\]]|\\q?quad\b|\\[,;:! ]|~"
                     r"|\b[A-Za-z](?:_\{?\w+\}?)?\s*=)*", re.IGNORECASE)


def _choose_boxes(text: str, boxes: list[_Box]) -> Extraction:
    """One final answer from several boxes, decided by the text around them (module doc)."""
    group = [boxes[-1]]
    joins: list[str] = []
    i = len(boxes) - 2
    while i >= 0:
        gap = text[boxes[i].end : group[0].start]
        if _is_list_gap(gap):
            joins.insert(0, ", ")
        elif _OR_GAP.fullmatch(gap):  # x = \boxed{3} or x = \boxed{-3}: read as `3 or -3`
            joins.insert(0, " \\text{ or } ")
        else:
            break
        group.insert(0, boxes[i])
        i -= 1
    keys = list(dict.fromkeys(_key(b.content) for b in group))
    if i >= 0:
        earlier = boxes[: i + 1]
        if not {_key(b.content) for b in earlier} <= set(keys):
            gap = text[earlier[-1].end : group[0].start]
            near = gap[:HEDGE_WINDOW] + " " + gap[-HEDGE_WINDOW:]
            if _HEDGE.search(near):
                return Extraction(None, "extract", "several different boxed answers (a hedge)")
            if not _RETRACT.search(gap):
                return Extraction(None, "extract", "several different boxed answers")
            rule = "boxed (after a retraction)"
        else:
            rule = "boxed"
    else:
        rule = "boxed"
    contents = [b.content.strip() for b in group]
    if any(not c for c in contents):
        return Extraction(None, "extract", "the \\boxed{} is empty")
    if len(set(contents)) == 1:
        return Extraction(contents[0], rule)
    joined = contents[0] + "".join(j + c for j, c in zip(joins, contents[1:], strict=True))
    return Extraction(joined, "boxes as a list" if rule == "boxed" else rule)


def _last_answer_line(text: str) -> int | None:
    """Where the text of the last `Answer:` / `Final answer:` / `the answer is` starts.

    A backwards scan for the word "answer" (a case-insensitive regex over a megabyte of
    text costs tens of milliseconds; `str.rfind` costs one). `the answer is` counts only
    when not followed by a negation or a hedge ("the answer is not", "is probably").
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
        if not after.group(0).strip(" *") and not _LINE_START.search(lower, max(0, i - 20), i):
            continue  # `Answer $9$` only as a heading at the start of a line
        if "is" in after.group(0):
            if not _ANSWER_IS_BEFORE.search(lower, max(0, i - 40), i):
                continue
            if _NOT_FINAL.match(lower, after.end()):
                continue
        return after.end()
    return None


def _final_line_after(text: str, position: int) -> int | None:
    """Where a `Final answer` line written after `position` starts (it outranks boxes)."""
    start = _last_answer_line(text)
    if start is None or start <= position:
        return None
    head = text[max(position, start - 60) : start].lower()
    return start if "final" in head else None


def _display(rest: str) -> str:
    """The answer text after a marker: its first line, or a display block `\\[...\\]`."""
    stripped = rest.lstrip(" \t*")
    for opener, closer in (("\\[", "\\]"), ("$$", "$$")):
        if stripped.startswith(opener):
            close = stripped.find(closer, len(opener))
            if close > 0:
                return stripped[len(opener) : close].replace("\n", " ")
    return rest.split("\n", 1)[0]


_ANSWER_WORDS = re.compile(r"[A-Za-z]{2,}(?:\s+[A-Za-z]{2,})+")
_HAS_MATH = re.compile(r"[\d$\\]")
_COPULA = re.compile(r"\b(?:is|are|equals|was|be)\b|=|:", re.IGNORECASE)


def _sentence_tail(line: str) -> str:
    """`The largest $n$ is 34` -> `34`: the part after the last `is`/`=` outside math."""
    if _ANSWER_WORDS.search(line) is None:  # no two words at all: nothing to strip
        return line
    masked = _MATH_SEGMENT.sub(lambda m: "\x01" * len(m.group(0)), line)
    masked = re.sub(r"\\text\w*\s*\{[^{}]*\}", lambda m: "\x01" * len(m.group(0)), masked)
    if not _ANSWER_WORDS.search(masked):
        return line
    copulas = [m for m in _COPULA.finditer(masked)]
    if not copulas:
        return line
    head, tail = line[: copulas[-1].start()].strip(), line[copulas[-1].end() :].strip()
    if _HAS_MATH.search(head) and not _HAS_MATH.search(tail):
        return head  # `5 is the number of apples`
    return tail if re.search(r"[\dA-Za-z\\]", tail) else line


def _clean_line(line: str) -> str:
    line = line.strip()[:MAX_ANSWER_SPAN]
    line = _HOPE.sub("", line)
    line = line.strip().strip("*").strip()
    line = _sentence_tail(line.rstrip(".").strip())
    if line.count("$") >= 2:
        first = line.find("$")
        last = line.rfind("$")
        line = line[first + 1 : last].strip("$")
    return line.strip().rstrip(".").strip()


def _is_answer_phrase(text: str) -> Extraction | None:
    """`Thus $x \\le 2$ is our answer.`: the math right before the last such phrase."""
    tail = text[-MAX_ANSWER_SPAN:]
    phrases = list(_IS_ANSWER.finditer(tail))
    if not phrases:
        return None
    if re.search(r"[\d$]|\\[(\[]", tail[phrases[-1].end() :]):
        return None  # more maths after the phrase: not the last word
    before = tail[: phrases[-1].start()].rstrip()
    segments = list(_MATH_SEGMENT.finditer(before))
    if not segments or segments[-1].end() != len(before):
        return None
    segment = segments[-1]
    answer = next(g for g in segment.groups() if g is not None).strip()
    return Extraction(answer, "answer phrase") if answer else None


def extract(completion: str, *, last_number: bool = False) -> Extraction:
    """The one final answer of `completion`, by the precedence in the module docstring."""
    text = strip_thinking(completion)
    if text.count("\\boxed") + text.count("\\fbox") > MAX_BOXES:
        return Extraction(None, "extract", "too many boxed answers")
    boxes, unclosed = _boxes(text)
    if unclosed:
        return Extraction(None, "extract", "the last \\boxed{} is not closed (or too long)")
    if boxes:
        last = boxes[-1]
        final = None
        if "answer" in text[last.end :].lower():  # a final answer line after the last box
            final = _final_line_after(text, last.end)
        if final is None:
            if len(boxes) == 1:  # the commonest case, kept fast
                answer = last.content.strip()
                if not answer:
                    return Extraction(None, "extract", "the \\boxed{} is empty")
                return Extraction(answer, "boxed")
            return _choose_boxes(text, boxes)
        line_start: int | None = final
    else:
        line_start = _last_answer_line(text)
    if line_start is not None:
        rest = text[line_start : line_start + MAX_ANSWER_SPAN]
        answer = _clean_line(_display(rest))
        if answer:
            return Extraction(answer, "answer line")
        return Extraction(None, "extract", "the answer line is empty")
    gsm = _GSM8K.findall(text)
    if gsm:
        answer = _clean_line(gsm[-1])
        if answer:
            return Extraction(answer, "gsm8k ####")
    phrase = _is_answer_phrase(text)
    if phrase is not None:
        return phrase
    solutions = list(_SOLUTION_IS.finditer(text[-MAX_ANSWER_SPAN:]))
    if solutions:
        rest = text[-MAX_ANSWER_SPAN:][solutions[-1].end() :]
        if not _NOT_FINAL.match(rest.lower()) and not rest.lstrip().lower().startswith("to "):
            answer = _clean_line(_display(rest))
            if answer:
                return Extraction(answer, "solution line")
    if last_number:
        numbers = _LAST_NUMBER.findall(text[-10_000:])
        if numbers:
            return Extraction(numbers[-1].rstrip(","), "last number")
    return Extraction(None, "extract", "no final answer found (no \\boxed{} or 'Answer:' line)")


def extract_answer(completion: str, *, last_number: bool = False) -> str | None:
    """The final answer text, or None when there is not exactly one."""
    return extract(completion, last_number=last_number).answer
