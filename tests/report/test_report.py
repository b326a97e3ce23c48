"""`verticals report`: one offline page, checked as text and in a real headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from verticals.cli import main
from verticals.runner import Job, write_rollouts

pytest.importorskip("matplotlib", reason="the report extra is not installed "
                                         "(pip install -e '.[report]')")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium on PATH (CI: apt-get install -y chromium)")
PLOTS = ["reward-by-env", "reward-by-difficulty", "reward-distribution", "lengths",
         "durations"]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    run = tmp_path_factory.mktemp("run")
    jobs = [Job.of("math/arithmetic-v0", seed, policy, {"difficulty": level})
            for seed in range(3) for policy in ("oracle", "null") for level in (1, 4)]
    jobs += [Job.of("math/calculator-v0", seed, "null") for seed in range(3)]
    write_rollouts(jobs, run, workers=1)
    assert main(["report", str(run), "-o", str(run / "out" / "report.html"),
                 "--title", "A <test> run"]) == 0
    return run / "out" / "report.html"


def test_the_page_is_self_contained_and_holds_every_part(report):
    page = report.read_text()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)  # nothing fetched
    assert "<script" not in page
    for key in PLOTS:
        assert re.search(rf'<figure class="plot" data-plot="{key}">.*?<svg', page, re.S), key
    assert "A &lt;test&gt; run" in page  # escaped, never markup
    assert "math/calculator-v0" in page and "Worst episodes" in page
    assert "extract: no final answer found" in page  # the null policy's reason, counted


def test_a_folder_without_rollouts_is_a_one_line_error(tmp_path, capsys):
    assert main(["report", str(tmp_path)]) == 2
    assert "no rollouts.jsonl" in capsys.readouterr().err


def _chromium(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--host-resolver-rules=MAP * ~NOTFOUND",
         "--enable-logging=stderr", "--v=0", *args, page.as_uri()],
        capture_output=True, text=True, timeout=120)


def _console(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


@needs_chromium
def test_console_messages_are_caught_by_this_harness(tmp_path):
    page = tmp_path / "bad.html"
    page.write_text("<html><body><script>console.error('boom'); nope();</script></body></html>")
    result = _chromium(page, tmp_path / "profile", "--dump-dom")
    assert any("boom" in line for line in _console(result.stderr))
    assert any("nope is not defined" in line for line in _console(result.stderr))


@needs_chromium
def test_the_page_loads_without_console_errors_and_the_plots_render(report, tmp_path):
    dom = _chromium(report, tmp_path / "profile-dom", "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert _console(dom.stderr) == []
    for key in PLOTS:  # every figure holds a drawn SVG once the browser has parsed it
        figure = re.search(rf'<figure class="plot" data-plot="{key}">(.*?)</figure>',
                           dom.stdout, re.S)
        assert figure and "<svg" in figure.group(1) and "<path" in figure.group(1), key

    shot = tmp_path / "page.png"
    result = _chromium(report, tmp_path / "profile-shot", "--window-size=1200,2600",
                       f"--screenshot={shot}")
    assert result.returncode == 0 and shot.exists(), result.stderr[-2000:]
    import numpy as np
    from PIL import Image

    pixels = np.asarray(Image.open(shot).convert("RGB"), dtype=int).reshape(-1, 3)
    ink = float((pixels != 255).any(axis=1).mean())
    assert ink > 0.03, f"the screenshot is nearly blank ({ink:.1%} ink)"
    bar_blue = np.array([0x4C, 0x72, 0xB0])  # the first plot colour: the bars were drawn
    assert int((np.abs(pixels - bar_blue) < 12).all(axis=1).sum()) > 500


@pytest.fixture(scope="module")
def bench_report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "pages" / "bench.html"
    code = main(["bench", "--pattern", "math/arithmetic-v0", "--episodes", "2",
                 "--workers", "1", "-q", "--report", str(out)])
    assert code == 0
    return out


def test_bench_writes_the_same_page_from_the_episodes_it_played(bench_report):
    page = bench_report.read_text()
    assert "<script" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    for key in PLOTS:
        assert re.search(rf'<figure class="plot" data-plot="{key}">.*?<svg', page, re.S), key
    assert "math/arithmetic-v0" in page and "verticals bench" in page
    assert "oracle" in page and "null" in page  # both policies' episodes are in it


def test_bench_report_to_an_unwritable_path_is_a_one_line_error(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("")
    code = main(["bench", "--pattern", "math/arithmetic-v0", "--episodes", "1",
                 "--workers", "1", "-q", "--report", str(blocker / "r.html")])
    assert code == 2
    assert "cannot write" in capsys.readouterr().err


@needs_chromium
def test_the_bench_page_renders_in_chromium(bench_report, tmp_path):
    dom = _chromium(bench_report, tmp_path / "profile-bench", "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert _console(dom.stderr) == []
    for key in PLOTS:
        figure = re.search(rf'<figure class="plot" data-plot="{key}">(.*?)</figure>',
                           dom.stdout, re.S)
        assert figure and "<path" in figure.group(1), key
