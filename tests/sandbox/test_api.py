"""The sandbox API: programs, results, layers, degradation, batches, teardown."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import time
import warnings
from pathlib import Path

import pytest

from verticals import sandbox
from verticals.sandbox import Limits, LocalBackend, Program, SandboxWarning, run_many
from verticals.sandbox.docker_backend import LABEL, container_options


def test_run_entry_point_returns_typed_result() -> None:
    r = sandbox.run("import sys\nprint(input()[::-1])\nprint('oops', file=sys.stderr)",
                    stdin="abc\n", files={"data/x.txt": "hello", "blob.bin": b"\x00\xff"})
    assert (r.exit_code, r.stdout, r.stderr) == (0, "cba\n", "oops\n")
    assert r.timed_out is False and r.limit_hit is None and r.ok
    assert r.backend == "local" and r.layers and r.cpu_s >= 0 and r.wall_s > 0
    assert set(r.to_json()) >= {"exit_code", "stdout", "stderr", "timed_out", "limit_hit", "layers"}


def test_files_exit_codes_and_stderr(backend: object) -> None:
    code = ("import sys\ndata = open('data/x.txt').read() + open('blob.bin', 'rb').read().hex()\n"
            "print(data)\nsys.exit(7)\n")
    r = backend.run(Program(python=code, files={"data/x.txt": "hi", "blob.bin": b"\x00\xff"}))  # type: ignore[attr-defined]
    assert r.stdout == "hi00ff\n" and r.exit_code == 7 and r.signal is None and not r.ok


def test_uncaught_exception_is_exit_1_with_traceback(backend: object) -> None:
    r = backend.run(Program(python="raise ValueError('boom')"))  # type: ignore[attr-defined]
    assert r.exit_code == 1 and "ValueError: boom" in r.stderr


def test_argv_program_with_env_and_stdin(backend: object) -> None:
    prog = Program(argv=("sh", "-c", 'printf "%s:" "$FOO"; cat'), env={"FOO": "bar"},
                   stdin="piped")
    r = backend.run(prog)  # type: ignore[attr-defined]
    assert r.stdout == "bar:piped" and r.exit_code == 0


def test_missing_command_is_a_clean_failure(backend: object) -> None:
    r = backend.run(Program(argv=("no-such-command-xyz",)))  # type: ignore[attr-defined]
    assert r.exit_code == 127 and r.error is None


def test_program_killed_by_its_own_signal_reports_the_signal(backend: object) -> None:
    r = backend.run(Program(python="import os, signal\nos.kill(os.getpid(), signal.SIGTERM)"))  # type: ignore[attr-defined]
    assert r.exit_code is None and r.signal == signal.SIGTERM


def test_tmp_and_workdir_do_not_persist_between_runs(backend: object) -> None:
    token = secrets.token_hex(4)
    first = backend.run(Program(python=f"open('/tmp/{token}', 'w').write('x')\n"  # type: ignore[attr-defined]
                                       f"open('{token}', 'w').write('x')"))
    assert first.ok, first.stderr
    second = backend.run(Program(python=f"import os\nprint(os.path.exists('/tmp/{token}'),"  # type: ignore[attr-defined]
                                        f" os.path.exists('{token}'))"))
    assert second.stdout == "False False\n"


def test_every_result_reports_the_layers(local_backend: LocalBackend) -> None:
    r = local_backend.run(Program(python="pass"))
    assert r.layers == local_backend.layers
    for layer in ("session", "zygote", "netns", "pidns", "mountns", "readonly_root", "rlimits",
                  "uid", "seccomp"):
        assert layer in r.layers


def test_missing_bwrap_degrades_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    real_which = shutil.which
    monkeypatch.setattr("verticals.sandbox.local.shutil.which",
                        lambda name: None if name == "bwrap" else real_which(name))
    backend = LocalBackend(isolation="auto")
    try:
        with pytest.warns(SandboxWarning, match="WITHOUT"):
            backend.start()
        assert backend.layers["bwrap"] is False
        r = backend.run(Program(python="import socket\ntry:\n    socket.create_connection("
                                       "('1.1.1.1', 53), timeout=1)\nexcept OSError:\n"
                                       "    print('no network')"))
        assert r.stdout == "no network\n" and r.layers["bwrap"] is False
    finally:
        backend.close()


def test_no_isolation_available_warns_and_reports(monkeypatch: pytest.MonkeyPatch) -> None:
    backend = LocalBackend(isolation="none")
    try:
        with pytest.warns(SandboxWarning):
            backend.start()
        r = backend.run(Program(python="print('ran')"))
        assert r.ok and r.layers["netns"] is False and r.layers["pidns"] is False
    finally:
        backend.close()


def test_layers_switched_off_on_purpose_do_not_warn_and_still_clean_up() -> None:
    token = "verticals-daemon-" + secrets.token_hex(4)
    backend = LocalBackend(namespaces=False, rlimits=False, drop_uid=False, seccomp=False)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", SandboxWarning)
            backend.start()
        code = ("import os\nif os.fork() == 0:\n    os.setsid()\n"
                f"    os.execvp('sleep', ['sleep', '30', '{token}'])\nprint('left a daemon')")
        r = backend.run(Program(python=code))
        assert r.ok and r.layers["uid"] is False
        assert not _processes_with(token), "the daemonised child outlived the run"
    finally:
        backend.close()


def _processes_with(token: str) -> list[str]:
    found = []
    for entry in os.listdir("/proc"):
        try:
            if entry.isdigit() and token.encode() in Path(f"/proc/{entry}/cmdline").read_bytes():
                found.append(entry)
        except OSError:
            pass
    return found


def test_run_many_keeps_order_and_uses_workers(local_backend: LocalBackend) -> None:
    programs = [Program(python=f"print({i} * {i})") for i in range(12)]
    results = run_many(programs, backend=local_backend, workers=3)
    assert [r.stdout for r in results] == [f"{i * i}\n" for i in range(12)]


def test_close_leaves_no_process_or_temp_dir() -> None:
    backend = LocalBackend()
    backend.start()
    assert backend.run(Program(python="pass")).ok
    proc, tmp = backend._proc, backend._tmp
    assert proc is not None and tmp is not None
    backend.close()
    assert proc.poll() is not None and not os.path.exists(tmp)


def test_bad_programs_and_limits_are_rejected() -> None:
    with pytest.raises(ValueError):
        Program()
    with pytest.raises(ValueError):
        Program(argv=("a",), python="pass")
    for name in ("../x", "/etc/passwd", "a/../../b", ""):
        with pytest.raises(ValueError):
            Program(python="pass", files={name: "x"})
    with pytest.raises(ValueError):
        Limits(wall_s=0)
    with pytest.raises(ValueError):
        sandbox.run("pass", backend="nope")


def test_container_options_map_every_limit() -> None:
    opts = container_options(Limits(memory_mb=300, processes=10, disk_mb=20), cpus=0.5)
    assert opts["network_mode"] == "none" and opts["read_only"] is True
    assert opts["cap_drop"] == ["ALL"] and "no-new-privileges" in opts["security_opt"]
    assert opts["user"] == "65534:65534" and opts["pids_limit"] == 14
    assert opts["mem_limit"] == opts["memswap_limit"] == "364m"
    assert opts["nano_cpus"] == 500_000_000 and "size=20m" in opts["tmpfs"]["/work"]


@pytest.mark.docker
def test_docker_close_removes_its_containers(docker_backend: object) -> None:
    from verticals.sandbox.docker_backend import DockerBackend

    backend = DockerBackend(image=docker_backend.image)  # type: ignore[attr-defined]
    assert backend.run(Program(python="print(1)")).stdout == "1\n"
    owner = backend._owner
    backend.close()
    deadline = time.monotonic() + 10
    left = ["?"]
    while left and time.monotonic() < deadline:
        left = backend.client.containers.list(
            all=True, filters={"label": f"{LABEL}.owner={owner}"})
    assert not left


def test_backend_recovers_when_its_zygote_dies() -> None:
    backend = LocalBackend()
    try:
        assert backend.run(Program(python="print(1)")).stdout == "1\n"
        assert backend._proc is not None
        os.killpg(backend._proc.pid, signal.SIGKILL)
        backend._proc.wait()
        r = backend.run(Program(python="print(2)"))
        assert r.stdout == "2\n" and r.error is None
    finally:
        backend.close()


def test_concurrent_runs_have_their_own_loopback(local_backend: LocalBackend) -> None:
    """Two graded servers on the same port at once must not collide (one netns per run)."""
    code = ("import socket, time\ns = socket.socket()\ns.bind(('127.0.0.1', 8765))\ns.listen()\n"
            "c = socket.create_connection(('127.0.0.1', 8765))\nconn, _ = s.accept()\n"
            "c.send(b'hi')\nprint(conn.recv(2).decode())\ntime.sleep(0.3)\n")
    results = run_many([Program(python=code)] * 4, backend=local_backend, workers=4)
    assert [r.stdout for r in results] == ["hi\n"] * 4, [r.stderr[-200:] for r in results]


@pytest.mark.docker
def test_docker_fresh_mode_uses_a_new_container_per_run(docker_backend: object) -> None:
    from verticals.sandbox.docker_backend import DockerBackend

    backend = DockerBackend(image=docker_backend.image, warm=False)  # type: ignore[attr-defined]
    try:
        first = backend.run(Program(python="import socket\nprint(socket.gethostname())"))
        second = backend.run(Program(python="import socket\nprint(socket.gethostname())"))
        assert first.ok and second.ok and first.stdout != second.stdout
        assert not backend._live, "fresh containers must be removed after their run"
    finally:
        backend.close()
