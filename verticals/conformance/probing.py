"""What the checks send and what they look for: probe answers, fuzz actions, hidden strings.

Everything here is drawn from a seeded `random.Random`, so a failing probe or fuzz action
is the same on every run and can be replayed from the seed the report names.
"""

from __future__ import annotations

import json
import random
import re
import string
from typing import Any

from verticals.toolcalls import format_text_call
from verticals.types import Action, Task

#: Hidden strings shorter than this could appear in any text by chance.
MIN_HIDDEN_CHARS = 6
_WORD = re.compile(r"^[a-z][a-z0-9_-]*$")

_WORDS = [
    "the", "answer", "is", "maybe", "none", "of", "these", "alpha", "beta", "result",
    "value", "total", "zero", "one", "two", "three", "yes", "no", "true", "false", "unknown",
    "error", "null", "undefined", "ignore", "previous", "instructions", "print", "reference",
    "oracle", "gold", "solution",
]
_UNICODE = "é中文日本語한국어עבריתالعربية🙂🚀∑∫√∞≠≤≥\u200b\u202e\u0301\ufeff"


def text_of(action: Action) -> str:
    """The text of an action: a string, or a message dict's string content."""
    if isinstance(action, str):
        return action
    content = action.get("content") if isinstance(action, dict) else None
    return content if isinstance(content, str) else json.dumps(action, default=str)


def describe(action: Any, limit: int = 80) -> str:
    """A short, printable account of an action for a failure message."""
    if isinstance(action, str):
        shown = action[:limit].encode("unicode_escape").decode("ascii")
        more = f"… ({len(action):,} chars)" if len(action) > limit else ""
        return f"str {shown!r}{more}"
    try:
        shown = json.dumps(action, default=repr)
    except (TypeError, ValueError):
        shown = repr(action)
    shown = shown.encode("unicode_escape").decode("ascii")
    return f"{type(action).__name__} {shown[:limit]}{'…' if len(shown) > limit else ''}"


# --- the hidden gold -----------------------------------------------------------------


def _leaves(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    if isinstance(value, list | tuple):
        return [leaf for item in value for leaf in _leaves(item)]
    if isinstance(value, bool) or value is None:
        return []
    return [str(value)]


def hidden_strings(task: Task, tools: list[dict[str, Any]],
                   labels: frozenset[str] = frozenset()) -> list[str]:
    """Strings of the task's hidden gold that must never reach the agent.

    Every leaf of `reference` and every oracle action, except those the task shows
    anyway (found in the prompt or the tool schemas), those too short to be told from
    chance, and labels: values many tasks share (`labels`, see `shared_leaves`), and
    lowercase words the task states in its metadata too (an answer kind such as
    "rational"), unless the word is the reference's `answer` itself.
    """
    public = json.dumps(task.prompt, ensure_ascii=False) + json.dumps(tools, ensure_ascii=False)
    prompt_text = "\n".join(str(m.get("content") or "") for m in task.prompt_messages())
    declared = {v for v in _leaves(task.metadata) if _WORD.match(v)}
    declared.discard(str(task.reference.get("answer", "")).strip())
    found: list[str] = []
    candidates = _leaves(task.reference) + [text_of(a) for a in task.oracle]
    for leaf in candidates:
        leaf = leaf.strip()
        if len(leaf) < MIN_HIDDEN_CHARS or leaf in prompt_text or leaf in public:
            continue
        if leaf not in labels and leaf not in declared and leaf not in found:
            found.append(leaf)
    return found


def shared_leaves(tasks: list[Task]) -> frozenset[str]:
    """Reference values found in at least a fifth of `tasks` (and three of them): labels."""
    counts: dict[str, int] = {}
    for task in tasks:
        for leaf in {leaf.strip() for leaf in _leaves(task.reference)}:
            counts[leaf] = counts.get(leaf, 0) + 1
    floor = max(3, len(tasks) / 5)
    return frozenset(leaf for leaf, n in counts.items() if n >= floor)


def whole_gold(task: Task, tools: list[dict[str, Any]]) -> list[str]:
    """The gold as a whole: the reference as JSON, and the oracle's tool calls.

    A search result may rightly hold the answer (finding it is the task), so a
    successful tool result is checked only for these, never for the single leaves or
    the oracle's final answer.
    """
    prompt_text = "\n".join(str(m.get("content") or "") for m in task.prompt_messages())
    found = [json.dumps(task.reference, sort_keys=True, ensure_ascii=False)]
    if tools:
        found += [text_of(a).strip() for a in task.oracle if _calls_a_tool(a)]
    return [g for g in dict.fromkeys(found)
            if len(g) >= MIN_HIDDEN_CHARS and g not in prompt_text and g != "{}"]


def _calls_a_tool(action: Action) -> bool:
    if isinstance(action, dict):
        return bool(action.get("tool_calls"))
    return "<tool_call>" in action


def strings_in(value: Any) -> list[str]:
    """Every string (and number, as text) inside a JSON-like value, keys included."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*strings_in(k), *strings_in(v))]
    if isinstance(value, list | tuple):
        return [s for item in value for s in strings_in(item)]
    if isinstance(value, bool) or value is None:
        return []
    return [str(value)]


def hidden_keys(value: Any, path: str = "info") -> list[str]:
    """Paths of keys named like the hidden Task fields (`reference`, `oracle`)."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}"
            if key in ("reference", "oracle"):
                found.append(where)
            found.extend(hidden_keys(item, where))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(hidden_keys(item, f"{path}[{index}]"))
    return found


# --- probe answers that must earn nothing -----------------------------------------


def random_text(rng: random.Random, words: int = 40) -> str:
    parts = [rng.choice(_WORDS) if rng.random() < 0.7 else str(rng.randint(-999, 99999))
             for _ in range(words)]
    return " ".join(parts)


#: A fence line: ``` or ~~~ and its info string (```python): markup, never changed.
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
#: A markdown table's separator row, e.g. `| --- | :-: |`.
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
#: Outside code: `[doc-id]` citations and an `Answer:` label at a line's start.
_MARKUP = re.compile(r"\[\s*[A-Za-z0-9][A-Za-z0-9_.:\-]*\s*\]"
                     r"|^\W*(?:final\s+)?answer\W*:", re.IGNORECASE | re.MULTILINE)


def _split_markup(text: str) -> list[tuple[bool, str]]:
    """`text` cut into (is_content, piece) pieces, whose join is `text` again.

    Markup is fence lines (with their info string), table separator rows, and, outside
    fenced code, `[doc-id]` citations and an `Answer:` label: what says how the answer
    is laid out, not what it says.
    """
    pieces: list[tuple[bool, str]] = []
    in_code = False
    for line in text.splitlines(keepends=True):
        fence = _FENCE.match(line)
        if fence:
            in_code = not in_code
            pieces.append((False, line))
        elif in_code:
            pieces.append((True, line))
        elif _TABLE_RULE.match(line):
            pieces.append((False, line))
        else:
            at = 0
            for found in _MARKUP.finditer(line):
                pieces += [(True, line[at:found.start()]), (False, found.group())]
                at = found.end()
            pieces.append((True, line[at:]))
    return [(content, piece) for content, piece in pieces if piece]


#: A name (`b1`, `row_2`): digits inside one are part of the name, not a number.
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _outside_names(piece: str, table: dict[int, int]) -> str:
    """`piece` with `table` applied everywhere but inside names: renaming `b1` to `b6`
    throughout a program changes nothing, so it would contradict nothing."""
    out, at = [], 0
    for name in _NAME.finditer(piece):
        out += [piece[at:name.start()].translate(table), name.group()]
        at = name.end()
    out.append(piece[at:].translate(table))
    return "".join(out)


def contradiction(text: str, rng: random.Random) -> str | None:
    """A copy of `text` that says something else: its numbers, else its letters, shifted.

    Only the content changes: fence lines and their info string (```python), table
    separator rows, `[doc-id]` citations and an `Answer:` label are kept as they are,
    so the copy is laid out as the answer is and a probe tests the answer, not its
    format. Digits inside names (`b1`) are kept too: numbers are what is shifted. None
    when the content has neither numbers nor letters.
    """
    pieces = _split_markup(text)
    content = "".join(piece for is_content, piece in pieces if is_content)
    if any(c.isdigit() for c in _NAME.sub("", content)):
        shift = rng.randint(1, 9)
        table = str.maketrans(string.digits, string.digits[shift:] + string.digits[:shift])
        changed = "".join(_outside_names(piece, table) if is_content else piece
                          for is_content, piece in pieces)
    elif any(c.isalpha() and c.isascii() for c in content):
        shift = rng.randint(1, 25)
        lower, upper = string.ascii_lowercase, string.ascii_uppercase
        table = str.maketrans(lower + upper,
                              lower[shift:] + lower[:shift] + upper[shift:] + upper[:shift])
        changed = "".join(piece.translate(table) if is_content else piece
                          for is_content, piece in pieces)
    else:
        return None
    return changed if changed != text else None


# --- random and malformed actions ---------------------------------------------------


def random_arguments(schema: dict[str, Any], rng: random.Random, words: list[str],
                     depth: int = 0) -> Any:
    """A value that fits `schema` (mostly), drawing strings from the prompt's own words."""
    if depth > 4:
        return None
    if schema.get("enum"):
        return rng.choice(schema["enum"])
    for key in ("anyOf", "oneOf"):
        if schema.get(key):
            return random_arguments(rng.choice(schema[key]), rng, words, depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = rng.choice(kind) if kind else None
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties") or {}
        required = set(schema.get("required") or [])
        return {name: random_arguments(sub, rng, words, depth + 1)
                for name, sub in sorted(properties.items())
                if name in required or rng.random() < 0.5}
    if kind == "array":
        raw = schema.get("items")
        items: dict[str, Any] = raw if isinstance(raw, dict) else {}
        return [random_arguments(items, rng, words, depth + 1) for _ in range(rng.randint(0, 3))]
    if kind == "integer":
        return rng.choice([0, 1, -1, 2**63, rng.randint(-10**6, 10**6), rng.randint(0, 20)])
    if kind == "number":
        return rng.choice([0.0, -1.5, 1e308, rng.uniform(-1e6, 1e6)])
    if kind == "boolean":
        return rng.random() < 0.5
    if kind == "null":
        return None
    return _random_string(rng, words)


def _random_string(rng: random.Random, words: list[str]) -> str:
    roll = rng.random()
    if roll < 0.45 and words:
        return " ".join(rng.choice(words) for _ in range(rng.randint(1, 6)))
    if roll < 0.6:
        return ""
    if roll < 0.7:
        return rng.choice(["../../../../etc/passwd", "' OR 1=1 --", "${HOME}", "$(id)",
                           "__import__('os').system('id')", "%s%s%n", "\x00", "NaN"])
    if roll < 0.8:
        return "".join(rng.choice(_UNICODE) for _ in range(rng.randint(1, 40)))
    if roll < 0.85:
        return "9" * rng.randint(100, 5000)
    return random_text(rng, rng.randint(1, 12))


def _tool_names(tools: list[dict[str, Any]]) -> list[str]:
    return [t.get("function", {}).get("name", "") for t in tools]


def _tool_schema(tools: list[dict[str, Any]], name: str) -> dict[str, Any]:
    for tool in tools:
        function = tool.get("function", {})
        if function.get("name") == name:
            return function.get("parameters") or {}
    return {}


def valid_looking_call(tools: list[dict[str, Any]], rng: random.Random,
                       words: list[str]) -> str:
    """A well-formed `<tool_call>` to a real tool, with random arguments from its schema."""
    name = rng.choice(_tool_names(tools))
    arguments = random_arguments(_tool_schema(tools, name), rng, words)
    if not isinstance(arguments, dict):
        arguments = {}
    return format_text_call(name, arguments)


_BROKEN_CALLS = [
    "<tool_call>{not json}</tool_call>",
    "<tool_call>{\"arguments\": {}}</tool_call>",
    "<tool_call>{\"name\": 5, \"arguments\": {}}</tool_call>",
    "<tool_call>{\"name\": \"NAME\", \"arguments\": [1, 2]}</tool_call>",
    "<tool_call>{\"name\": \"NAME\", \"arguments\": \"{broken\"}</tool_call>",
    "<tool_call>{\"name\": \"NAME\"",
    "<tool_call><tool_call>{\"name\": \"NAME\"}</tool_call></tool_call>",
    "</tool_call>{\"name\": \"NAME\"}<tool_call>",
    "<tool_call>[]</tool_call>",
    "<tool_call>null</tool_call>",
    "<tool_call>{\"name\": \"NAME\", \"arguments\": "
    "{\"a\": {\"b\": {\"c\": [[[[[]]]]]}}}}</tool_call>",
]


def broken_call(tools: list[dict[str, Any]], rng: random.Random) -> str:
    name = rng.choice(_tool_names(tools) or ["calculate"])
    return rng.choice(_BROKEN_CALLS).replace("NAME", name)


def unknown_call(rng: random.Random) -> str:
    name = rng.choice(["rm", "exec", "__init__", "", " ", "a" * 300, "../tool", "submit!",
                       "search\x00", "大"])
    return format_text_call(name, {"x": rng.randint(0, 9)})


def message_action(tools: list[dict[str, Any]], rng: random.Random, words: list[str]) -> Any:
    """An OpenAI-style message dict, well-formed or not."""
    name = rng.choice(_tool_names(tools) or ["calculate"])
    arguments = random_arguments(_tool_schema(tools, name), rng, words)
    return rng.choice([
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "c1", "type": "function",
             "function": {"name": name, "arguments": json.dumps(arguments)}}]},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "c1", "type": "function", "function": {"name": name, "arguments": "{bad"}}]},
        {"role": "assistant", "tool_calls": "nope"},
        {"role": "assistant", "tool_calls": [None, 3, {"function": None}]},
        {"role": "assistant", "content": ["part", {"type": "text", "text": random_text(rng, 5)}]},
        {"role": "assistant", "content": 42},
        {"role": "assistant"},
        {},
        {"content": {"nested": [1, 2, 3]}},
    ])


NON_STRING_ACTIONS: list[Any] = [None, 0, 3.5, float("nan"), True, b"bytes", ["list"],
                                 ("tuple",), {1, 2}, object(), Ellipsis]


class FuzzActions:
    """An endless seeded stream of random and malformed actions for one env."""

    KINDS = ("ascii", "unicode", "huge", "broken_call", "valid_call", "unknown_tool",
             "message", "non_string", "prompt_copy", "boxed")

    def __init__(self, rng: random.Random, tools: list[dict[str, Any]], max_chars: int) -> None:
        self.rng = rng
        self.tools = tools
        self.max_chars = max_chars
        self.words: list[str] = []
        self.prompt = ""

    def use_prompt(self, prompt: str) -> None:
        self.prompt = prompt
        self.words = [w for w in re.findall(r"[\w.+*/-]+", prompt) if len(w) < 40][:400]

    def next(self) -> tuple[str, Any]:
        rng = self.rng
        kinds = self.KINDS if self.tools else tuple(
            k for k in self.KINDS if k not in ("valid_call",))
        kind = rng.choice(kinds)
        return kind, self._make(kind)

    def _make(self, kind: str) -> Any:
        rng = self.rng
        if kind == "ascii":
            alphabet = string.printable
            return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300)))
        if kind == "unicode":
            chars = [chr(rng.randint(0, 0x10FFFF)) if rng.random() < 0.3 else rng.choice(_UNICODE)
                     for _ in range(rng.randint(1, 200))]
            return "".join(chars)
        if kind == "huge":
            size = rng.choice([self.max_chars, self.max_chars + 1, self.max_chars * 2,
                               rng.randint(1, self.max_chars)])
            unit = rng.choice(["9", "(", "\\boxed{", "<tool_call>", "a b ", "\\frac{1}{", "é"])
            return (unit * (size // len(unit) + 1))[:size]
        if kind == "broken_call":
            return broken_call(self.tools, rng)
        if kind == "valid_call":
            return valid_looking_call(self.tools, rng, self.words)
        if kind == "unknown_tool":
            return unknown_call(rng)
        if kind == "message":
            return message_action(self.tools, rng, self.words)
        if kind == "non_string":
            return rng.choice(NON_STRING_ACTIONS)
        if kind == "prompt_copy":
            return self.prompt if rng.random() < 0.5 else self.prompt[: rng.randint(0, 200)]
        value = rng.choice(self.words) if self.words and rng.random() < 0.5 else str(
            rng.randint(-99, 9999))
        return f"The answer is \\boxed{{{value}}}."
