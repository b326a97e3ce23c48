"""The model under evaluation: an OpenAI-compatible chat endpoint, retried when it falters.

Rate limits (429), server errors (5xx), timeouts, dropped connections and replies that
are not a chat completion are retried with exponential backoff (honouring Retry-After);
other client errors (400, 401, 404) are the caller's mistake and are not. When the
retries run out the policy raises `VerticalsError`, which the runner records as an
unscored episode (no verdict), never as the model's failure.
"""

from __future__ import annotations

import http.client
import json
import time
import urllib.error
import urllib.request
from typing import Any

from verticals.errors import VerticalsError
from verticals.policies import OpenAIPolicy
from verticals.types import Action

RETRIED_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504})


class EndpointError(VerticalsError):
    """The endpoint failed in a way a retry may cure; `retry_after` is its own hint."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class RetryingChatPolicy(OpenAIPolicy):
    """`OpenAIPolicy` with retries, backoff and a sampling seed per attempt."""

    name = "openai"

    def __init__(self, *, retries: int = 4, backoff_s: float = 1.0, max_backoff_s: float = 30.0,
                 sampling_seed: int | None = None, **options: Any) -> None:
        super().__init__(**options)
        self.retries = retries
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s
        self.sampling_seed = sampling_seed
        self.retried = 0  # retries made, for the report

    def request_body(self, info: dict[str, Any]) -> dict[str, Any]:
        body = super().request_body(info)
        if self.sampling_seed is not None:
            body["seed"] = self.sampling_seed
        return body

    def act(self, observation: str, info: dict[str, Any]) -> Action:
        body = json.dumps(self.request_body(info)).encode()
        for attempt in range(self.retries + 1):
            try:
                return self._once(body)
            except EndpointError as exc:
                if attempt == self.retries:
                    raise VerticalsError(
                        f"chat endpoint {self.base_url} failed after {attempt + 1} tries: {exc}"
                    ) from None
                self.retried += 1
                time.sleep(self._delay(attempt, exc))
        raise AssertionError("unreachable")

    def _delay(self, attempt: int, exc: EndpointError) -> float:
        if exc.retry_after is not None:
            return min(self.max_backoff_s, exc.retry_after)
        return min(self.max_backoff_s, self.backoff_s * 2**attempt)

    def _once(self, body: bytes) -> Action:
        request = urllib.request.Request(
            f"{self.base_url}/chat/completions", data=body,
            headers={"Content-Type": "application/json",
                     "Authorization": f"Bearer {self.api_key}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            if exc.code in RETRIED_STATUS:
                retry_after = _retry_after(exc.headers.get("Retry-After"))
                raise EndpointError(f"HTTP {exc.code}", retry_after) from None
            raise VerticalsError(
                f"chat endpoint {self.base_url} refused the request: HTTP {exc.code} "
                f"{_excerpt(exc)}"
            ) from None
        except (urllib.error.URLError, TimeoutError, ConnectionError,
                http.client.HTTPException) as exc:
            raise EndpointError(f"{type(exc).__name__}: {exc}") from None
        try:
            message = json.loads(raw)["choices"][0]["message"]
            if not isinstance(message, dict):
                raise TypeError("message is not an object")
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise EndpointError(f"reply is not a chat completion ({exc})") from None
        return {k: v for k, v in message.items() if k in ("role", "content", "tool_calls")}


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def _excerpt(exc: urllib.error.HTTPError) -> str:
    try:
        return exc.read(300).decode("utf-8", errors="replace")
    except Exception:
        return ""
