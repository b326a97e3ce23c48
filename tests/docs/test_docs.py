"""The docs: every Python example in docs/ and README runs, and the site builds --strict.

Examples in one page share a namespace, in order, as a reader would type them. An
example may be skipped only by a `<!-- docs-test: skip (why) -->` line just above it;
one that needs a Docker engine is skipped, saying so, when none is reachable.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
#: Pages whose examples need a trainer's extra run in tests/integrations/test_docs_training.py.
ELSEWHERE = {ROOT / "docs" / "training.md"}
PAGES = [*sorted(p for p in (ROOT / "docs").rglob("*.md") if p not in ELSEWHERE),
         ROOT / "README.md"]
FENCE = re.compile(r"(?P<before>[^\n]*)\n```python[^\n]*\n(?P<code>.*?)^```", re.S | re.M)
SKIP = re.compile(r"<!--\s*docs-test:\s*skip\s*\((?P<why>[^)]+)\)\s*-->")


def _examples(page: Path) -> list[tuple[str, str | None]]:
    """(code, reason to skip or None) for each ```python block of `page`."""
    return [(m.group("code"), (SKIP.search(m.group("before")) or {"why": None})["why"])
            for m in FENCE.finditer("\n" + page.read_text(encoding="utf-8"))]


CASES = [pytest.param(page, index, id=f"{page.relative_to(ROOT)}#{index + 1}")
         for page in PAGES for index in range(len(_examples(page)))]


def _docker_reachable() -> bool:
    try:
        import docker

        docker.from_env(timeout=3).ping()
    except Exception:
        return False
    return True


@pytest.mark.parametrize(("page", "index"), CASES)
def test_example_runs(page, index, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    examples = _examples(page)
    code, skip = examples[index]
    if skip:
        pytest.skip(skip)
    if "docker" in code.lower() and not _docker_reachable():
        pytest.skip("the example needs a Docker engine and none is reachable")
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for number, (earlier, earlier_skip) in enumerate(examples[:index]):
        if earlier_skip or ("docker" in earlier.lower() and not _docker_reachable()):
            continue
        exec(compile(earlier, f"{page.name}#{number + 1}", "exec"), namespace)
    exec(compile(code, f"{page.name}#{index + 1}", "exec"), namespace)


def test_every_page_with_python_has_examples_found():
    assert len(CASES) >= 10  # the fence pattern still matches what the pages hold


def _mkdocs() -> list[str]:
    pytest.importorskip("mkdocs",
                        reason="the docs extra is not installed (pip install -e '.[docs]')")
    pytest.importorskip("mkdocstrings")
    return [sys.executable, "-m", "mkdocs", "build", "--strict"]


def test_the_site_builds_with_strict(tmp_path):
    result = subprocess.run([*_mkdocs(), "--site-dir", str(tmp_path / "site")], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "site" / "check" / "index.html").exists()
    assert "verticals.testing" in (tmp_path / "site" / "reference" / "index.html").read_text()


def test_a_broken_link_fails_the_strict_build(tmp_path):
    command = _mkdocs()
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    config["nav"] = [{"Home": "index.md"}]  # the same settings, over one page
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config))
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\nSee [the missing page](missing.md).\n")
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0 and "missing.md" in result.stderr
