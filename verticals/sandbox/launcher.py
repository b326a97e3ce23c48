"""In-container run server for the docker backend: pid 1 of every warm container.

Started as `python3 -I -S -c <this file's text>` (as the unprivileged user), so it works on
any image with a Python 3.9+ and nothing else. It reads one JSON request per line on stdin
(the container's attached stream), runs the program in its own process group under rlimits
in a fresh /work/run-<id>, enforces the wall limit and output caps, then kills every other
process in the container (`kill(-1)` from pid 1 spares only itself), wipes /work, /tmp and
/dev/shm, and writes one JSON report line on stdout. Being pid 1 it cannot be killed by the
programs it runs (the kernel drops their signals to it), and it is non-dumpable, so they
cannot ptrace it or reach its fds through /proc either.
"""

import base64
import contextlib
import json
import os
import resource
import select
import shutil
import signal
import sys
import time


def _undumpable():
    """Stop same-uid programs from reading our fds through /proc/<pid>/fd."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 0
    except Exception:
        pass


def _write_files(workdir, files):
    for name, b64 in files.items():
        path = os.path.join(workdir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
        try:
            os.write(fd, base64.b64decode(b64))
        finally:
            os.close(fd)


def _child(req, workdir, fds):
    try:
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        os.closerange(3, 1 << 16)
        os.setpgid(0, 0)
        os.chdir(workdir)
        for sig in (signal.SIGPIPE, signal.SIGXFSZ, signal.SIGXCPU, signal.SIGTERM,
                    signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, signal.SIG_DFL)
        lim = req["limits"]
        mib = 1 << 20
        cpu = max(1, int(lim["cpu_s"] + 0.999))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        resource.setrlimit(resource.RLIMIT_AS, (lim["memory_mb"] * mib,) * 2)
        resource.setrlimit(resource.RLIMIT_FSIZE, (lim["file_size_mb"] * mib,) * 2)
        resource.setrlimit(resource.RLIMIT_NOFILE, (lim["open_files"],) * 2)
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        argv = req["argv"]
        os.execvpe(argv[0], argv, req["env"])
    except OSError as exc:
        os.write(2, ("sandbox: cannot execute {!r}: {}\n".format(req["argv"][0], exc)).encode())
    finally:
        os._exit(127)


def _kill_others():
    """Kill every process in the container but us (pid 1); True once none is left."""
    with contextlib.suppress(OSError):
        os.kill(-1, signal.SIGKILL)
    me = os.getpid()
    for _ in range(200):
        with contextlib.suppress(ChildProcessError):
            while os.waitpid(-1, os.WNOHANG)[0] > 0:
                pass
        left = [p for p in os.listdir("/proc") if p.isdigit() and int(p) != me]
        if not left:
            return True
        with contextlib.suppress(OSError):
            os.kill(-1, signal.SIGKILL)
        time.sleep(0.005)
    return False


def _wipe(path):
    for entry in os.listdir(path):
        full = os.path.join(path, entry)
        if os.path.isdir(full) and not os.path.islink(full):
            shutil.rmtree(full, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                os.unlink(full)


def run_one(req):
    lim = req["limits"]
    cap = int(lim["output_bytes"])
    workdir = "/work/run-" + req["id"]
    os.mkdir(workdir, 0o700)
    _write_files(workdir, req["files"])
    stdin = base64.b64decode(req["stdin"])
    in_r, in_w = os.pipe()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        _child(req, workdir, (in_r, out_w, err_w))
    for fd in (in_r, out_w, err_w):
        os.close(fd)
    pidfd = os.pidfd_open(pid)
    bufs = {out_r: bytearray(), err_r: bytearray()}
    trunc = {out_r: False, err_r: False}
    readers = {out_r, err_r}
    writers = {in_w} if stdin else set()
    if not stdin:
        os.close(in_w)
    os.set_blocking(in_w, False) if stdin else None
    sent = 0
    deadline = start + float(lim["wall_s"])
    timed_out = exited = False
    status = None
    while True:
        now = time.monotonic()
        if not exited and now >= deadline:
            timed_out = True
            break
        if exited and (not readers or now >= deadline):
            break
        wait = max(0.0, deadline - now)
        rl, wl, _ = select.select(list(readers) + ([pidfd] if not exited else []),
                                  list(writers), [], wait)
        for fd in wl:
            try:
                sent += os.write(fd, stdin[sent:sent + 65536])
            except BlockingIOError:
                continue
            except OSError:
                sent = len(stdin)
            if sent >= len(stdin):
                writers.discard(fd)
                os.close(fd)
        for fd in rl:
            if fd == pidfd:
                exited = True
                _, status, usage = os.wait4(pid, 0)
                # Whatever still holds the pipes gets a short grace, then is killed below.
                deadline = min(deadline, time.monotonic() + 0.5)
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                readers.discard(fd)
                os.close(fd)
                continue
            room = cap - len(bufs[fd])
            if len(chunk) > room:
                bufs[fd] += chunk[:room]
                trunc[fd] = True
                readers.discard(fd)
                os.close(fd)
            else:
                bufs[fd] += chunk
    if not exited:
        for kill in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
            with contextlib.suppress(OSError):
                kill()
        _, status, usage = os.wait4(pid, 0)
    wall = time.monotonic() - start
    clean = _kill_others()
    for fd in [*readers, *writers, pidfd]:
        os.close(fd)
    shutil.rmtree(workdir, ignore_errors=True)
    for scratch in ("/tmp", "/dev/shm", "/work"):
        if os.path.isdir(scratch):
            _wipe(scratch)
    assert status is not None  # every path above reaped the child
    report = {
        "exit_code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
        "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
        "timed_out": timed_out,
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "stdout": base64.b64encode(bufs[out_r]).decode(),
        "stderr": base64.b64encode(bufs[err_r]).decode(),
        "stdout_truncated": trunc[out_r],
        "stderr_truncated": trunc[err_r],
        "clean": clean,
        "nonce": req["id"],
    }
    return report


def main():
    _undumpable()
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGPIPE):
        signal.signal(sig, signal.SIG_IGN)
    stdin = sys.stdin.buffer
    while True:
        line = stdin.readline()
        if not line:
            return
        nonce = None
        try:
            req = json.loads(line)
            nonce = req.get("id")
            report = run_one(req)
        except Exception as exc:
            _kill_others()
            report = {"error": f"launcher: {type(exc).__name__}: {exc}", "nonce": nonce}
        data = (json.dumps(report) + "\n").encode()
        while data:
            data = data[os.write(1, data):]


main()
