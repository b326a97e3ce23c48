"""`verticals eval`: the command's reading of its arguments and its table."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.table import Table

from verticals import registry
from verticals.errors import VerticalsError
from verticals.evaluation.run import ATTEMPTS_FILE, EvalPlan, run_eval


def cmd_eval(args: argparse.Namespace, *, console: Any, errors: Any,
             progress: Callable[[bool], Any], parse_config: Callable[[Any], dict]) -> int:
    env_ids = registry.registered(args.id) if any(ch in args.id for ch in "*?[") \
        else [registry.spec(args.id).id]
    if not env_ids:
        raise VerticalsError(f"no env id matches '{args.id}' (`verticals list` shows all)")
    config = parse_config(args.config)
    for env_id in env_ids:
        registry.spec(env_id).config(**config)  # fail fast on a bad config
    for name in ("k", "concurrency"):
        if getattr(args, name) < 1:
            raise VerticalsError(f"-{'-' if len(name) > 1 else ''}{name} must be at least 1")
    if args.retries < 0:
        raise VerticalsError("--retries must be 0 or more")
    plan = EvalPlan(
        env_ids=tuple(env_ids), model=args.model, n=args.n, k=args.k, seed=args.seed,
        config=config, base_url=args.base_url, concurrency=args.concurrency,
        retries=args.retries, backoff_s=args.backoff, timeout_s=args.timeout,
        temperature=args.temperature, max_tokens=args.max_tokens, threshold=args.threshold,
    )
    if args.report:
        from verticals.report import need_matplotlib

        need_matplotlib()  # before the model is called, not after
    records: list[dict[str, Any]] = []
    with progress(not args.quiet) as bar_progress:
        bar = bar_progress.add_task(f"eval {args.model}", total=None)
        report = run_eval(plan, args.out,
                          on_total=lambda n: bar_progress.update(bar, total=n),
                          on_progress=lambda n: bar_progress.advance(bar, n),
                          records=records if args.report else None)
    if report["resumed"]:
        errors.print(f"resumed: {report['resumed']} scored attempts were already in {args.out}")
    if args.report:
        from verticals.report import write_report_from_records

        written = write_report_from_records(records, args.report,
                                            f"verticals eval: {args.model}")
        errors.print(f"report written to {written}", highlight=False)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    console.print(report_table(report, Path(args.out) / ATTEMPTS_FILE))
    return 0


def _cell(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def report_table(report: dict[str, Any], where: Path) -> Table:
    k = report["k"]
    ks = sorted({1, k})
    table = Table(title=f"{report['model']}: {report['n']} tasks x {k} attempts ({where})")
    for column in ("env", "difficulty", "tasks", "attempts", "unscored", "mean reward"):
        table.add_column(column, no_wrap=True)
    for j in ks:
        table.add_column(f"pass@{j}", justify="right")
    for j in ks[1:]:
        table.add_column(f"pass^{j}", justify="right")
    rows = [*report["rows"], {"env": "all", "difficulty": "", **report["overall"]}]
    for row in rows:
        table.add_row(
            row["env"], str(row["difficulty"]), str(row["tasks"]), str(row["attempts"]),
            str(row["unscored"]), _cell(row["mean_reward"]),
            *[_cell(row["pass_at"][str(j)]) for j in ks],
            *[_cell(row["pass_hat"][str(j)]) for j in ks[1:]],
        )
    return table
