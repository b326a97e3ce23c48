"""Bugs the fuzzer found in the core, kept fixed."""

from __future__ import annotations

from verticals.conformance.watchdog import deadline
from verticals.toolcalls import parse_text


def test_an_action_of_64k_unclosed_tags_is_parsed_in_one_pass():
    # A lazy regex rescanned the text from every unclosed <tool_call>: 12 s for this.
    action = ("<tool_call>" * 6000)[:65536]
    with deadline(5.0, "parse_text"):
        parsed = parse_text(action)
    assert parsed.errors == ["a <tool_call> tag is never closed with </tool_call>"]
    assert not parsed.calls


def test_blocks_and_the_text_around_them_are_split_as_before():
    parsed = parse_text('a <tool_call>{"name": "x", "arguments": {"k": 1}}</tool_call> b '
                        '<tool_call><tool_call>{"name": "y"}</tool_call> c <tool_call>{')
    assert [(c.name, c.arguments) for c in parsed.calls] == [("x", {"k": 1})]
    assert parsed.content == "a  b  c <tool_call>{"
    assert parsed.errors[0].startswith("tool call 2 is not valid JSON")
    assert parsed.errors[-1] == "a <tool_call> tag is never closed with </tool_call>"
