"""The warm zygote: a pre-started interpreter inside the isolation that forks once per run.

Started by `LocalBackend` as `python -I zygote.py CTL_FD CONFIG_JSON`, already inside the
network/ipc/uts/pid/mount namespaces made by bubblewrap or unshare(1). Standard library only.

Process tree, per run:
    zygote ── slot server (one per host worker, serves runs one at a time)
                └── supervisor (root; forked before its request comes; fresh mount, pid, ipc
                      and net namespaces; private tmpfs work dir; replies to the host itself)
                      └── init (pid 1 of that namespace; root, non-dumpable; reaps)
                            └── program (rlimits, unprivileged uid, seccomp; then exec/run)
When the program exits, init exits; when the wall limit passes, the supervisor SIGKILLs init.
Either way the kernel kills everything left in the pid namespace, and the supervisor's mount
namespace (with its tmpfs) disappears with it: forks, daemons and signal-ignoring children
cannot outlive the run.
"""

from __future__ import annotations

import base64
import contextlib
import gc
import json
import os
import resource
import select
import shutil
import signal
import socket
import sys
import time
import traceback
import types

if __package__:  # imported as part of verticals (tests, tools)
    from verticals.sandbox import _linux as lx
    from verticals.sandbox._wire import recv_msg, send_msg
else:  # run as a script by LocalBackend: import the siblings by path, stdlib only
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import _linux as lx
    from _wire import recv_msg, send_msg

    del sys.path[0]
BASE_SYS_PATH = list(sys.path)
#: The program's cwd when each run has its own mount namespace (inside a fresh /tmp).
PRIVATE_WORKDIR = "/tmp/work"


# --- zygote setup ---------------------------------------------------------------------------

def setup_zygote(cfg: dict) -> dict[str, bool]:
    """One-time setup inside the namespaces; returns which layers it achieved."""
    layers: dict[str, bool] = {}
    with contextlib.suppress(OSError):  # no ptrace or /proc/<pid>/fd access by same-uid code
        lx.prctl(lx.PR_SET_DUMPABLE, 0)
    if cfg.get("self_mounts"):  # unshare(1) mode: make the read-only view ourselves
        try:
            lx.mount(None, "/", None, lx.MS_REC | lx.MS_PRIVATE)
            for hidden, tops in cfg["hide"]:
                if hidden != "/tmp":
                    cover(hidden, tops, "size=1m,mode=0755")
            lx.make_tree_readonly("/")
            # A fresh /tmp; the work root (under the host's /tmp) is re-made inside it.
            cover("/tmp", _tmp_keep(cfg), "mode=1777")
            os.makedirs(cfg["workdir"], 0o755)
            layers["readonly_root"] = True
        except OSError as exc:
            layers["readonly_root"] = False
            layers["readonly_root_error"] = str(exc)  # type: ignore[assignment]
    return layers


def cover(path: str, keep: list[str], options: str) -> None:
    """Mount an empty tmpfs on `path`, then bind `keep` (dirs under it) back in place.

    The kept dirs are opened (O_PATH) before the tmpfs hides them and bound back from
    /proc/self/fd, so no staging directory is needed. The binds stay read-only when their
    source mount is.
    """
    fds = [os.open(k, os.O_PATH | os.O_DIRECTORY) for k in keep]
    try:
        lx.mount("tmpfs", path, "tmpfs", lx.MS_NOSUID | lx.MS_NODEV, options)
        for k, fd in zip(keep, fds, strict=True):
            os.makedirs(k, 0o755, exist_ok=True)
            lx.mount(f"/proc/self/fd/{fd}", k, None, lx.MS_BIND | lx.MS_REC)
    finally:
        for fd in fds:
            os.close(fd)


def conceal(paths: list[str]) -> None:
    """Cover each host path with something empty and read-only, in this mount namespace:
    a dir with a 4 KiB tmpfs, a file with a bind of /dev/null."""
    flags = lx.MS_NOSUID | lx.MS_NODEV
    for path in paths:
        if os.path.isdir(path):
            lx.mount("tmpfs", path, "tmpfs", flags, "size=4k,mode=0755")
            lx.mount(None, path, None, lx.MS_REMOUNT | lx.MS_RDONLY | flags, "size=4k,mode=0755")
        elif os.path.exists(path):
            lx.mount("/dev/null", path, None, lx.MS_BIND)


def conceal_once(cfg: dict) -> None:
    """Cover the concealed paths in the zygote's own mount namespace, once: every run's
    namespace is a copy of it, so every run sees them covered, without mounting anything
    per run (mounts serialise concurrent runs in the kernel). Made private first, so that
    nothing mounted here can reach the host. A failure is remembered and fails every run
    (closed), as a failed per-run mount would."""
    try:
        lx.mount(None, "/", None, lx.MS_REC | lx.MS_PRIVATE)
        conceal(cfg.get("conceal", []))
    except OSError as exc:
        cfg["conceal_error"] = f"could not conceal host paths: {exc}"


def _tmp_keep(cfg: dict) -> list[str]:
    return next((tops for hidden, tops in cfg["hide"] if hidden == "/tmp"), [])


def probe_layers(cfg: dict) -> dict[str, object]:
    """Try each per-run layer once in a throwaway child, so results can report the truth."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        out: dict[str, object] = {}
        try:
            lx.unshare(lx.CLONE_NEWNS | lx.CLONE_NEWPID | lx.CLONE_NEWIPC | lx.CLONE_NEWNET)
            lx.loopback_up()
            lx.mount(None, "/", None, lx.MS_REC | lx.MS_PRIVATE)
            lx.mount("tmpfs", "/tmp", "tmpfs", lx.MS_NOSUID | lx.MS_NODEV, "size=1m")
            out["per_run_namespaces"] = True
        except OSError as exc:
            out["per_run_namespaces"] = False
            out["per_run_namespaces_error"] = str(exc)
        try:
            pid2 = os.fork()
            if pid2 == 0:
                code = 0
                try:
                    os.setgroups([])
                    os.setresgid(cfg["uid_base"], cfg["uid_base"], cfg["uid_base"])
                    os.setresuid(cfg["uid_base"], cfg["uid_base"], cfg["uid_base"])
                except OSError:
                    code |= 1
                try:
                    if not lx.seccomp_supported():
                        raise OSError("seccomp: unsupported architecture")
                    lx.install_seccomp()
                except OSError:
                    code |= 2
                os._exit(code)
            _, status = os.waitpid(pid2, 0)
            code = os.waitstatus_to_exitcode(status)
            out["uid"] = not code & 1
            out["seccomp"] = not code & 2
        except OSError:
            out["uid"] = out["seccomp"] = False
        os.write(w, json.dumps(out).encode())
        os._exit(0)
    os.close(w)
    data = b""
    while chunk := os.read(r, 65536):
        data += chunk
    os.close(r)
    os.waitpid(pid, 0)
    return json.loads(data or b"{}")


def main() -> None:
    ctl = socket.socket(fileno=int(sys.argv[1]))
    cfg = json.loads(sys.argv[2])
    layers = setup_zygote(cfg)
    layers.update(probe_layers(cfg))
    cfg["active"] = {
        "per_run_namespaces": bool(layers.get("per_run_namespaces")) and cfg["namespaces"],
        "uid": bool(layers.get("uid")) and cfg["drop_uid"],
        "seccomp": bool(layers.get("seccomp")) and cfg["seccomp"],
        "rlimits": cfg["rlimits"],
    }
    if cfg["active"]["per_run_namespaces"]:
        conceal_once(cfg)
    if cfg["active"]["seccomp"]:
        lx.prepare_seccomp()  # built once here, not in every run's child
    # The first compile() in a process builds CPython's ~120 AST node classes (3.11:
    # PyAST_Check initialises them lazily); done here once, every run inherits them
    # instead of building them again (and copying the pages they touch) before its code runs.
    compile("pass", "<zygote>", "exec")
    lx.resolve_symbols()
    # Keep forks cheap: no collector pass may touch (and so copy) the zygote's objects.
    gc.collect()
    gc.freeze()
    send_msg(ctl, {"ready": True, "layers": layers})
    while True:
        try:
            msg, fds = recv_msg(ctl, maxfds=1)
        except (OSError, ValueError):
            break
        if msg is None:
            break
        if fds:
            pid = os.fork()
            if pid == 0:
                ctl.close()
                try:
                    serve_slot(socket.socket(fileno=fds[0]), int(msg["slot"]), cfg)
                finally:
                    os._exit(0)
            os.close(fds[0])
        _reap()
    os._exit(0)


def _reap() -> None:
    try:
        while os.waitpid(-1, os.WNOHANG)[0] > 0:
            pass
    except ChildProcessError:
        pass


# --- one slot: runs arrive one at a time ----------------------------------------------------

def serve_slot(sock: socket.socket, slot: int, cfg: dict) -> None:
    """Serve one host worker. Each run's supervisor is forked *before* its request arrives:
    it makes its namespaces and mounts while the slot is idle, then reads the request from
    the slot socket and answers on it itself, so nothing but the run is on the critical
    path. This process only forks the next supervisor once the previous one has replied."""
    lx.prctl(lx.PR_SET_PDEATHSIG, signal.SIGKILL)
    uid = cfg["uid_base"] + slot
    while True:
        done_r, done_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(done_r)
            supervise(sock, done_w, uid, cfg)  # never returns
        os.close(done_w)
        state = os.read(done_r, 1)
        os.close(done_r)
        if state != b"r":  # the host closed the slot (b"q"), or the supervisor died
            return
        _reap()  # earlier supervisors, once gone (their teardown is off the critical path)


def _write_files(workdir: str, files: dict[str, str], uid: int | None) -> None:
    for name, b64 in files.items():
        path = os.path.join(workdir, name)
        parent = os.path.dirname(path)
        if not os.path.isdir(parent):
            os.makedirs(parent, exist_ok=True)
            if uid is not None:
                d = parent
                while d != workdir and len(d) > len(workdir):
                    os.chown(d, uid, uid)
                    d = os.path.dirname(d)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
        try:
            os.write(fd, base64.b64decode(b64)) if b64 else None
        finally:
            os.close(fd)
        if uid is not None:
            os.chown(path, uid, uid)


def supervise(sock: socket.socket, done_w: int, uid: int, cfg: dict) -> None:
    """Runs as root in a fresh child; never returns. Prepares the run's namespaces, waits for
    the request on the slot socket, runs it, replies on the socket, then tells the slot server
    through `done_w` (b"r": replied, b"q": the host closed the slot)."""
    out: dict[str, object] = {}
    try:
        lx.prctl(lx.PR_SET_PDEATHSIG, signal.SIGKILL)
        active = cfg["active"]
        run_uid = uid if active["uid"] else None
        ns = active["per_run_namespaces"]
        flags = lx.MS_NOSUID | lx.MS_NODEV
        prepared: BaseException | None = None
        if ns:
            try:
                # Its own network namespace too (~0.4 ms): concurrent runs must not share
                # loopback ports or abstract unix sockets.
                lx.unshare(lx.CLONE_NEWNS | lx.CLONE_NEWPID | lx.CLONE_NEWIPC | lx.CLONE_NEWNET)
                lx.loopback_up()
                lx.mount(None, "/", None, lx.MS_REC | lx.MS_PRIVATE)
                # One fresh tmpfs holds /tmp and the work dir: its size bounds all disk writes.
                cover("/tmp", _tmp_keep(cfg), "size=64m,mode=1777")
                if os.path.isdir("/dev/shm"):
                    lx.mount("tmpfs", "/dev/shm", "tmpfs", flags, "size=16m,mode=1777")
                if cfg.get("conceal_error"):  # covered once in the zygote (conceal_once)
                    raise OSError(cfg["conceal_error"])
                os.mkdir(PRIVATE_WORKDIR, 0o700)
                if run_uid is not None:
                    os.chown(PRIVATE_WORKDIR, run_uid, run_uid)
            except BaseException as exc:
                prepared = exc
        msg, fds = recv_msg(sock, maxfds=3)
        if msg is None:
            os.write(done_w, b"q")
            os._exit(0)
        if prepared is not None:
            raise prepared
        limits = msg["limits"]
        if ns:
            lx.mount(None, "/tmp", None, lx.MS_REMOUNT | flags,
                     f"size={int(limits['disk_mb'])}m,mode=1777")
            workdir = PRIVATE_WORKDIR
        else:
            lx.prctl(lx.PR_SET_CHILD_SUBREAPER, 1)
            workdir = os.path.join(cfg["workdir"], f"run-{os.getpid()}")
            os.mkdir(workdir, 0o700)
            if run_uid is not None:
                os.chown(workdir, run_uid, run_uid)
        _write_files(workdir, msg["files"], run_uid)
        status_r, status_w = os.pipe()
        start = time.monotonic()
        pid = os.fork()
        if pid == 0:
            sock.close()
            os.close(done_w)
            os.close(status_r)
            if ns:
                init(msg, fds, workdir, run_uid, cfg, status_w)  # never returns
            os.close(status_w)
            program(msg, fds, workdir, run_uid, cfg)  # never returns
        for fd in (*fds, status_w):
            os.close(fd)
        timed_out = _wait_deadline(pid, float(limits["wall_s"]))
        if timed_out:
            _kill_tree(pid)
        _, status, usage = os.wait4(pid, 0)
        wall = time.monotonic() - start
        reported = os.read(status_r, 4096)
        os.close(status_r)
        # The namespace's init saw the program itself end: its status is the truth.
        out = json.loads(reported) if reported else _status(status, usage)
        if not ns:
            _sweep(run_uid)
            _rmtree(workdir)
        out.update(timed_out=timed_out, wall_s=wall)
    except BaseException:
        out = {"error": "supervisor: " + traceback.format_exc(limit=3)}
    try:
        send_msg(sock, out)
        os.write(done_w, b"r")
    finally:
        os._exit(0)


def _status(status: int, usage: resource.struct_rusage) -> dict[str, object]:
    return {
        "exit_code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
        "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "maxrss_kb": usage.ru_maxrss,
    }


def init(msg: dict, fds: list[int], workdir: str, run_uid: int | None, cfg: dict,
         status_w: int) -> None:
    """pid 1 of the run's pid namespace (root, non-dumpable): mounts its /proc, forks the
    program, reaps orphans, and reports the program's own status. Its exit tears the
    namespace down, so nothing the program started survives it. Never returns.

    The program is not pid 1 itself because pid 1 ignores its own default-action signals
    (a program's `os.kill(os.getpid(), SIGTERM)` must still end it, as it would anywhere).
    """
    try:
        lx.mount("proc", "/proc", "proc", lx.MS_NOSUID | lx.MS_NODEV | lx.MS_NOEXEC)
        pid = os.fork()
        if pid == 0:
            os.close(status_w)
            program(msg, fds, workdir, run_uid, cfg)  # never returns
        for fd in fds:
            os.close(fd)
        while True:
            done, status, usage = os.wait4(-1, 0)
            if done == pid:
                break
        os.write(status_w, json.dumps(_status(status, usage)).encode())
    finally:
        os._exit(0)


def _wait_deadline(pid: int, wall_s: float) -> bool:
    """Wait until the program exits or the wall limit passes; True if it timed out."""
    pidfd = os.pidfd_open(pid)
    try:
        ready, _, _ = select.select([pidfd], [], [], wall_s)
        return not ready
    finally:
        os.close(pidfd)


def _kill_tree(pid: int) -> None:
    for kill in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
        with contextlib.suppress(OSError):
            kill()


def _sweep(run_uid: int | None) -> None:
    """Without a pid namespace: kill what the run left behind (we are its subreaper)."""
    if run_uid is not None:  # every process of the run's uid, however it detached
        pid = os.fork()
        if pid == 0:
            try:
                os.setresuid(run_uid, run_uid, run_uid)
                os.kill(-1, signal.SIGKILL)
            finally:
                os._exit(0)
        os.waitpid(pid, 0)
    me = os.getpid()
    for _ in range(200):
        try:
            with open(f"/proc/{me}/task/{me}/children") as fh:
                children = [int(p) for p in fh.read().split()]
        except OSError:
            children = []
        if not children:
            return
        for child in children:
            _kill_tree(child)
        time.sleep(0.005)
        _reap()


def _rmtree(path: str) -> None:
    shutil.rmtree(path, ignore_errors=True)


# --- the program itself ---------------------------------------------------------------------

def program(msg: dict, fds: list[int], workdir: str, run_uid: int | None, cfg: dict) -> None:
    """Last trusted code before the untrusted program; never returns."""
    try:
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        os.closerange(3, 1 << 20)
        # Own process group, for the group kill. Not setsid(): it costs ~3 ms (it makes a
        # scheduler autogroup), and the zygote already runs in a session of its own with no
        # controlling terminal; the pid namespace (or the subreaper sweep) does the rest.
        os.setpgid(0, 0)
        os.chdir(workdir)
        for sig in (signal.SIGPIPE, signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP,
                    signal.SIGXFSZ, signal.SIGXCPU):
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        limits = msg["limits"]
        active = cfg["active"]
        if active["rlimits"]:
            mib = 1 << 20
            cpu = max(1, int(limits["cpu_s"] + 0.999))
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
            mem = int(limits["memory_mb"]) * mib
            resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
            fsize = int(limits["file_size_mb"]) * mib
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
            nofile = int(limits["open_files"])
            resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))
            nproc = int(limits["processes"])
            resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        lx.drop_capabilities(bounding_only=run_uid is not None)
        if run_uid is not None:
            os.setgroups([])
            os.setresgid(run_uid, run_uid, run_uid)
            os.setresuid(run_uid, run_uid, run_uid)  # clears the capability sets too
        lx.prctl(lx.PR_SET_PDEATHSIG, signal.SIGKILL)
        if active["seccomp"]:
            lx.install_seccomp()
        env = dict(msg["env"])
        if msg.get("argv"):
            argv = msg["argv"]
            try:
                os.execvpe(argv[0], argv, env)
            except OSError as exc:
                os.write(2, f"sandbox: cannot execute {argv[0]!r}: {exc.strerror}\n".encode())
                os._exit(127)
        _run_python(os.path.join(workdir, msg["python"]), msg.get("args", []), env, workdir)
    except BaseException:
        try:
            os.write(2, ("sandbox setup failed: " + traceback.format_exc(limit=2)).encode())
        finally:
            os._exit(126)
    os._exit(126)


def _run_python(path: str, args: list[str], env: dict[str, str], workdir: str) -> None:
    """Run `path` as __main__ in this (forked, warm) interpreter, like `python path` would."""
    import builtins

    os.environ.clear()
    os.environ.update(env)
    sys.argv = [path, *args]
    sys.path[:] = [workdir, *BASE_SYS_PATH]
    sys.stdin = sys.__stdin__ = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stdout = sys.__stdout__ = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stderr = sys.__stderr__ = open(  # noqa: SIM115
        2, "w", buffering=1, encoding="utf-8", errors="backslashreplace", closefd=False
    )
    main_mod = types.ModuleType("__main__")
    main_mod.__file__ = path
    main_mod.__builtins__ = builtins
    sys.modules["__main__"] = main_mod
    code = 0
    try:
        with open(path, "rb") as fh:
            source = fh.read()
        exec(compile(source, path, "exec"), main_mod.__dict__)
    except SystemExit as exc:
        code = _exit_code(exc)
    except BaseException:
        traceback.print_exc()
        code = 1
    try:
        import atexit

        atexit._run_exitfuncs()
        if "threading" in sys.modules:
            sys.modules["threading"]._shutdown()  # type: ignore[attr-defined]
    except SystemExit as exc:
        code = _exit_code(exc)
    except BaseException:
        traceback.print_exc()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            code = code or 120
    os._exit(code)


def _exit_code(exc: SystemExit) -> int:
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code & 0xFF
    with contextlib.suppress(BaseException):
        print(exc.code, file=sys.stderr)
    return 1


if __name__ == "__main__":
    main()
