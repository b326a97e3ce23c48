"""Text normalisation and answer parsing shared by the search rewards."""

from __future__ import annotations

import re

from verticals.tasks.search.names import normalize

CITATION = re.compile(r"\[\s*([A-Za-z0-9][A-Za-z0-9_.:\-]*)\s*\]")
ABSTAIN = "insufficient information"
NUMBER = re.compile(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?(?![\w])")


def citations(text: str) -> list[str]:
    """Ids cited in square brackets, in order, each once."""
    seen: dict[str, None] = {}
    for found in CITATION.findall(text):
        seen.setdefault(found, None)
    return list(seen)


#: An answer statement: a line opening with "Answer:" or "Final answer:" (markdown
#: emphasis, a heading mark or a list marker before it, a bold colon, are all allowed).
ANSWER_LINE = re.compile(r"^\W*(?:final\s+)?answer\W*:", re.IGNORECASE)
#: A second "Answer:" label inside an answer line ("Answer: A. Answer: B").
ANSWER_LABEL = re.compile(r"\banswer\W{0,3}:", re.IGNORECASE)


def answer_lines(text: str) -> list[str]:
    """Every line of `text` that states an answer (see ANSWER_LINE)."""
    return [ln.strip() for ln in text.splitlines() if ANSWER_LINE.match(ln.strip())]


def answer_statements(text: str) -> int:
    """How many answers `text` states: answer lines, and answer labels within them.

    Explanation elsewhere in the message ("the answer is in [d-1]") is not counted; only
    the lines that open with an answer label, where a model states what it answers.
    """
    return sum(len(ANSWER_LABEL.findall(line)) or 1 for line in answer_lines(text))


def answer_part(text: str) -> str | None:
    """The answer itself: the one line that starts with 'Answer:' (None if there is none).

    Markdown emphasis around the label is allowed; citations are removed, they are judged
    apart. A label alone on its line ("**Answer:**", then the answer below it) takes the
    next non-blank line. Callers refuse a message with more than one answer statement
    before this.
    """
    lines = [ln.strip() for ln in text.splitlines()]
    found = [i for i, ln in enumerate(lines) if ANSWER_LINE.match(ln)]
    if not found:
        return None
    at = found[-1]
    answer = CITATION.sub(" ", ANSWER_LINE.sub("", lines[at], count=1)).strip(" *_")
    if not answer:
        after = next((ln for ln in lines[at + 1:] if ln), "")
        answer = CITATION.sub(" ", after).strip(" *_")
    return answer


def several_answers(text: str) -> str | None:
    """Why `text` is refused for stating more than one answer (None if it states one)."""
    count = answer_statements(text)
    return f"states {count} answers; give one" if count > 1 else None


def mentions(haystack: str, name: str) -> bool:
    """Whether normalised `name` occurs as whole words in normalised `haystack`."""
    return bool(name) and f" {name} " in f" {haystack} "


def numbers(text: str) -> list[int | float]:
    found = []
    for raw in NUMBER.findall(text):
        value = float(raw.replace(",", ""))
        found.append(int(value) if value.is_integer() else value)
    return found


def abstains(answer: str) -> bool:
    return ABSTAIN in normalize(answer)
