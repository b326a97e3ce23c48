"""The attack suite: hostile programs, run against both backends. Each must end as a clean
failure (a typed Result, the right limit named) and leave the host untouched: no process of
the sandbox's users left, no file written outside the run, no host secret read."""

from __future__ import annotations

import dataclasses
import os
import secrets
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from verticals.conformance.leaks import child_processes
from verticals.sandbox import Limits, Program, Result
from verticals.sandbox.docker_backend import SERVER_CMD

IDLE = ("\0".join(SERVER_CMD) + "\0").encode()

CANARY = "verticals-canary-" + secrets.token_hex(8)
os.environ["VERTICALS_TEST_CANARY"] = CANARY  # visible in this process's /proc/<pid>/environ
ROOT_SECRET = Path("/root") / f".{CANARY}"
HOST_MARK = Path("/tmp") / f"{CANARY}-escape"
QUICK = Limits(wall_s=2.0, cpu_s=2.0, memory_mb=256, processes=32, file_size_mb=4, disk_mb=16,
               output_bytes=64 * 1024, open_files=64)


@dataclass(frozen=True)
class Attack:
    name: str
    program: Program
    check: Callable[[Result], None]
    limits: Limits = QUICK


def py(code: str, **kw: object) -> Program:
    return Program(python=code, **kw)  # type: ignore[arg-type]


def failed(r: Result) -> None:
    assert not r.ok, r


def blocked(r: Result) -> None:
    """The program prints BLOCKED when every attempt it made was refused."""
    assert r.error is None, r.error
    assert "BLOCKED" in r.stdout and "ESCAPED" not in r.stdout, (r.stdout, r.stderr)


def limit(*names: str) -> Callable[[Result], None]:
    def check(r: Result) -> None:
        assert r.limit_hit in names, (r.limit_hit, r.exit_code, r.signal, r.stderr[-300:])
        assert not r.ok

    return check


def _try_all(attempts: str) -> str:
    """Program text: run each attempt; any success prints ESCAPED, else BLOCKED."""
    return (
        "import os, socket, sys\nok = False\n"
        + "".join(
            f"try:\n    {line}\n    ok = True\n    print('ESCAPED', {line!r})\n"
            "except BaseException:\n    pass\n"
            for line in attempts.strip().splitlines()
        )
        + "print('BLOCKED' if not ok else 'ESCAPED')\n"
    )


def _check_stdout_flood(r: Result) -> None:
    assert r.stdout_truncated and len(r.stdout_bytes) == QUICK.output_bytes
    assert r.limit_hit == "output"


def _check_exit_before_work(r: Result) -> None:
    assert r.exit_code == 0 and r.stdout == "" and r.error is None


def _check_garbage(r: Result) -> None:
    assert len(r.stdout_bytes) == 50_000 and isinstance(r.stdout, str)
    assert r.exit_code == 0


def _check_no_leak(r: Result) -> None:
    assert CANARY not in r.stdout and CANARY not in r.stderr, r.stdout[:300]


def _check_daemon(r: Result) -> None:
    # Within its own wall limit: the run did not wait for the daemon's 30 s sleep.
    assert r.exit_code == 0 and r.limit_hit is None, r


def _check_huge_argv(r: Result) -> None:
    assert r.exit_code not in (0, None) or r.error is not None, r


def _check_shell(r: Result) -> None:
    lines = r.stdout.split()
    assert lines and lines[0] != "0", r.stdout  # not root
    assert "BLOCKED" in r.stdout and "ESCAPED" not in r.stdout, r.stdout


ATTACKS = [
    Attack("fork_bomb", py("import os\nwhile True:\n    try:\n        os.fork()\n"
                           "    except OSError:\n        pass\n"),
           limit("wall", "cpu", "processes", "memory")),
    # A roomy wall limit: on a loaded machine, zero-filling 256 MiB can outlast 2 s, and
    # what is tested is that the memory limit (not the clock) stops it.
    Attack("memory_bomb", py("chunks = []\nwhile True:\n    chunks.append(bytearray(32 << 20))\n"),
           limit("memory"), dataclasses.replace(QUICK, wall_s=30.0, cpu_s=30.0)),
    Attack("disk_fill", py("i = 0\nwhile True:\n    with open(f'fill{i}', 'wb') as f:\n"
                           "        f.write(b'x' * (1 << 20))\n    i += 1\n"), failed),
    Attack("big_file", py("with open('big', 'wb') as f:\n    while True:\n"
                          "        f.write(b'x' * (1 << 20))\n"), limit("file_size")),
    Attack("stdout_flood", py("import sys\nwhile True:\n    sys.stdout.write('x' * 65536)\n"),
           _check_stdout_flood),
    Attack("ignore_sigterm_loop", py("import signal\nsignal.signal(signal.SIGTERM, "
                                     "signal.SIG_IGN)\nwhile True:\n    pass\n"),
           limit("wall", "cpu")),
    Attack("sleep_past_limit", py("import time\ntime.sleep(60)\n"), limit("wall")),
    Attack("cpu_burn", py("while True:\n    pass\n"),
           limit("cpu", "wall"), Limits(wall_s=5.0, cpu_s=1.0, memory_mb=256)),
    Attack("too_many_files", py("fs = [open('f', 'w') for _ in range(1000)]\n"),
           limit("open_files")),
    Attack("daemonised_child", py(
        "import os, time\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
        "        time.sleep(30)\n    os._exit(0)\nprint('parent done')\n"), _check_daemon),
    Attack("dns_lookup", py(_try_all("socket.getaddrinfo('pypi.org', 443)")), blocked),
    Attack("read_other_users_files", py(_try_all(
        "open('/etc/shadow').read()\n"
        f"open({str(ROOT_SECRET)!r}).read()")), blocked),
    Attack("write_outside_workdir", py(
        f"try:\n    open({str(HOST_MARK)!r}, 'w').write('x')\nexcept OSError:\n    pass\n"
        + _try_all("open('/etc/passwd', 'a').write('x')\nopen('/usr/evil', 'w').write('x')\n"
                   "open('/var/tmp/evil', 'w').write('x')")), blocked),
    Attack("proc_parent_escape", py(
        "import os\nfor pid in [p for p in os.listdir('/proc') if p.isdigit()] + "
        "[str(os.getppid())]:\n"
        "    for leaf in ('environ', 'cmdline', 'root/etc/shadow'):\n"
        "        try:\n            print(open(f'/proc/{pid}/{leaf}', 'rb').read()[:2000])\n"
        "        except OSError:\n            pass\n"), _check_no_leak),
    Attack("kill_parent", py("import os, signal\nfor target in (os.getppid(), 1, -1):\n"
                             "    try:\n        os.kill(target, signal.SIGKILL)\n"
                             "    except OSError:\n        pass\nprint('survived')\n"),
           lambda r: (r.stdout == "survived\n" and r.error is None) or pytest.fail(repr(r))),
    Attack("os_exit_before_work", py("import os\nos._exit(0)\nprint('work')\n"),
           _check_exit_before_work),
    Attack("sys_exit_before_work", py("import sys\nsys.exit(0)\nprint('work')\n"),
           _check_exit_before_work),
    Attack("spawn_shell", py(
        "import subprocess\nprint(subprocess.run(['sh', '-c', 'id -u'], capture_output=True,"
        " text=True).stdout.strip())\n"
        "r = subprocess.run(['sh', '-c', 'cat /etc/shadow || touch /bin/pwned || exit 3'],"
        " capture_output=True)\nprint('BLOCKED' if r.returncode else 'ESCAPED')\n"),
        _check_shell),
    Attack("huge_argv", Program(argv=("python3", "-c", "pass", *(["y" * 100_000] * 40)),
                                env={"BIG": "z" * 200_000}), _check_huge_argv),
    Attack("binary_garbage_stdout", py("import os, sys\nsys.stdout.buffer.write(bytes("
                                       "(i * 7 + 0x80) % 256 for i in range(50_000)))\n"),
           _check_garbage),
    Attack("non_utf8_filenames", py(
        "import os\nfd = os.open(b'\\xff\\xfe-bad-\\x80.txt', os.O_CREAT | os.O_WRONLY)\n"
        "os.close(fd)\nos.mkdir(b'\\xc3\\x28dir')\nprint(sorted(os.listdir(b'.')))\n"),
        lambda r: (r.exit_code == 0) or pytest.fail(r.stderr)),
    Attack("symlink_tricks", py(_try_all(
        "os.symlink('/etc/shadow', 'shadow'); open('shadow').read()\n"
        "os.symlink('/usr', 'usr'); open('usr/evil', 'w').write('x')\n"
        f"os.symlink({str(ROOT_SECRET)!r}, 's'); open('s').read()\n"
        "os.symlink('/', 'root'); open('root/etc/passwd', 'a').write('x')")), blocked),
    Attack("ptrace_and_namespaces", py(_try_all(
        "import ctypes; libc = ctypes.CDLL(None); "
        "assert libc.unshare(0x10000000) == 0\n"
        "import ctypes; libc = ctypes.CDLL(None); assert libc.ptrace(16, 1, 0, 0) == 0")),
        blocked),
]


def sandbox_processes(backend: object) -> list[int]:
    """Host pids that belong to the sandbox's users (besides idle containers' pid 1).

    For a local backend, only this process's descendants count: a sandbox another
    program runs on the same host at the same time is not this test's leftover.
    """
    uids = set(range(61000, 61000 + 256)) | {65534}
    base = getattr(backend, "uid_base", None)
    if base is not None:
        uids |= set(range(base, base + 256))
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            status = Path(f"/proc/{entry}/status").read_text()
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        uid = int(next(line for line in status.splitlines() if line.startswith("Uid:")).split()[1])
        if uid in uids and cmdline != IDLE:
            found.append(int(entry))
    if getattr(backend, "name", "") == "docker":
        return found
    ours = child_processes()
    return [pid for pid in found if pid in ours]


def _host_mounts() -> list[str]:
    """Host mount points, less the Docker engine's own (it may mount for other reasons)."""
    points = (line.split()[4] for line in Path("/proc/self/mountinfo").read_text().splitlines())
    return sorted(p for p in points if "docker" not in p and "containerd" not in p)


@pytest.fixture(scope="module", autouse=True)
def root_secret() -> Iterator[None]:
    ROOT_SECRET.write_text(CANARY)
    ROOT_SECRET.chmod(0o644)
    yield
    ROOT_SECRET.unlink(missing_ok=True)


@pytest.mark.parametrize("attack", ATTACKS, ids=[a.name for a in ATTACKS])
def test_attack_fails_cleanly_and_host_is_untouched(attack: Attack, backend: object) -> None:
    mounts_before = _host_mounts()
    result = backend.run(attack.program, attack.limits)  # type: ignore[attr-defined]
    if backend.name == "local":  # type: ignore[attr-defined]
        assert _host_mounts() == mounts_before, "a mount outlived the run"
    attack.check(result)
    _check_no_leak(result)
    assert not HOST_MARK.exists()
    assert ROOT_SECRET.read_text() == CANARY
    deadline = time.monotonic() + 3.0  # processes may take a moment to be reaped
    while (left := sandbox_processes(backend)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not left, f"processes left behind: {left}"
    after = backend.run(Program(python="import os\nprint(sorted(os.listdir('.')))"))  # type: ignore[attr-defined]
    assert after.ok and after.stdout.strip() == "['main.py']", (after.stdout, after.stderr)


def test_a_run_cannot_reach_a_listener_the_host_itself_reaches(backend: object) -> None:
    """Network isolation, proven against a server that is really there (loopback only)."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        socket.create_connection(("127.0.0.1", port), timeout=2).close()  # reachable here
        attempt = f"socket.create_connection(('127.0.0.1', {port}), timeout=2)"
        result = backend.run(py(_try_all(attempt)), QUICK)  # type: ignore[attr-defined]
    blocked(result)
