"""The `docker` backend: runs through the Docker Engine API (`docker` package), warm containers.

Containers are created with the run's limits mapped to container options (memory, pids,
cpu, network none, read-only root, all capabilities dropped, no-new-privileges, uid 65534)
and then kept idle (a non-dumpable `signal.pause()`) and reused: each run is one
`docker exec` of the in-container launcher (launcher.py), which makes a fresh work dir,
applies per-run rlimits, enforces the wall limit, kills whatever the run left and wipes
its files. A container whose
launcher did not report cleanly is removed, never reused. `close()` removes them all.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import secrets
import socket
import threading
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
#: pid 1 of a warm container: idles, non-dumpable so that same-uid runs cannot ptrace it.
IDLE_CMD = ["python3", "-I", "-S", "-c",
            "import ctypes, signal; ctypes.CDLL(None).prctl(4, 0, 0, 0, 0); signal.pause()"]
LAYERS = {
    "container": True, "netns": True, "pidns": True, "mountns": True, "ipcns": True,
    "readonly_root": True, "private_workdir": True, "rlimits": True, "uid": True,
    "cap_drop": True, "no_new_privileges": True, "memory_cgroup": True, "pids_cgroup": True,
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
        self._idle: dict[tuple, list[Any]] = defaultdict(list)
        self._live: dict[str, Any] = {}
        self._lock = threading.Lock()
        self._owner = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"

    # --- containers -------------------------------------------------------------------------

    def _create(self, limits: Limits) -> Any:
        container = self.client.containers.run(
            self.image, IDLE_CMD, detach=True,
            labels={LABEL: "1", f"{LABEL}.owner": self._owner},
            **container_options(limits, self.cpus),
        )
        with self._lock:
            self._live[container.id] = container
        return container

    def _take(self, key: tuple) -> Any | None:
        with self._lock:
            idle = self._idle[key]
            return idle.pop() if idle else None

    def _discard(self, container: Any) -> None:
        with self._lock:
            self._live.pop(container.id, None)
        with contextlib.suppress(Exception):
            container.remove(force=True)

    def close(self) -> None:
        """Remove every container this backend made."""
        with self._lock:
            live = list(self._live.values())
            self._live.clear()
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
        container = (self._take(key) if self.warm else None) or self._create(limits)
        report: dict[str, Any] | None = None
        why = "launcher died before reporting (the program may have killed it)"
        try:
            raw = self._exec(container, json.dumps(request).encode(), limits.wall_s + 30.0)
            report = json.loads(raw) if raw.strip() else None
            if not isinstance(report, dict) or report.get("nonce") != run_id:
                report = None
        except Exception as exc:
            report = None
            why = f"launcher failed: {type(exc).__name__}: {exc}"
        if report is None or not report.get("clean") or not self.warm:
            self._discard(container)
        else:
            with self._lock:
                self._idle[key].append(container)
        if report is None:
            return build_result({"error": why}, (b"", False), (b"", False), limits,
                                self.layers, self.name)
        if report.get("signal") == 9 and not report.get("timed_out"):
            report["oom_killed"] = True  # only the kernel's OOM killer sends it uninvited
        out = (base64.b64decode(report["stdout"]), bool(report["stdout_truncated"]))
        err = (base64.b64decode(report["stderr"]), bool(report["stderr_truncated"]))
        return build_result(report, out, err, limits, self.layers, self.name)

    def _exec(self, container: Any, request: bytes, timeout: float) -> bytes:
        """Run the launcher with `request` on its stdin; return its stdout."""
        from docker.utils.socket import frames_iter

        api = self.client.api
        exec_id = api.exec_create(
            container.id, ["python3", "-I", "-S", "-c", LAUNCHER], stdin=True, stdout=True,
            stderr=True, user=USER, workdir="/work",
        )["Id"]
        sock = api.exec_start(exec_id, socket=True)
        raw = getattr(sock, "_sock", sock)
        raw.settimeout(timeout)
        try:
            raw.sendall(request)
            raw.shutdown(socket.SHUT_WR)
            out = bytearray()
            for stream, data in frames_iter(sock, tty=False):
                if stream == 1:
                    out += data
            return bytes(out)
        finally:
            sock.close()


def remove_stale_containers(client: Any) -> int:
    """Remove sandbox containers left by dead processes on this host; returns how many."""
    host = socket.gethostname()
    removed = 0
    for container in client.containers.list(all=True, filters={"label": LABEL}):
        owner = container.labels.get(f"{LABEL}.owner", "")
        name, pid = (owner.split(":") + ["", ""])[:2]
        if name == host and pid.isdigit() and not Path(f"/proc/{pid}").exists():
            container.remove(force=True)
            removed += 1
    return removed
