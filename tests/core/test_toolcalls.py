"""Tool-call parsing from text and from OpenAI-style messages."""

from __future__ import annotations

from verticals.toolcalls import format_text_call, parse_message, parse_text


def test_text_calls_and_prose_are_separated():
    text = "Thinking. " + format_text_call("f", {"a": 1}) + " and " + format_text_call("g", {})
    parsed = parse_text(text)
    assert [c.name for c in parsed.calls] == ["f", "g"]
    assert parsed.calls[0].arguments == {"a": 1}
    assert parsed.content == "Thinking.  and"
    assert not parsed.is_final


def test_arguments_given_as_a_json_string_are_decoded():
    parsed = parse_text('<tool_call>{"name": "f", "arguments": "{\\"a\\": 2}"}</tool_call>')
    assert parsed.calls[0].arguments == {"a": 2}


def test_plain_text_is_final():
    assert parse_text("The answer is 4.").is_final


def test_openai_message_with_content_parts_and_calls():
    parsed = parse_message({
        "role": "assistant",
        "content": [{"type": "text", "text": "ok"}],
        "tool_calls": [{"id": "x1", "type": "function",
                        "function": {"name": "f", "arguments": "{}"}}],
    })
    assert parsed.content == "ok" and parsed.calls[0].id == "x1"


def test_problems_are_reported_not_raised():
    assert parse_text('<tool_call>["a"]</tool_call>').errors
    assert parse_text('<tool_call>{"name": "f", "arguments": "[1]"}</tool_call>').errors
    assert parse_message({"content": 3}).errors
    assert parse_message({"tool_calls": [{"function": {"name": "f", "arguments": "{"}}]}).errors
