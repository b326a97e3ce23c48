"""`verticals eval` against a fake OpenAI-compatible server with scripted replies.

The fake knows each task by its prompt and each attempt by the sampling seed the
evaluation sends, so every attempt gets its own script whatever the concurrency:
correct, wrong and malformed answers, and 500s, 429s, slow replies and broken JSON
that the client must retry. The figures are checked against values worked by hand.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from fractions import Fraction
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from math import comb

import pytest

import verticals
from verticals.cli import main
from verticals.evaluation import EvalPlan, pass_at_k, pass_hat_k, run_eval

ENV = "math/arithmetic-v0"
WRONG = "\\boxed{123456789}"
MALFORMED = "I believe the answer is roughly five."

# (task seed, attempt) -> replies, one per request (a retry takes the next)
SCRIPT = {
    (0, 0): ["C"], (0, 1): ["C"], (0, 2): ["W"], (0, 3): ["M"],
    (1, 0): ["C"], (1, 1): ["C"], (1, 2): ["C"], (1, 3): ["C"],
    (2, 0): ["W"], (2, 1): ["500", "C"], (2, 2): ["429", "W"], (2, 3): ["slow", "C"],
    (3, 0): ["W"], (3, 1): ["W"], (3, 2): ["500", "500", "500"], (3, 3): ["bad", "bad", "bad"],
}


class FakeModel(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        server = self.server
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        server.bodies.append(body)
        prompt = body["messages"][0]["content"]
        seed = server.seeds.get(prompt)
        key = (seed, body.get("seed"))
        with server.lock:
            count = server.counts.get(key, 0)
            server.counts[key] = count + 1
        script = server.script.get(key, ["W"])
        reply = script[min(count, len(script) - 1)]
        if reply in ("500", "429", "400"):
            self._send(int(reply), b'{"error": "scripted"}', retry_after="0")
            return
        if reply == "slow":
            time.sleep(server.slow_s)
        if reply == "bad":
            self._send(200, b'{"choices": [')
            return
        content = {"C": server.answers.get(seed, WRONG), "W": WRONG, "M": MALFORMED,
                   "slow": WRONG}[reply]
        payload = {"choices": [{"message": {"role": "assistant", "content": content}}]}
        self._send(200, json.dumps(payload).encode())

    def _send(self, status: int, payload: bytes, retry_after: str | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            if retry_after is not None:
                self.send_header("Retry-After", retry_after)
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up on a slow reply

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def fake():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeModel)
    server.daemon_threads = True
    env = verticals.make(ENV)
    server.seeds, server.answers = {}, {}
    for seed in range(4):
        _, info = env.reset(seed=seed)
        server.seeds[info["messages"][0]["content"]] = seed
        server.answers[seed] = env.task.oracle[0]
    server.script, server.counts, server.bodies = dict(SCRIPT), {}, []
    server.lock, server.slow_s = threading.Lock(), 1.0
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    yield server
    server.shutdown()
    server.server_close()


def plan(fake, **kw) -> EvalPlan:
    options = dict(env_ids=(ENV,), model="fake", n=4, k=4, base_url=fake.url, concurrency=4,
                   retries=2, backoff_s=0.01, timeout_s=0.3)
    options.update(kw)
    return EvalPlan(**options)


def test_estimators_match_enumeration():
    for n, c, k in itertools.product(range(1, 7), range(7), range(1, 7)):
        if c > n or k > n:
            continue
        draws = list(itertools.combinations([1] * c + [0] * (n - c), k))
        assert pass_at_k(n, c, k) == pytest.approx(sum(any(d) for d in draws) / len(draws))
        assert pass_hat_k(n, c, k) == pytest.approx(sum(all(d) for d in draws) / len(draws))
    assert pass_at_k(4, 2, 2) == pytest.approx(1 - comb(2, 2) / comb(4, 2))
    with pytest.raises(ValueError):
        pass_at_k(2, 3, 1)


def test_figures_match_hand_computed(fake, tmp_path):
    report = run_eval(plan(fake), tmp_path)
    overall = report["overall"]
    # per task (n scored, c passed): (4, 2), (4, 4), (4, 2), (2, 0); two attempts unscored
    assert overall["attempts"] == 16 and overall["scored"] == 14 and overall["unscored"] == 2
    assert overall["mean_reward"] == pytest.approx(float(Fraction(8, 14)))
    hand_at = {"1": 0.5, "2": float(Fraction(2, 3)), "3": 1.0, "4": 1.0}
    hand_hat = {"1": 0.5, "2": float(Fraction(1, 3)), "3": float(Fraction(1, 3)),
                "4": float(Fraction(1, 3))}
    assert overall["pass_at"] == pytest.approx(hand_at)
    assert overall["pass_hat"] == pytest.approx(hand_hat)
    assert overall["tasks_counted"] == {"1": 4, "2": 4, "3": 3, "4": 3}
    (row,) = report["rows"]
    assert row["env"] == ENV and row["difficulty"] == "3"
    assert row["pass_at"] == overall["pass_at"]
    # every retried reply was asked again; exhausted ones stopped at 1 + retries
    assert fake.counts[(2, 1)] == 2 and fake.counts[(2, 3)] == 2
    assert fake.counts[(3, 2)] == 3 and fake.counts[(3, 3)] == 3
    lines = [json.loads(x) for x in (tmp_path / "attempts.jsonl").read_text().splitlines()]
    unscored = [x for x in lines if x["record"]["score"]["status"] != "judged"]
    assert sorted(x["task"]["attempt"] for x in unscored) == [2, 3]
    assert all("failed after 3 tries" in x["record"]["error"] for x in unscored)
    assert json.loads((tmp_path / "report.json").read_text())["overall"] == overall


def test_resume_plays_only_the_unscored(fake, tmp_path):
    run_eval(plan(fake), tmp_path)
    fake.script[(3, 2)] = ["C"]
    fake.script[(3, 3)] = ["C"]
    fake.counts.clear()
    report = run_eval(plan(fake), tmp_path)
    assert report["played"] == 2 and report["resumed"] == 14 and report["retried"] == 2
    assert set(fake.counts) == {(3, 2), (3, 3)}
    assert report["overall"]["unscored"] == 0
    # task 3 is now (4, 2): pass@1 = (2/4 + 1 + 2/4 + 2/4) / 4
    assert report["overall"]["pass_at"]["1"] == pytest.approx(0.625)
    assert len((tmp_path / "attempts.retried.jsonl").read_text().splitlines()) == 2
    assert len((tmp_path / "attempts.jsonl").read_text().splitlines()) == 16


def test_client_errors_are_not_retried(fake, tmp_path):
    fake.script = {key: ["400"] for key in SCRIPT}
    report = run_eval(plan(fake, n=1, k=2), tmp_path)
    assert report["overall"]["unscored"] == 2 and report["overall"]["mean_reward"] is None
    assert all(count == 1 for count in fake.counts.values())
    assert report["overall"]["pass_at"] == {"1": None, "2": None}


def test_tools_are_sent_as_openai_tools(fake, tmp_path):
    env = verticals.make("math/calculator-v0")
    _, info = env.reset(seed=0)
    run_eval(plan(fake, env_ids=("math/calculator-v0",), n=1, k=1), tmp_path)
    assert fake.bodies and fake.bodies[0]["tools"] == info["tools"]
    assert fake.bodies[0]["seed"] == 0


def test_cli_eval_json(fake, tmp_path, capsys):
    code = main(["eval", ENV, "--model", "fake", "--base-url", fake.url, "-n", "4", "-k", "4",
                 "--out", str(tmp_path), "--retries", "2", "--backoff", "0.01",
                 "--timeout", "0.3", "--concurrency", "3", "--json", "-q"])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["overall"]["pass_hat"]["2"] == pytest.approx(1 / 3)
    code = main(["eval", ENV, "--model", "fake", "--base-url", fake.url, "-n", "1", "-k", "2",
                 "--out", str(tmp_path / "t"), "-q"])
    assert code == 0 and "pass^2" in capsys.readouterr().out
    assert main(["eval", "nope/*", "--model", "m", "--out", str(tmp_path / "x")]) == 2


def test_an_interrupted_eval_stops_and_resumes(fake, tmp_path):
    def stop(_: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_eval(plan(fake, concurrency=1), tmp_path, on_progress=stop)
    written = (tmp_path / "attempts.jsonl").read_text().splitlines()
    assert 1 <= len(written) <= 2  # nothing was started after the interrupt
    report = run_eval(plan(fake), tmp_path)
    assert report["resumed"] == len(written) and report["overall"]["attempts"] == 16


def test_cli_eval_writes_the_html_report_of_its_attempts(fake, tmp_path, capsys):
    pytest.importorskip("matplotlib", reason="the report extra is not installed")
    page = tmp_path / "site" / "eval.html"
    code = main(["eval", ENV, "--model", "fake", "--base-url", fake.url, "-n", "4", "-k", "4",
                 "--out", str(tmp_path / "run"), "--retries", "2", "--backoff", "0.01",
                 "--timeout", "0.3", "--report", str(page), "-q"])
    assert code == 0 and f"report written to {page}" in capsys.readouterr().err
    html = page.read_text()
    assert "<script" not in html and ENV in html and "verticals eval: fake" in html
    assert html.count('<figure class="plot"') >= 5
    assert "failed after 3 tries" in html  # the two unscored attempts are among the worst
