"""Turn a backend's raw report into a `Result`, deciding which limit (if any) was hit.

Shared by both backends so that the same program gets the same verdict wherever it ran.
"""

from __future__ import annotations

import signal
from typing import Any

from verticals.sandbox.types import LimitName, Limits, Result

# Python's and libc's words for a refused allocation, fork or open, as they reach stderr.
_MEMORY_MARKS = (b"MemoryError", b"Cannot allocate memory", b"std::bad_alloc", b"out of memory")
_PROC_MARKS = (b"Resource temporarily unavailable", b"fork: retry", b"can't start new thread")
_NOFILE_MARKS = (b"Too many open files",)
_FSIZE_MARKS = (b"File too large",)  # Python ignores SIGXFSZ, so it sees EFBIG instead


def classify(
    report: dict[str, Any], stderr: bytes, out_truncated: bool, err_truncated: bool,
    limits: Limits,
) -> LimitName | None:
    """Which limit ended the run. Signals are certain; stderr marks are a best guess."""
    sig = report.get("signal")
    if report.get("timed_out"):
        return "wall"
    if sig == signal.SIGXCPU or (
        sig == signal.SIGKILL and float(report.get("cpu_s", 0.0)) >= limits.cpu_s
    ):
        return "cpu"
    if sig == signal.SIGXFSZ:
        return "file_size"
    if report.get("oom_killed"):
        return "memory"
    if out_truncated or err_truncated:
        return "output"
    if report.get("exit_code") not in (0, None) or sig is not None:
        tail = stderr[-4096:]
        if any(m in tail for m in _MEMORY_MARKS):
            return "memory"
        if any(m in tail for m in _PROC_MARKS):
            return "processes"
        if any(m in tail for m in _NOFILE_MARKS):
            return "open_files"
        if any(m in tail for m in _FSIZE_MARKS):
            return "file_size"
    return None


def build_result(
    report: dict[str, Any], out: tuple[bytes, bool], err: tuple[bytes, bool], limits: Limits,
    layers: dict[str, bool], backend: str,
) -> Result:
    error = report.get("error")
    return Result(
        exit_code=None if error else report.get("exit_code"),
        signal=report.get("signal"),
        stdout_bytes=out[0],
        stderr_bytes=err[0],
        stdout_truncated=out[1],
        stderr_truncated=err[1],
        wall_s=float(report.get("wall_s", 0.0)),
        cpu_s=float(report.get("cpu_s", 0.0)),
        limit_hit=None if error else classify(report, err[0], out[1], err[1], limits),
        layers=dict(layers),
        backend=backend,
        error=error,
    )
