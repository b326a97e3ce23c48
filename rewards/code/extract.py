"""Which code an answer submits: the last fenced Python block of the final message."""

from __future__ import annotations

import re

# A fence line: ``` or ~~~ (3+), an optional language tag, then the body up to the
# matching closing fence on its own line.
_BLOCK = re.compile(
    r"^[ \t]*(?P<fence>`{3,}|~{3,})[ \t]*(?P<lang>[\w+.-]*)[^\n]*\n"
    r"(?P<body>.*?)^[ \t]*(?P=fence)[ \t]*$",
    re.DOTALL | re.MULTILINE,
)
PYTHON_TAGS = frozenset({"python", "py", "python3", "py3"})


def extract_code(message: str | None) -> str:
    """The last ```python (or untagged) fenced block; the whole message if there is none.

    A block tagged with another language (```text, ```bash) is never taken as the code.
    """
    if not message:
        return ""
    chosen = None
    for match in _BLOCK.finditer(message):
        if match.group("lang").lower() in PYTHON_TAGS | {""}:
            chosen = match.group("body")
    return chosen if chosen is not None else message
