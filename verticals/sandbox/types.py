"""The sandbox's vocabulary: what to run (Program), under which bounds (Limits), what came back
(Result).

Plain frozen dataclasses rather than pydantic models: a training step builds and reads
thousands of these, and they cross process boundaries as JSON, which `to_json` handles.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

#: Names of the limits a run can hit, as reported in `Result.limit_hit`.
LimitName = Literal["wall", "cpu", "memory", "processes", "file_size", "output", "open_files"]


@dataclass(frozen=True)
class Limits:
    """Resource bounds for one run. Every field is enforced by both backends."""

    wall_s: float = 10.0  #: wall-clock seconds, then the whole process tree is SIGKILLed
    cpu_s: float = 10.0  #: CPU seconds per process (RLIMIT_CPU), SIGXCPU then SIGKILL
    memory_mb: int = 512  #: address space per process (RLIMIT_AS; docker: container memory)
    processes: int = 64  #: processes/threads the run may hold at once (RLIMIT_NPROC / pids)
    file_size_mb: int = 16  #: largest file the run may write (RLIMIT_FSIZE)
    disk_mb: int = 64  #: size of the private work dir and /tmp (tmpfs)
    output_bytes: int = 1 << 20  #: stdout and stderr are each truncated past this
    open_files: int = 256  #: RLIMIT_NOFILE

    def __post_init__(self) -> None:
        for name in (
            "wall_s", "cpu_s", "memory_mb", "processes", "file_size_mb", "disk_mb",
            "output_bytes", "open_files",
        ):
            value = getattr(self, name)
            if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"Limits.{name} must be a positive number, got {value!r}")


@dataclass(frozen=True)
class Program:
    """What to run: files for the work dir plus either a command (argv) or Python source.

    Exactly one of `argv` and `python` is set. `python` runs as `__main__` in the sandbox's
    warm interpreter (the fast path); `argv` is exec'd with PATH lookup.
    """

    argv: tuple[str, ...] | None = None
    python: str | None = None
    files: dict[str, str | bytes] = field(default_factory=dict)
    stdin: str | bytes = b""
    env: dict[str, str] = field(default_factory=dict)
    script_args: tuple[str, ...] = ()  #: sys.argv[1:] for a `python` program

    def __post_init__(self) -> None:
        if (self.argv is None) == (self.python is None):
            raise ValueError("Program needs exactly one of argv= and python=")
        if self.argv is not None and (
            not self.argv or not all(isinstance(a, str) for a in self.argv)
        ):
            raise ValueError("Program.argv must be a non-empty sequence of str")
        for name in self.files:
            check_relative_path(name)

    def stdin_bytes(self) -> bytes:
        return self.stdin.encode() if isinstance(self.stdin, str) else bytes(self.stdin)


def check_relative_path(name: str) -> None:
    """Reject file names that would land outside the work dir."""
    parts = name.split("/")
    if not name or name.startswith("/") or any(p in ("", ".", "..") for p in parts) or (
        "\0" in name
    ):
        raise ValueError(f"file name {name!r} must be a plain relative path inside the work dir")


@dataclass(frozen=True)
class Result:
    """What one run did. Bytes are decoded as UTF-8 with replacement in `stdout`/`stderr`."""

    exit_code: int | None  #: exit status, or None when killed by a signal
    signal: int | None  #: the signal that ended the program, if any
    stdout_bytes: bytes
    stderr_bytes: bytes
    stdout_truncated: bool
    stderr_truncated: bool
    wall_s: float
    cpu_s: float
    limit_hit: LimitName | None  #: the limit that ended (or truncated) the run, if any
    layers: dict[str, bool]  #: isolation layers and whether each was active for this run
    backend: str
    error: str | None = None  #: the sandbox itself failed (not the program)

    @property
    def stdout(self) -> str:
        return self.stdout_bytes.decode("utf-8", "replace")

    @property
    def stderr(self) -> str:
        return self.stderr_bytes.decode("utf-8", "replace")

    @property
    def timed_out(self) -> bool:
        return self.limit_hit == "wall" or self.limit_hit == "cpu"

    @property
    def ok(self) -> bool:
        """Exited 0 by itself, with no limit hit and no sandbox error."""
        return self.exit_code == 0 and self.limit_hit is None and self.error is None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["stdout"] = self.stdout
        data["stderr"] = self.stderr
        del data["stdout_bytes"], data["stderr_bytes"]
        data["timed_out"] = self.timed_out
        return data
