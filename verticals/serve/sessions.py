"""Sessions: one env per client session, each stepped on its own thread, within limits.

An env is synchronous and may hold thread-bound things (a SQLite connection, a sandbox
session), so each session owns a one-thread executor: every reset, step and close of its
env runs there, in order, while the event loop serves other sessions. A step that
outruns the per-request time limit cannot be interrupted (Python threads cannot be
killed), so the session is closed: the client is told, and the env is closed on its
thread as soon as the step returns.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from verticals import registry
from verticals.errors import VerticalsError
from verticals.serve.protocol import (
    CAPACITY_REACHED,
    FACTORY_ERROR,
    NOT_RESET,
    TIMEOUT,
    UNKNOWN_ENV,
    UNKNOWN_SESSION,
    ResetData,
    ServeError,
    observation_payload,
)

log = logging.getLogger("verticals.serve")
T = TypeVar("T")


@dataclass(frozen=True)
class Limits:
    """What one server admits. Every number bounds memory, threads or time."""

    max_sessions: int = 64
    idle_timeout_s: float = 300.0
    max_payload_bytes: int = 1 << 20
    request_timeout_s: float = 60.0


class Session:
    """One client's env and episode. Not shared between clients."""

    def __init__(self, session_id: str, kind: str) -> None:
        self.id = session_id
        self.kind = kind  # "ws" or "http"
        self.created = time.monotonic()
        self.last_active = self.created
        self.env: Any = None
        self.env_key: tuple[str, str] | None = None
        self.seed: int | None = None
        self.episode_id: str | None = None
        self.step_count = 0
        self.done = True
        self.score: dict[str, Any] | None = None
        self.closed = False
        self.lock = asyncio.Lock()  # one request at a time per session
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"session-{kind}")

    def touch(self) -> None:
        self.last_active = time.monotonic()

    async def call(self, fn: Callable[..., T], *args: Any, timeout: float) -> T:
        """Run `fn` on this session's thread; past `timeout`, close the session and say so."""
        if self.closed:
            raise ServeError(UNKNOWN_SESSION, "this session is closed", 404)
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self._executor, fn, *args)
        try:
            return await asyncio.wait_for(asyncio.shield(future), timeout)
        except TimeoutError:
            self.close()
            raise ServeError(
                TIMEOUT,
                f"the request took longer than the server's limit of {timeout:g}s; "
                "the session is closed (open a new one)",
                504,
            ) from None

    def state(self) -> dict[str, Any]:
        env_id = self.env_key[0] if self.env_key else None
        task = self.env.task if self.env is not None else None
        return {
            "episode_id": self.episode_id,
            "step_count": self.step_count,
            "session_id": self.id,
            "env_id": env_id,
            "task_id": task.id if task is not None else None,
            "seed": self.seed,
            "done": self.done,
            "score": self.score,
        }

    # --- env work, run on the session's thread ------------------------------------

    def _make_env(self, env_id: str, config: dict[str, Any]) -> None:
        if self.env is not None:
            self._close_env()
        try:
            self.env = registry.make(env_id, **config)
        except VerticalsError as exc:
            raise ServeError(FACTORY_ERROR, str(exc), 400) from None
        self.env_key = (env_id, repr(sorted(config.items())))

    def _close_env(self) -> None:
        env, self.env = self.env, None
        self.env_key = None
        if env is not None:
            try:
                env.close()
            except Exception:
                log.exception("closing an env failed")

    def _reset(self, env_id: str, data: ResetData) -> dict[str, Any]:
        key = (env_id, repr(sorted(data.config.items())))
        if self.env is None or self.env_key != key:
            self._make_env(env_id, data.config)
        text, info = self.env.reset(seed=data.seed)
        self.seed = data.seed
        self.episode_id = data.episode_id or info.get("task_id")
        self.step_count = 0
        self.done = False
        self.score = None
        return observation_payload(text, info, meta=self._meta())

    def _step(self, action: Any) -> dict[str, Any]:
        if self.env is None or self.env.task is None:
            raise ServeError(NOT_RESET, "step before reset: send a reset first", 409)
        if self.done:
            raise ServeError(NOT_RESET, "the episode is over: send a reset to start another", 409)
        text, _reward, terminated, truncated, info = self.env.step(action)
        self.step_count += 1
        done = terminated or truncated
        if done:
            self.done = True
            self.score = info.get("score")
        return observation_payload(
            text, info, reward=0.0, done=done, terminated=terminated, truncated=truncated,
            meta=self._meta(),
        )

    def _meta(self) -> dict[str, Any]:
        return {"session_id": self.id, "episode_id": self.episode_id}

    # --- the async face ------------------------------------------------------------

    async def reset(self, env_id: str, data: ResetData, timeout: float) -> dict[str, Any]:
        return await self.call(self._reset, env_id, data, timeout=timeout)

    async def step(self, action: Any, timeout: float) -> dict[str, Any]:
        if self.env is None:
            raise ServeError(NOT_RESET, "step before reset: send a reset first", 409)
        return await self.call(self._step, action, timeout=timeout)

    def close(self) -> None:
        """Close the env on its own thread (after any step still running), then the thread."""
        if self.closed:
            return
        self.closed = True
        self._executor.submit(self._close_env)
        self._executor.shutdown(wait=False)


class SessionManager:
    """Opens sessions within `max_sessions`, finds HTTP ones by id, reaps idle ones."""

    def __init__(self, env_ids: list[str], limits: Limits) -> None:
        self.env_ids = env_ids
        self.limits = limits
        self.sessions: dict[str, Session] = {}

    def open(self, kind: str) -> Session:
        if len(self.sessions) >= self.limits.max_sessions:
            raise ServeError(
                CAPACITY_REACHED,
                f"the server is at its limit of {self.limits.max_sessions} sessions; "
                "retry later or close a session",
                503,
            )
        session = Session(secrets.token_hex(16), kind)
        self.sessions[session.id] = session
        return session

    def get(self, session_id: str | None) -> Session:
        """The HTTP session `session_id` (WebSocket sessions are reached only by their socket)."""
        if not session_id:
            raise ServeError(
                NOT_RESET,
                "step before reset: POST /reset first and pass its metadata.session_id "
                "(or use the WebSocket /ws, which keeps the session for you)",
                409,
            )
        session = self.sessions.get(session_id)
        if session is None or session.closed or session.kind != "http":  # a socket's is its own
            raise ServeError(
                UNKNOWN_SESSION,
                "unknown or expired session_id (sessions close after "
                f"{self.limits.idle_timeout_s:g}s idle and at a server restart); reset again",
                404,
            )
        return session

    def close(self, session: Session) -> None:
        self.sessions.pop(session.id, None)
        session.close()

    def close_all(self) -> None:
        for session in list(self.sessions.values()):
            self.close(session)

    def choose_env(self, env_id: str | None) -> str:
        if env_id is None:
            if len(self.env_ids) == 1:
                return self.env_ids[0]
            raise ServeError(
                UNKNOWN_ENV,
                f"this server serves {len(self.env_ids)} envs: pass env_id in the reset "
                "(GET /envs lists them)",
                400,
            )
        if env_id not in self.env_ids:
            raise ServeError(
                UNKNOWN_ENV, f"env '{env_id}' is not served here (GET /envs lists them)", 404
            )
        return env_id

    def reap_idle(self, kind: str | None = None) -> list[Session]:
        """Close sessions idle past the limit (optionally one kind); return them."""
        deadline = time.monotonic() - self.limits.idle_timeout_s
        idle = [
            s for s in self.sessions.values()
            if (kind is None or s.kind == kind) and s.last_active < deadline and not s.lock.locked()
        ]
        for session in idle:
            self.close(session)
        return idle
