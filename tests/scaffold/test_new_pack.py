"""`verticals new`: the pack it writes installs, is listed, and passes bench, check and its
own tests, in a virtual environment of its own."""

from __future__ import annotations

import ast
import os
import site
import subprocess
import venv
from pathlib import Path

import pytest
import yaml

from verticals.cli import main
from verticals.errors import VerticalsError
from verticals.scaffold import create_pack


def _run(python: Path, *args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(python), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=environ)


def _venv_sharing_our_packages(folder: Path) -> Path:
    """A fresh venv that sees this interpreter's installed packages (verticals and its
    dependencies, pip, setuptools) without reinstalling them: a .pth runs addsitedir on
    our site-packages, whose own .pth files (verticals' editable finder) then apply."""
    venv.EnvBuilder(with_pip=False).create(folder)
    python = folder / "bin" / "python"
    purelib = _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                   cwd=folder).stdout.strip()
    ours = [p for p in site.getsitepackages() if Path(p).is_dir()]
    lines = [f"import site; site.addsitedir({p!r})" for p in ours]
    (Path(purelib) / "_verticals_parent.pth").write_text("\n".join(lines) + "\n")
    return python


def test_a_new_pack_installs_and_passes_list_bench_check_and_its_own_tests(tmp_path):
    assert main(["new", "acme-tasks", "--dir", str(tmp_path)]) == 0
    pack = tmp_path / "acme-tasks"
    python = _venv_sharing_our_packages(tmp_path / "venv")

    install = _run(python, "-m", "pip", "install", "--no-deps", "--no-build-isolation",
                   "--no-index", "-q", "-e", str(pack), cwd=tmp_path)
    assert install.returncode == 0, install.stderr[-2000:]

    listed = _run(python, "-m", "verticals.cli", "list", "acme-tasks/*", "--json", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr[-2000:]
    assert [row["id"] for row in yaml.safe_load(listed.stdout)] == ["acme-tasks/inventory-v0"]
    assert "broken" not in listed.stdout

    bench = _run(python, "-m", "verticals.cli", "bench", "--pattern", "acme-tasks/*",
                 "--episodes", "3", "--workers", "1", "-q", cwd=tmp_path)
    assert bench.returncode == 0, bench.stdout[-2000:] + bench.stderr[-2000:]

    junit = tmp_path / "check.xml"
    check = _run(python, "-m", "verticals.cli", "check", "acme-tasks/*", "--fuzz", "200",
                 "--junit", str(junit), "-q", cwd=tmp_path)
    assert check.returncode == 0, check.stdout[-3000:] + check.stderr[-3000:]
    assert junit.read_text().count("<testcase") == 9 and "<failure" not in junit.read_text()

    tests = _run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=pack)
    assert tests.returncode == 0, tests.stdout[-3000:]
    assert "11 passed" in tests.stdout  # 9 checks + 2 reward tests


def test_the_pack_layout_splits_task_source_reward_and_env(tmp_path):
    root = create_pack("shop_rules", tmp_path)
    module = root / "shop_rules"
    assert sorted(p.name for p in module.iterdir()) == [
        "__init__.py", "envs.py", "registry.yaml", "rewards.py", "tasks.py"]
    pyproject = (root / "pyproject.toml").read_text()
    assert '[project.entry-points."verticals.packs"]\nshop_rules = "shop_rules"' in pyproject
    assert 'shop_rules = ["registry.yaml"]' in pyproject
    for path in root.rglob("*.py"):
        ast.parse(path.read_text(), filename=str(path))  # every file is valid Python
    entries = yaml.safe_load((module / "registry.yaml").read_text())["envs"]
    entry = entries["shop_rules/inventory-v0"]
    assert entry["env"] == "shop_rules.envs:InventoryEnv"
    assert (root / ".gitignore").exists() and "shop_rules" in (root / "README.md").read_text()


@pytest.mark.parametrize("name", ["Acme", "1pack", "a b", "verticals", "x" * 70, "../up"])
def test_bad_names_and_existing_folders_are_refused(tmp_path, name):
    with pytest.raises(VerticalsError):
        create_pack(name, tmp_path)
    create_pack("taken", tmp_path)
    with pytest.raises(VerticalsError, match="already exists"):
        create_pack("taken", tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


def test_the_cli_says_what_to_do_next(tmp_path, capsys):
    assert main(["new", "acme", "--dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "pip install -e '.[test]'" in out and "verticals check 'acme/*'" in out
    assert main(["new", "acme", "--dir", str(tmp_path)]) == 2
