"""`verticals serve`: every registered env over OpenEnv's protocol (HTTP and WebSocket).

Needs the `serve` extra (`pip install 'verticals[serve]'`: FastAPI and uvicorn).
"""

from __future__ import annotations

from typing import Any

from verticals.serve.sessions import Limits

__all__ = ["Limits", "create_app", "serve"]


def create_app(*args: Any, **kwargs: Any) -> Any:
    """The FastAPI app; see `verticals.serve.app.create_app`."""
    from verticals.serve.app import create_app as _create_app

    return _create_app(*args, **kwargs)


def serve(pattern: str | None = None, *, host: str = "127.0.0.1", port: int = 8000,
          limits: Limits | None = None, token: str | None = None,
          log_level: str = "warning") -> None:
    """Run the server until interrupted."""
    import uvicorn

    limits = limits or Limits()
    app = create_app(pattern, limits=limits, token=token)
    uvicorn.run(app, host=host, port=port, log_level=log_level,
                ws_max_size=ws_frame_limit(limits), timeout_graceful_shutdown=5)


def ws_frame_limit(limits: Limits) -> int:
    """uvicorn's WebSocket frame cap: past our payload limit, so that the app (not the
    protocol layer) refuses moderately oversized messages with a JSON error."""
    return max(4 * limits.max_payload_bytes, limits.max_payload_bytes + 65_536)
