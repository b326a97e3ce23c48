"""The openai policy against a fake OpenAI-compatible server on loopback."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar

import pytest

import verticals
from verticals.errors import VerticalsError
from verticals.policies import OpenAIPolicy
from verticals.runner import play


class _FakeChat(BaseHTTPRequestHandler):
    """Asks the calculator once, then answers with what the tool said."""

    requests: ClassVar[list[dict]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.requests.append(body)
        last = body["messages"][-1]
        if last["role"] == "tool":
            message = {"role": "assistant", "content": f"\\boxed{{{last['content']}}}"}
        else:
            message = {"role": "assistant", "content": None, "tool_calls": [{
                "id": "c1", "type": "function",
                "function": {"name": "calculate", "arguments": json.dumps(
                    {"expression": self.server.expression})}}]}
        payload = json.dumps({"choices": [{"message": message}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def fake_endpoint():
    server = HTTPServer(("127.0.0.1", 0), _FakeChat)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_openai_policy_plays_a_tool_episode(fake_endpoint):
    env = verticals.make("math/calculator-v0", difficulty=1)
    env.reset(seed=4)
    # The fake model computes the whole chain in one call: the task's plain expression.
    steps = env.task.prompt.split("\n\n")[1]
    expression = steps.split(".")[0].removeprefix("Start with ")
    for sentence in steps.split(". ")[1:]:
        verb, number = sentence.removeprefix("Then ").rstrip(".").rsplit(" ", 1)
        op = {"add": "+", "subtract": "-", "multiply by": "*", "divide by": "/"}[verb]
        expression = f"({expression}) {op} {number}"
    fake_endpoint.expression = expression
    _FakeChat.requests = []
    policy = OpenAIPolicy(base_url=f"http://127.0.0.1:{fake_endpoint.server_port}/v1",
                          model="fake")
    record = play(env, policy, seed=4)
    assert record.score.reward == 1.0 and record.turns == 2
    first, second = _FakeChat.requests
    assert first["model"] == "fake" and first["tools"][0]["function"]["name"] == "calculate"
    sent_call = second["messages"][-2]["tool_calls"][0]
    assert isinstance(sent_call["function"]["arguments"], str)  # wire format: JSON string


def test_unreachable_endpoint_is_a_recorded_error_not_a_crash():
    env = verticals.make("math/arithmetic-v0")
    policy = OpenAIPolicy(base_url="http://127.0.0.1:9/v1", timeout_s=2)
    record = play(env, policy, seed=0)
    assert record.score.reward == 0.0 and "chat endpoint" in (record.error or "")
    with pytest.raises(VerticalsError):
        policy.act("", {"messages": [], "tools": []})
