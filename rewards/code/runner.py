"""The program that runs a submission's tests inside the sandbox, all in one sandbox run.

It is trusted code that never shares a process with the submission: for each test (stdio)
or each stretch of tests (functions) it forks a child that loads the submission and
reports what it computed over a pipe; the runner enforces each test's time limit by
killing the child, then starts a fresh child for the next test. Expected values never
enter the sandbox: the runner reports raw outputs, the host judges them.

The final report is one line on a private copy of stdout, prefixed with a nonce the host
sent on stdin; every child's stdout goes to /dev/null (functions) or to a pipe the runner
reads (stdio), so nothing the submission prints can pass for the report.
"""

from __future__ import annotations

#: Source of the runner, run as the sandbox's main program. Standard library only.
RUNNER = r'''
import sys
_WORKDIR = sys.path.pop(0)  # nothing in the work dir may shadow what the runner imports
import importlib.util
import json
import os
import select
import signal
import time
import types

_dumps, _loads, _write, _exit = json.dumps, json.loads, os.write, os._exit
_monotonic = time.monotonic


def _plain(value, depth=0):
    """Raise unless `value` is built from exact builtin JSON types only."""
    t = type(value)
    if depth > 200:
        raise TypeError("too deep")
    if value is None or t is bool or t is int or t is str or t is float:
        return
    if t is list or t is tuple:
        for v in value:
            _plain(v, depth + 1)
        return
    if t is dict:
        for k, v in value.items():
            if type(k) is not str and type(k) is not int:
                raise TypeError("dict keys must be str or int")
            _plain(v, depth + 1)
        return
    raise TypeError("unsupported type")


def _kind(exc):
    t = type(exc)
    return t.__name__ if t.__module__ == "builtins" else "Exception"


def _send(fd, obj):
    data = (_dumps(obj) + "\n").encode()
    while data:
        data = data[_write(fd, data):]


def _quiet(keep):
    null = os.open(os.devnull, os.O_RDWR)
    for target in (0, 1, 2):
        if target not in keep:
            os.dup2(null, target)
    os.close(null)


def _load(path):
    spec = importlib.util.spec_from_file_location("solution", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["solution"] = module
    spec.loader.exec_module(module)
    return module


def _child_calls(job, start, wfd):
    """Load the submission and call it on tests start..end, one JSON line per test."""
    _quiet(())
    sys.path.insert(0, _WORKDIR)
    try:
        module = _load(job["file"])
    except BaseException as exc:
        _send(wfd, {"error": "load", "type": _kind(exc)})
        _exit(0)
    for case in job["cases"][start:]:
        try:
            name = case.get("entry_point") or job["entry_point"]
            if name.startswith("Solution()."):  # LeetCode style: a method of a fresh Solution
                fn = getattr(module.Solution(), name[len("Solution()."):])
            else:
                fn = getattr(module, name)
            if not callable(fn):
                raise TypeError("not callable")
        except BaseException as exc:
            _send(wfd, {"error": "missing", "type": _kind(exc)})
            continue
        try:
            value = fn(*case["args"], **case.get("kwargs", {}))
            _plain(value)
            out = {"value": value}
        except MemoryError:
            out = {"error": "memory"}
        except BaseException as exc:
            out = {"error": "exception", "type": _kind(exc)}
        try:
            _send(wfd, out)
        except (TypeError, ValueError, RecursionError, MemoryError):
            _send(wfd, {"error": "exception", "type": "TypeError"})
    _exit(0)


def _read_lines(rfd, pid, count, budgets, first, cap, results, timing):
    """Collect up to `count` result lines from a child, each within its test's budget."""
    buf = bytearray()
    done = 0
    start = _monotonic()
    deadline = start + budgets[first] + timing["load_s"]
    while done < count:
        left = deadline - _monotonic()
        ready = select.select([rfd], [], [], left)[0] if left > 0 else []
        if not ready:
            results.append({"error": "timeout", "t": round(_monotonic() - start, 4)})
            return done + 1, True
        chunk = os.read(rfd, 1 << 16)
        if not chunk:
            results.append({"error": "crashed", "t": round(_monotonic() - start, 4)})
            return done + 1, False
        buf += chunk
        while done < count:
            nl = buf.find(b"\n")
            if nl < 0:
                if len(buf) > cap:
                    results.append({"error": "output"})
                    return done + 1, False
                break
            line = bytes(buf[:nl])
            del buf[: nl + 1]
            now = _monotonic()
            if nl > cap:
                item = {"error": "output"}
            else:
                try:
                    item = _loads(line)
                    if type(item) is not dict:
                        raise ValueError
                except (ValueError, RecursionError):
                    item = {"error": "protocol"}
            item["t"] = round(now - start, 4)
            results.append(item)
            done += 1
            if item.get("error") == "load":
                return count, False
            start = now
            if done < count:
                deadline = now + budgets[first + done]
    return done, False


def _run_calls(job):
    cases = job["cases"]
    results = []
    timeouts = 0
    while len(results) < len(cases):
        first = len(results)
        rfd, wfd = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(rfd)
            os.close(_CHANNEL)
            _child_calls(job, first, wfd)
        os.close(wfd)
        got, timed_out = _read_lines(rfd, pid, len(cases) - first, job["budgets"], first,
                                     job["max_output"], results, job)
        _reap(pid)
        os.close(rfd)
        if results and results[-1].get("error") == "load":
            results.extend({"error": "load", "type": results[-1].get("type")}
                           for _ in range(len(cases) - len(results)))
        timeouts += timed_out
        if timeouts >= job["max_timeouts"]:
            results.extend({"error": "skipped"} for _ in range(len(cases) - len(results)))
    return results


def _reap(pid):
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
    try:
        _, status = os.waitpid(pid, 0)
        return status
    except OSError:
        return 0


def _wait_until(pid, deadline):
    """The child's wait status, or None if it is still running at `deadline`."""
    pause = 0.0005
    while True:
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except OSError:
            return 0
        if done:
            return status
        if _monotonic() >= deadline:
            return None
        time.sleep(pause)
        pause = min(pause * 2, 0.02)


def _child_program(code, stdin_path, out_w):
    """Run the submission as __main__ with one test's stdin; its stdout goes to out_w."""
    fd = os.open(stdin_path, os.O_RDONLY)
    os.dup2(fd, 0)
    os.dup2(out_w, 1)
    _quiet((0, 1))
    os.closerange(3, 1 << 16)
    sys.stdin = sys.__stdin__ = open(0, encoding="utf-8", errors="replace", closefd=False)
    sys.stdout = sys.__stdout__ = open(1, "w", encoding="utf-8", closefd=False)
    sys.stderr = sys.__stderr__ = open(2, "w", encoding="utf-8", closefd=False)
    sys.path.insert(0, _WORKDIR)
    main = types.ModuleType("__main__")
    main.__file__ = "solution.py"
    main.__builtins__ = __builtins__
    sys.modules["__main__"] = main
    status = 0
    try:
        exec(code, main.__dict__)
    except SystemExit as exc:
        status = 0 if exc.code is None else (exc.code if type(exc.code) is int else 1)
    except MemoryError:
        status = 2
    except BaseException:
        status = 1
    try:
        sys.stdout.flush()
    except BaseException:
        status = status or 1
    _exit(status & 0xFF)


def _run_programs(job):
    try:
        with open(job["file"], "rb") as fh:
            code = compile(fh.read(), "solution.py", "exec")
    except BaseException as exc:
        return [{"error": "load", "type": _kind(exc)} for _ in job["stdins"]]
    results = []
    timeouts = 0
    cap = job["max_output"]
    for i, stdin in enumerate(job["stdins"]):
        if timeouts >= job["max_timeouts"]:
            results.append({"error": "skipped"})
            continue
        path = "_stdin.txt"
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(stdin)
        rfd, wfd = os.pipe()
        start = _monotonic()
        pid = os.fork()
        if pid == 0:
            os.close(rfd)
            _child_program(code, path, wfd)
        os.close(wfd)
        deadline = start + job["budgets"][i] + job["load_s"]
        out = bytearray()
        item = None
        while True:
            left = deadline - _monotonic()
            ready = select.select([rfd], [], [], left)[0] if left > 0 else []
            if not ready:
                item = {"error": "timeout"}
                timeouts += 1
                break
            chunk = os.read(rfd, 1 << 16)
            if not chunk:
                break
            out += chunk
            if len(out) > cap:
                item = {"error": "output"}
                break
        if item is None:  # stdout closed: wait for the exit status, within the budget
            status = _wait_until(pid, deadline)
            if status is None:
                item = {"error": "timeout"}
                timeouts += 1
                _reap(pid)
            else:
                code_ = os.waitstatus_to_exitcode(status)
                if code_ == 2:
                    item = {"error": "memory"}
                elif code_ != 0:
                    item = {"error": "exit", "code": code_}
                else:
                    item = {"stdout": out.decode("utf-8", "replace")}
        else:
            _reap(pid)
        elapsed = round(_monotonic() - start, 4)
        os.close(rfd)
        os.unlink(path)
        item["t"] = elapsed
        results.append(item)
    return results


def _main():
    global _CHANNEL
    nonce = sys.stdin.readline().strip()
    with open("_grader_job.json", encoding="utf-8") as fh:
        job = json.load(fh)
    os.unlink("_grader_job.json")
    _CHANNEL = os.dup(1)
    _quiet(())
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    results = _run_calls(job) if job["mode"] == "calls" else _run_programs(job)
    line = nonce + " " + _dumps({"results": results}) + "\n"
    data = line.encode()
    while data:
        data = data[_write(_CHANNEL, data):]
    _exit(0)


_CHANNEL = -1
_main()
'''
