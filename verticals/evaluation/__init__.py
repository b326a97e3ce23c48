"""`verticals eval`: an OpenAI-compatible model on every matching env, K attempts per task.

- `metrics`: mean reward, the unbiased pass@k and tau-bench's pass^k, per env and difficulty.
- `chat`: the model's endpoint, with retries and backoff on 429, 5xx and timeouts.
- `run`: attempts played with bounded concurrency into a resumable `attempts.jsonl`.
"""

from verticals.evaluation.metrics import pass_at_k, pass_hat_k, summarise
from verticals.evaluation.run import EvalPlan, run_eval

__all__ = ["EvalPlan", "pass_at_k", "pass_hat_k", "run_eval", "summarise"]
