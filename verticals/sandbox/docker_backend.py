"""The `docker` backend: runs through the Docker Engine API (`docker` package), warm containers.

Containers are created with the run's limits mapped to container options (memory, pids,
cpu, network none, read-only root, all capabilities dropped, no-new-privileges, uid 65534).
Their pid 1 is a small run server (launcher.py) that the host talks to over the container's
attached stdin/stdout, one JSON line each way per run, so a warm run costs no API call and no
`docker exec`: the server makes a fresh work dir, applies per-run rlimits, enforces the wall
limit, kills whatever the run left and wipes its files. A container whose server did not
report cleanly is removed, never reused. `close()` removes them all.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import secrets
import socket
import struct
import threading
import weakref
from collections import defaultdict
from dataclasses import asdict
from pathlib import Path
from typing import Any

from verticals.sandbox.local import DEFAULT_ENV, SandboxError
from verticals.sandbox.outcome import build_result
from verticals.sandbox.types import Limits, Program, Result

DEFAULT_IMAGE = "verticals-sandbox:bookworm"
LABEL = "verticals.sandbox"
LAUNCHER = Path(__file__).with_name("launcher.py").read_text()
USER = "65534:65534"
#: pid 1 of every sandbox container: the run server.
SERVER_CMD = ["python3", "-I", "-S", "-c", LAUNCHER]
LAYERS = {
    "container": True, "netns": True, "pidns": True, "mountns": True, "ipcns": True,
    "readonly_root": True, "private_workdir": True, "rlimits": True, "uid": True,
    "no_capabilities": True, "no_new_privileges": True, "memory_cgroup": True, "pids_cgroup": True,
    "seccomp": True,  # the engine's default seccomp profile
}


def container_options(limits: Limits, cpus: float) -> dict[str, Any]:
    """Map `Limits` to `containers.run` keyword arguments (the container-wide bounds)."""
    memory = f"{int(limits.memory_mb) + 64}m"  # headroom for the launcher itself
    return {
        "user": USER,
        "network_mode": "none",
        "read_only": True,
        "cap_drop": ["ALL"],
        "security_opt": ["no-new-privileges"],
        "mem_limit": memory,
        "memswap_limit": memory,
        "pids_limit": int(limits.processes) + 4,
        "nano_cpus": int(cpus * 1e9),
        "ipc_mode": "private",
        "tmpfs": {
            "/work": f"size={int(limits.disk_mb)}m,mode=1777",
            "/tmp": f"size={int(limits.disk_mb)}m,mode=1777",
        },
        "working_dir": "/work",
        "environment": {"LANG": "C.UTF-8"},
        "stop_signal": "SIGKILL",
    }


class DockerBackend:
    """Run programs in warm containers of `image` through the Docker Engine API."""

    name = "docker"

    def __init__(
        self, image: str | None = None, *, warm: bool = True, cpus: float = 1.0,
        client: Any = None, timeout: float = 120.0,
    ) -> None:
        try:
            import docker
        except ImportError as exc:  # pragma: no cover - it is a package dependency
            raise SandboxError("the docker backend needs the 'docker' package") from exc
        try:
            self.client = client or docker.from_env(timeout=int(timeout))
            self.client.ping()
        except Exception as exc:
            raise SandboxError(
                f"no Docker engine reachable (DOCKER_HOST={os.environ.get('DOCKER_HOST')!r}): "
                f"{exc}"
            ) from exc
        self.image = image or os.environ.get("VERTICALS_SANDBOX_IMAGE") or DEFAULT_IMAGE
        try:
            self.client.images.get(self.image)
        except Exception as exc:
            raise SandboxError(
                f"sandbox image {self.image!r} not found: build it with docker/build-image.sh "
                "(no registry needed) or `docker build -t <tag> docker/`, and set "
                "VERTICALS_SANDBOX_IMAGE"
            ) from exc
        self.warm = warm
        self.cpus = cpus
        self.layers = dict(LAYERS, warm=warm)
        self._idle: dict[tuple, list[_Server]] = defaultdict(list)
        self._live: dict[str, Any] = {}
        self._lock = threading.Lock()
        self._owner = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
        # Containers of a backend dropped (or left open at exit) without close() still go.
        weakref.finalize(self, _remove_all, self._live)

    # --- containers -------------------------------------------------------------------------

    def _create(self, limits: Limits) -> _Server:
        container = self.client.containers.create(
            self.image, SERVER_CMD, stdin_open=True,
            labels={LABEL: "1", f"{LABEL}.owner": self._owner},
            **container_options(limits, self.cpus),
        )
        with self._lock:
            self._live[container.id] = container
        try:
            sock = self.client.api.attach_socket(
                container.id, params={"stdin": 1, "stdout": 1, "stderr": 1, "stream": 1})
            container.start()
        except Exception:
            self._discard(container)
            raise
        return _Server(container, sock)

    def _take(self, key: tuple) -> _Server | None:
        with self._lock:
            idle = self._idle[key]
            return idle.pop() if idle else None

    def _discard(self, server: _Server | Any) -> None:
        container = server.container if isinstance(server, _Server) else server
        if isinstance(server, _Server):
            server.close()
        with self._lock:
            self._live.pop(container.id, None)
        with contextlib.suppress(Exception):
            container.remove(force=True)

    def close(self) -> None:
        """Remove every container this backend made."""
        with self._lock:
            live = list(self._live.values())
            self._live.clear()
            for idle in self._idle.values():
                for server in idle:
                    server.close()
            self._idle.clear()
        for container in live:
            with contextlib.suppress(Exception):
                container.remove(force=True)

    def __enter__(self) -> DockerBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- running ----------------------------------------------------------------------------

    def run(self, program: Program, limits: Limits | None = None) -> Result:
        limits = limits or Limits()
        files = dict(program.files)
        if program.python is not None:
            if "main.py" in files:
                raise ValueError("files must not contain 'main.py' when python= is given")
            files["main.py"] = program.python
            argv = ["python3", "main.py", *program.script_args]
        else:
            argv = list(program.argv or ())
        run_id = secrets.token_hex(8)
        request = {
            "id": run_id,
            "argv": argv,
            "env": {**DEFAULT_ENV, "HOME": "/tmp", **program.env},
            "files": {k: base64.b64encode(v.encode() if isinstance(v, str) else v).decode()
                      for k, v in files.items()},
            "stdin": base64.b64encode(program.stdin_bytes()).decode(),
            "limits": asdict(limits),
        }
        key = (limits.memory_mb, limits.processes, limits.disk_mb)
        try:
            server = (self._take(key) if self.warm else None) or self._create(limits)
        except Exception as exc:  # the engine refused: a sandbox error, not the program's
            return build_result({"error": f"cannot start a container: {exc}"}, (b"", False),
                                (b"", False), limits, self.layers, self.name)
        report: dict[str, Any] | None = None
        why = "run server died before reporting"
        try:
            report = server.request(json.dumps(request).encode() + b"\n", limits.wall_s + 30.0)
            if report.get("nonce") != run_id:
                report = None
            elif report.get("error"):
                why, report = str(report["error"]), None
        except Exception as exc:
            report = None
            why = f"run server failed: {type(exc).__name__}: {exc} {server.diagnostics()}"
        if report is None or not report.get("clean") or not self.warm:
            self._discard(server)
        else:
            with self._lock:
                self._idle[key].append(server)
        if report is None:
            return build_result({"error": why}, (b"", False), (b"", False), limits,
                                self.layers, self.name)
        if report.get("signal") == 9 and not report.get("timed_out"):
            report["oom_killed"] = True  # only the kernel's OOM killer sends it uninvited
        out = (base64.b64decode(report["stdout"]), bool(report["stdout_truncated"]))
        err = (base64.b64decode(report["stderr"]), bool(report["stderr_truncated"]))
        return build_result(report, out, err, limits, self.layers, self.name)


class _Server:
    """The host's end of one container's run server: its attached stdin/stdout stream."""

    def __init__(self, container: Any, sock: Any) -> None:
        self.container = container
        self.sock = sock
        self.raw = getattr(sock, "_sock", sock)
        self.pending = b""  # bytes of the multiplexed stream not yet parsed
        self.stderr = bytearray()

    def request(self, line: bytes, timeout: float) -> dict[str, Any]:
        """Send one request line; return the server's one report line, decoded."""
        self.raw.settimeout(timeout)
        self.raw.sendall(line)
        out = bytearray()
        while b"\n" not in out:
            header = self._read(8)
            stream, size = header[0], struct.unpack(">I", header[4:8])[0]
            payload = self._read(size)
            if stream == 1:
                out += payload
            elif len(self.stderr) < 65536:
                self.stderr += payload
        report = json.loads(bytes(out).split(b"\n", 1)[0])
        if not isinstance(report, dict):
            raise ValueError("report is not an object")
        return report

    def _read(self, n: int) -> bytes:
        while len(self.pending) < n:
            chunk = self.raw.recv(max(65536, n - len(self.pending)))
            if not chunk:
                raise ConnectionError("container stream closed")
            self.pending += chunk
        data, self.pending = self.pending[:n], self.pending[n:]
        return data

    def diagnostics(self) -> str:
        return self.stderr[-300:].decode(errors="replace").strip()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.sock.close()


def _remove_all(live: dict[str, Any]) -> None:
    for container in list(live.values()):
        with contextlib.suppress(Exception):
            container.remove(force=True)
    live.clear()


def remove_stale_containers(client: Any) -> int:
    """Remove sandbox containers left by dead processes on this host; returns how many."""
    host = socket.gethostname()
    removed = 0
    for container in client.containers.list(all=True, filters={"label": LABEL}):
        owner = container.labels.get(f"{LABEL}.owner", "")
        name, pid = [*owner.split(":"), "", ""][:2]
        if name == host and pid.isdigit() and not Path(f"/proc/{pid}").exists():
            container.remove(force=True)
            removed += 1
    return removed
