"""The report's plots, drawn with matplotlib and kept as inline SVG (no script, no CDN).

Text stays text (`svg.fonttype: none`) so the file stays small and searchable, and the
ids matplotlib writes are salted with a constant so the same run gives the same file.
"""

from __future__ import annotations

import io
from typing import Any

from verticals.report.data import Run

PALETTE = ["#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860", "#DA8BC3"]


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "verticals-report",
                         "font.size": 10, "axes.spines.top": False,
                         "axes.spines.right": False})
    return plt


def _svg(figure: Any) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    _pyplot().close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def reward_by_env(run: Run) -> str:
    """Mean judged reward per env, one bar per policy."""
    plt = _pyplot()
    groups = run.by("env", "policy")
    envs = sorted({env for env, _ in groups})
    policies = sorted({policy for _, policy in groups})
    height = 0.8 / max(len(policies), 1)
    figure, axes = plt.subplots(figsize=(8, 0.45 * len(envs) * max(1, len(policies) / 2) + 1.2))
    for index, policy in enumerate(policies):
        values = [groups.get((env, policy)) for env in envs]
        means = [g.mean_reward if g and g.mean_reward is not None else 0.0 for g in values]
        positions = [row + index * height for row in range(len(envs))]
        axes.barh(positions, means, height=height, label=policy,
                  color=PALETTE[index % len(PALETTE)])
    axes.set_yticks([row + height * (len(policies) - 1) / 2 for row in range(len(envs))],
                    envs)
    axes.invert_yaxis()
    axes.set_xlim(0, 1.05)
    axes.set_xlabel("mean reward (judged episodes)")
    axes.legend(title="policy", loc="lower right")
    return _svg(figure)


def reward_by_difficulty(run: Run) -> str:
    """Mean judged reward per difficulty, one line per env (and policy when several)."""
    plt = _pyplot()
    groups = run.by("env", "policy", "difficulty")
    policies = {policy for _, policy, _ in groups}
    series: dict[str, list[tuple[str, float]]] = {}
    for (env, policy, difficulty), group in groups.items():
        if group.mean_reward is None:
            continue
        name = env if len(policies) == 1 else f"{env} ({policy})"
        series.setdefault(name, []).append((difficulty, group.mean_reward))
    levels = sorted({d for points in series.values() for d, _ in points},
                    key=lambda d: (not d.isdigit(), d.zfill(9)))
    figure, axes = plt.subplots(figsize=(8, 3.6))
    for index, (name, points) in enumerate(sorted(series.items())[:20]):
        xs = [levels.index(d) for d, _ in points]
        axes.plot(xs, [r for _, r in points], marker="o", label=name,
                  color=PALETTE[index % len(PALETTE)])
    axes.set_xticks(range(len(levels)), levels)
    axes.set_ylim(-0.05, 1.05)
    axes.set_xlabel("difficulty")
    axes.set_ylabel("mean reward")
    if len(series) <= 12:
        axes.legend(fontsize=8, loc="best")
    return _svg(figure)


def reward_distribution(run: Run) -> str:
    plt = _pyplot()
    rewards = [e.reward for e in run.episodes if e.reward is not None]
    figure, axes = plt.subplots(figsize=(5, 3.2))
    axes.hist(rewards, bins=[i / 20 for i in range(21)], color=PALETTE[0], edgecolor="white")
    axes.set_xlabel("reward")
    axes.set_ylabel("episodes")
    unscored = sum(e.reward is None for e in run.episodes)
    axes.set_title(f"{len(rewards)} judged, {unscored} unscored", fontsize=10)
    return _svg(figure)


def lengths(run: Run) -> str:
    """Turns and tool calls per episode."""
    plt = _pyplot()
    figure, (left, right) = plt.subplots(1, 2, figsize=(8, 3.2))
    for axes, values, label, color in (
            (left, [e.turns for e in run.episodes], "turns per episode", PALETTE[1]),
            (right, [e.tool_calls for e in run.episodes], "tool calls per episode", PALETTE[2])):
        axes.hist(values, bins=_integer_bins(values), color=color, edgecolor="white")
        axes.set_xlabel(label)
        axes.xaxis.get_major_locator().set_params(integer=True)
    left.set_ylabel("episodes")
    return _svg(figure)


def _integer_bins(values: list[int]) -> list[float]:
    """Bins centred on whole numbers (at most 40 of them) for counts."""
    low, high = min(values, default=0), max(values, default=0)
    step = max(1, (high - low + 1) // 40 + (1 if (high - low + 1) % 40 else 0))
    return [low - 0.5 + i * step for i in range((high - low) // step + 2)]


def durations(run: Run) -> str:
    """Wall time per episode (reset, policy, steps and reward), log scale."""
    plt = _pyplot()
    import math

    seconds = [max(e.seconds, 1e-6) for e in run.episodes]
    low, high = math.floor(math.log10(min(seconds))), math.ceil(math.log10(max(seconds)))
    edges = [10 ** (low + i * (max(high - low, 1)) / 30) for i in range(31)]
    figure, axes = plt.subplots(figsize=(5, 3.2))
    axes.hist(seconds, bins=edges, color=PALETTE[4], edgecolor="white")
    axes.set_xscale("log")
    axes.set_xlabel("seconds per episode")
    axes.set_ylabel("episodes")
    return _svg(figure)


PLOTS = {
    "reward-by-env": ("Reward per env", reward_by_env),
    "reward-by-difficulty": ("Reward per difficulty", reward_by_difficulty),
    "reward-distribution": ("Reward distribution", reward_distribution),
    "lengths": ("Episode length", lengths),
    "durations": ("Time per episode", durations),
}
