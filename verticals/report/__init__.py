"""`verticals report RUN_DIR`: one self-contained HTML page from a run's rollouts.

Rewards per env and difficulty, the reward distribution, episode lengths and times (as
matplotlib plots inlined as SVG), the failure reasons most often given, and the worst
episodes with their messages. The page has no script and no outside link, so it opens
offline and can be attached to a CI job. Needs the `report` extra (matplotlib).
"""

from __future__ import annotations

from pathlib import Path

from verticals.errors import VerticalsError
from verticals.report.data import Run, load_run


def need_matplotlib() -> None:
    """Fail with the install line when the report extra is missing (before any work)."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise VerticalsError("the report draws with matplotlib: pip install "
                             "'verticals[report]'") from None


def write_report(run_dir: Path | str, out: Path | str | None = None,
                 title: str | None = None) -> Path:
    """Read the rollouts in `run_dir` and write the page (default `RUN_DIR/report.html`)."""
    need_matplotlib()
    from verticals.report.page import render

    run = load_run(run_dir)
    return _write(render(run, title), Path(out) if out else run.folder / "report.html")


def write_report_from_records(records: list[dict], out: Path | str,
                              title: str | None = None) -> Path:
    """The same page from rollout records in memory (for `bench` and `eval` to call)."""
    need_matplotlib()
    from verticals.report.data import Episode
    from verticals.report.page import render

    target = Path(out)
    run = Run(folder=target.parent, episodes=[Episode.of(r) for r in records])
    if not run.episodes:
        raise VerticalsError("no rollout records to report on")
    return _write(render(run, title), target)


def _write(page: str, target: Path) -> Path:
    """Write the page to `target` (its folder made); a failure is one clear error."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise VerticalsError(f"cannot write {target}: {exc.strerror or exc}") from None
    return target


__all__ = ["Run", "load_run", "write_report", "write_report_from_records"]
