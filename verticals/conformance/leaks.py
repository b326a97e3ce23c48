"""What an env leaves behind: child processes, open file descriptors, temporary files.

Linux's /proc is read directly; elsewhere the process and descriptor counts are skipped
(the temporary-file count still works).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

_PROC = Path("/proc")

#: Processes the kit itself runs beside the env being checked (the fresh-process workers,
#: which make every env in turn, sandboxes included): they and their descendants are
#: never the checked env's leaks.
KIT_PROCESSES: set[int] = set()


def child_processes(pid: int | None = None,
                    skip: frozenset[int] = frozenset()) -> dict[int, str]:
    """Every descendant of `pid` (default: this process): pid -> command line.

    Processes in `skip` are left out, and so is everything under them.
    """
    if not _PROC.is_dir():
        return {}
    parents: dict[int, int] = {}
    for entry in _PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may hold spaces and parentheses.
        fields = stat[stat.rfind(")") + 2:].split()
        if len(fields) > 1:
            parents[int(entry.name)] = int(fields[1])
    root = os.getpid() if pid is None else pid
    found: dict[int, str] = {}
    frontier = [root]
    while frontier:
        parent = frontier.pop()
        for child, ppid in parents.items():
            if ppid == parent and child not in found and child not in skip:
                found[child] = _command(child)
                frontier.append(child)
    return found


def _command(pid: int) -> str:
    try:
        raw = (_PROC / str(pid) / "cmdline").read_bytes()
    except OSError:
        return "?"
    return raw.replace(b"\0", b" ").decode(errors="replace").strip()[:120] or "(exited)"


def open_descriptors() -> dict[int, str]:
    """This process's open file descriptors: fd -> what it points at."""
    folder = _PROC / "self" / "fd"
    if not folder.is_dir():
        return {}
    found = {}
    for entry in folder.iterdir():
        try:
            found[int(entry.name)] = os.readlink(entry)
        except OSError:
            continue
    return found


@dataclass
class Leaks:
    processes: list[str] = field(default_factory=list)
    descriptors: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        """One line per kind of leak: how many, and the first few by name."""
        out = []
        for what, items in (("processes", self.processes),
                            ("file descriptors", self.descriptors),
                            ("files", self.files)):
            if items:
                shown = "; ".join(items[:3]) + ("; …" if len(items) > 3 else "")
                out.append(f"{len(items)} leaked {what} after close(): {shown}")
        return out


class LeakWatch:
    """Snapshot before; after the env and its pool are closed, compare (with a grace
    period for processes that are on their way out)."""

    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch
        self.processes = self._children()
        self.descriptors = open_descriptors()

    @staticmethod
    def _children() -> dict[int, str]:
        return child_processes(skip=frozenset(KIT_PROCESSES))

    def compare(self, grace_s: float = 5.0) -> Leaks:
        leaks = Leaks()
        deadline = time.monotonic() + grace_s
        while True:
            extra = {p: c for p, c in self._children().items() if p not in self.processes}
            if not extra or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        leaks.processes = [f"pid {p}: {c}" for p, c in sorted(extra.items())]
        now = open_descriptors()
        leaks.descriptors = [f"fd {fd} -> {target}" for fd, target in sorted(now.items())
                             if self.descriptors.get(fd) != target
                             and not target.startswith(str(_PROC))]
        leaks.files = sorted(str(p.relative_to(self.scratch)) for p in self.scratch.rglob("*"))
        return leaks


@contextmanager
def scratch_space() -> Iterator[Path]:
    """A private temporary folder, made the process's TMPDIR and working directory for
    the duration, so that every file an env leaves behind can be found and named."""
    root = Path(tempfile.mkdtemp(prefix="verticals-check-"))
    scratch = root / "tmp"
    scratch.mkdir()
    saved_env, saved_tempdir, saved_cwd = os.environ.get("TMPDIR"), tempfile.tempdir, os.getcwd()
    os.environ["TMPDIR"] = str(scratch)
    tempfile.tempdir = str(scratch)
    os.chdir(scratch)
    try:
        yield scratch
    finally:
        os.chdir(saved_cwd)
        tempfile.tempdir = saved_tempdir
        if saved_env is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = saved_env
        shutil.rmtree(root, ignore_errors=True)
