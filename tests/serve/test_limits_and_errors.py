"""Every refusal is JSON with a message and a code; every limit holds."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi", reason="needs the serve extra: pip install -e '.[serve]'")
pytest.importorskip("uvicorn", reason="needs the serve extra: pip install -e '.[serve]'")
pytest.importorskip("websockets", reason="needs the serve extra: pip install -e '.[serve]'")
pytest.importorskip("httpx", reason="needs the serve-test extra: pip install -e '.[serve-test]'")

import json
import time

import httpx
import pytest
from serve_helpers import running
from websockets.sync.client import connect

from verticals.serve import Limits
from verticals.serve.sessions import Session


def ws_call(ws, message) -> dict:
    ws.send(message if isinstance(message, str) else json.dumps(message))
    return json.loads(ws.recv(timeout=10))


def assert_clean(reply: dict, code: str) -> None:
    assert reply["type"] == "error", reply
    assert reply["data"]["code"] == code
    assert "Traceback" not in reply["data"]["message"]


def test_info_routes(all_server):
    with httpx.Client(base_url=all_server.http) as http:
        assert http.get("/health").json() == {"status": "healthy"}
        meta = http.get("/metadata").json()
        assert set(meta) == {"name", "description", "readme_content", "version", "author",
                             "documentation_url"}
        assert http.get("/metadata", params={"env_id": "math/gcd-lcm-v0"}).json()["name"] \
            == "math/gcd-lcm-v0"
        schema = http.get("/schema").json()
        assert {"action", "observation", "state"} <= set(schema)
        assert "tool_calls" in schema["action"]["properties"]
        ids = [row["id"] for row in http.get("/envs").json()]
        assert "math/arithmetic-v0" in ids and ids == sorted(ids)
        assert http.get("/capacity").json()["max_sessions"] == 64


def test_websocket_refusals(all_server):
    with connect(all_server.ws) as ws:
        assert_clean(ws_call(ws, "{not json"), "INVALID_JSON")
        assert_clean(ws_call(ws, "[1, 2]"), "VALIDATION_ERROR")
        assert_clean(ws_call(ws, {"type": "dance"}), "UNKNOWN_TYPE")
        assert_clean(ws_call(ws, {"type": "step", "data": {"content": "1"}}), "NOT_RESET")
        assert_clean(ws_call(ws, {"type": "reset", "data": {"seed": 1}}), "UNKNOWN_ENV")
        assert_clean(ws_call(ws, {"type": "reset", "data": {"env_id": "math/nope-v0"}}),
                     "UNKNOWN_ENV")
        assert_clean(ws_call(ws, {"type": "reset", "data": {"env_id": "math/arithmetic-v0",
                                                            "seed": -1}}), "VALIDATION_ERROR")
        assert_clean(ws_call(ws, {"type": "reset", "data": {"env_id": "math/arithmetic-v0",
                                                            "sed": 1}}), "VALIDATION_ERROR")
        assert_clean(ws_call(ws, {"type": "reset", "extra": 1}), "VALIDATION_ERROR")
        ok = ws_call(ws, {"type": "reset", "data": {"env_id": "math/arithmetic-v0", "seed": 1}})
        assert ok["type"] == "observation"
        assert_clean(ws_call(ws, {"type": "step", "data": {"content": 5}}), "VALIDATION_ERROR")
        assert_clean(ws_call(ws, {"type": "step", "data": {"role": "user"}}), "VALIDATION_ERROR")
        # after every refusal the session still plays
        final = ws_call(ws, {"type": "step", "data": {"content": "\\boxed{0}"}})
        assert final["type"] == "observation" and final["data"]["done"]
        assert_clean(ws_call(ws, {"type": "step", "data": {"content": "again"}}), "NOT_RESET")


def test_http_sessions_and_refusals(all_server):
    with httpx.Client(base_url=all_server.http) as http:
        bad = http.post("/reset", content=b"{oops", headers={"content-type": "application/json"})
        assert bad.status_code == 400 and bad.json()["code"] == "INVALID_JSON"
        assert http.post("/reset", json={"env_id": "x/y"}).json()["code"] == "UNKNOWN_ENV"
        early = http.post("/step", json={"action": {"content": "1"}})
        assert early.status_code == 409 and early.json()["code"] == "NOT_RESET"
        gone = http.post("/step", json={"action": {"content": "1"}, "session_id": "abc"})
        assert gone.status_code == 404 and gone.json()["code"] == "UNKNOWN_SESSION"
        reset = http.post("/reset", json={"env_id": "math/arithmetic-v0", "seed": 4}).json()
        session_id = reset["metadata"]["session_id"]
        assert reset["reward"] is None and not reset["done"]
        step = http.post("/step", json={"action": {"content": "\\boxed{1}"},
                                        "session_id": session_id}).json()
        assert step["done"] and step["observation"]["score"]["status"] == "judged"
        state = http.get("/state", params={"session_id": session_id}).json()
        assert state["done"] and state["seed"] == 4
        again = http.post("/reset", json={"env_id": "math/arithmetic-v0", "seed": 5,
                                          "session_id": session_id}).json()
        assert again["metadata"]["session_id"] == session_id
        assert http.post("/close", json={"session_id": session_id}).json()["closed"]
        assert http.get("/state", params={"session_id": session_id}).status_code == 404
        bad_config = http.post("/reset", json={"env_id": "math/arithmetic-v0",
                                               "config": {"difficulty": 0}})
        assert bad_config.status_code == 400 and bad_config.json()["code"] == "FACTORY_ERROR"
        assert not [s for s in all_server.manager.sessions.values() if s.kind == "http"]
        missing = http.get("/no/such/route")
        assert missing.status_code == 404 and missing.json()["detail"]


def test_payload_limit():
    with running("math/arithmetic-v0", Limits(max_payload_bytes=2000)) as served:
        with httpx.Client(base_url=served.http) as http:
            big = http.post("/reset", json={"episode_id": "x" * 5000})
            assert big.status_code == 413 and big.json()["code"] == "PAYLOAD_TOO_LARGE"
        with connect(served.ws) as ws:
            assert ws_call(ws, {"type": "reset", "data": {"seed": 0}})["type"] == "observation"
            reply = ws_call(ws, {"type": "step", "data": {"content": "9" * 4000}})
            assert_clean(reply, "PAYLOAD_TOO_LARGE")
            final = ws_call(ws, {"type": "step", "data": {"content": "\\boxed{0}"}})
            assert final["data"]["done"]


def test_oversized_action_within_payload_is_the_envs_to_judge(math_server):
    """Under the server's byte limit but over the env's action limit: the env scores it 0."""
    with connect(math_server.ws) as ws:
        ws_call(ws, {"type": "reset", "data": {"seed": 0}})
        final = ws_call(ws, {"type": "step", "data": {"content": "1" * 70_000}})
        assert final["data"]["done"] and final["data"]["reward"] == 0.0
        assert "malformed action" in final["data"]["observation"]["score"]["reason"]


def test_bearer_token():
    with running("math/arithmetic-v0", token="s3cret") as served:
        with httpx.Client(base_url=served.http) as http:
            assert http.get("/health").status_code == 200  # probes need no token
            denied = http.post("/reset", json={})
            assert denied.status_code == 401 and denied.json()["code"] == "UNAUTHORIZED"
            wrong = http.post("/reset", json={}, headers={"Authorization": "Bearer nope"})
            assert wrong.status_code == 401
            ok = http.post("/reset", json={}, headers={"Authorization": "Bearer s3cret"})
            assert ok.status_code == 200
        with connect(served.ws) as ws:
            assert_clean(json.loads(ws.recv(timeout=10)), "UNAUTHORIZED")
        with connect(served.ws, additional_headers={"Authorization": "Bearer s3cret"}) as ws:
            assert ws_call(ws, {"type": "reset", "data": {}})["type"] == "observation"


def test_max_sessions():
    with running("math/arithmetic-v0", Limits(max_sessions=2)) as served:
        with connect(served.ws) as a, connect(served.ws) as b:
            ws_call(a, {"type": "reset", "data": {}})
            ws_call(b, {"type": "reset", "data": {}})
            with connect(served.ws) as c:
                assert_clean(json.loads(c.recv(timeout=10)), "CAPACITY_REACHED")
            http = httpx.post(served.http + "/reset", json={})
            assert http.status_code == 503 and http.json()["code"] == "CAPACITY_REACHED"
        deadline = time.monotonic() + 5
        while served.manager.sessions and time.monotonic() < deadline:
            time.sleep(0.02)
        with connect(served.ws) as d:  # the closed sessions freed their slots
            assert ws_call(d, {"type": "reset", "data": {}})["type"] == "observation"


def test_idle_timeout():
    with running("math/arithmetic-v0", Limits(idle_timeout_s=0.3)) as served:
        with connect(served.ws) as ws:
            ws_call(ws, {"type": "reset", "data": {}})
            assert_clean(json.loads(ws.recv(timeout=10)), "IDLE_TIMEOUT")
        reset = httpx.post(served.http + "/reset", json={}).json()
        time.sleep(1.0)
        session_id = reset["metadata"]["session_id"]
        step = httpx.post(served.http + "/step",
                          json={"action": {"content": "1"}, "session_id": session_id})
        assert step.status_code == 404 and step.json()["code"] == "UNKNOWN_SESSION"
        assert not served.manager.sessions


def test_request_timeout_closes_the_session(monkeypatch):
    slow_step = Session._step

    def slow(self, action):
        time.sleep(0.6)
        return slow_step(self, action)

    monkeypatch.setattr(Session, "_step", slow)
    limits = Limits(request_timeout_s=0.2)
    with running("math/arithmetic-v0", limits) as served, connect(served.ws) as ws:
        ws_call(ws, {"type": "reset", "data": {}})
        (session,) = served.manager.sessions.values()
        assert_clean(ws_call(ws, {"type": "step", "data": {"content": "1"}}), "TIMEOUT")
        deadline = time.monotonic() + 5
        while session.env is not None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert session.closed and session.env is None  # closed once the step returned
        assert not served.manager.sessions


def test_env_failure_is_named_not_traced(monkeypatch, math_server):
    def broken(self, action):
        raise ValueError("the gold answer is 42")

    monkeypatch.setattr(Session, "_step", broken)
    with connect(math_server.ws) as ws:
        ws_call(ws, {"type": "reset", "data": {}})
        reply = ws_call(ws, {"type": "step", "data": {"content": "1"}})
        assert_clean(reply, "EXECUTION_ERROR")
        assert "42" not in reply["data"]["message"] and "ValueError" in reply["data"]["message"]
    with httpx.Client(base_url=math_server.http) as http:
        session_id = http.post("/reset", json={}).json()["metadata"]["session_id"]
        step = http.post("/step", json={"action": {"content": "1"}, "session_id": session_id})
        assert step.status_code == 500 and "42" not in step.text


def test_close_message_frees_the_env(math_server):
    with connect(math_server.ws) as ws:
        ws_call(ws, {"type": "reset", "data": {}})
        (session,) = [s for s in math_server.manager.sessions.values() if s.kind == "ws"]
        env = session.env
        ws.send(json.dumps({"type": "close"}))
        deadline = time.monotonic() + 5
        while session.env is not None and time.monotonic() < deadline:
            time.sleep(0.02)
    assert session.closed and session.env is None and not env._episode_open


def test_serve_command_refuses_an_unknown_pattern(capsys):
    from verticals.cli import main

    assert main(["serve", "nope/*", "--port", "1"]) == 2
    assert "no env id matches" in capsys.readouterr().err
