"""A `verticals serve` app on a loopback port, run by uvicorn in a thread of the test.

Imported by name (`from serve_helpers import running`), never as `conftest`: another
folder's `from conftest import` must not find this one's helpers, nor these theirs.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from verticals.serve import Limits, create_app, ws_frame_limit


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Served:
    def __init__(self, app: Any, port: int) -> None:
        self.app = app
        self.port = port
        self.http = f"http://127.0.0.1:{port}"
        self.ws = f"ws://127.0.0.1:{port}/ws"

    @property
    def manager(self) -> Any:
        return self.app.state.manager


@contextmanager
def running(pattern: str | None = None, limits: Limits | None = None,
            token: str | None = None) -> Iterator[Served]:
    import uvicorn

    limits = limits or Limits()
    app = create_app(pattern, limits=limits, token=token)
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error",
                            ws_max_size=ws_frame_limit(limits), lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.01)
    try:
        yield Served(app, port)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
