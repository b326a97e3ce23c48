"""A run's rollouts read and summed up for the report: per env, difficulty, reason."""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from verticals.errors import VerticalsError
from verticals.runner import ROLLOUTS_FILE, is_scored


@dataclass
class Episode:
    """One rollout line, with what the report reads from it."""

    record: dict[str, Any]
    env: str = ""
    policy: str = ""
    difficulty: str = "default"
    reward: float | None = None
    status: str = "judged"
    reason: str = ""
    turns: int = 0
    tool_calls: int = 0
    seconds: float = 0.0

    @classmethod
    def of(cls, record: dict[str, Any]) -> Episode:
        score = record.get("score") or {}
        config = record.get("config") or {}
        scored = is_scored(record)
        return cls(
            record=record,
            env=str(record.get("env", "?")),
            policy=str(record.get("policy", "?")),
            difficulty=str(config.get("difficulty", "default")),
            reward=float(score.get("reward", 0.0)) if scored else None,
            status=str(score.get("status", "judged")) if not record.get("error") else "error",
            reason=str(record.get("error") or score.get("reason") or ""),
            turns=int(record.get("turns") or 0),
            tool_calls=len(record.get("tool_calls") or []),
            seconds=float((record.get("timings") or {}).get("total_s") or 0.0),
        )


@dataclass
class Group:
    """Episodes of one (env, policy) or one (env, difficulty)."""

    episodes: list[Episode] = field(default_factory=list)

    @property
    def scored(self) -> list[float]:
        return [e.reward for e in self.episodes if e.reward is not None]

    @property
    def mean_reward(self) -> float | None:
        return statistics.fmean(self.scored) if self.scored else None

    @property
    def unscored(self) -> int:
        return sum(e.reward is None for e in self.episodes)

    @property
    def truncated(self) -> int:
        return sum(bool(e.record.get("truncated")) for e in self.episodes)

    @property
    def median_seconds(self) -> float:
        return statistics.median(e.seconds for e in self.episodes) if self.episodes else 0.0

    @property
    def mean_turns(self) -> float:
        return statistics.fmean(e.turns for e in self.episodes) if self.episodes else 0.0


@dataclass
class Run:
    folder: Path
    episodes: list[Episode]
    skipped_lines: int = 0

    def by(self, *keys: str) -> dict[tuple[str, ...], Group]:
        groups: dict[tuple[str, ...], Group] = defaultdict(Group)
        for episode in self.episodes:
            groups[tuple(getattr(episode, k) for k in keys)].episodes.append(episode)
        return dict(sorted(groups.items(), key=lambda item: tuple(_order(k) for k in item[0])))

    def failure_reasons(self, top: int = 15) -> list[tuple[str, int]]:
        """The reasons most often given for an episode that did not earn 1.0."""
        counts = Counter(_reason_kind(e.reason) for e in self.episodes
                         if e.reward is None or e.reward < 1.0)
        return counts.most_common(top)

    def worst(self, count: int = 20) -> list[Episode]:
        """Unscored episodes first, then the lowest rewards, then the longest."""
        return sorted(self.episodes, key=lambda e: (e.reward is not None, e.reward or 0.0,
                                                    -e.seconds))[:count]


def _order(key: str) -> tuple[int, str]:
    return (0, f"{int(key):09d}") if key.isdigit() else (1, key)


_NUMBERS = re.compile(r"-?\d+(\.\d+)?")


def _reason_kind(reason: str) -> str:
    """A reason with its numbers blanked, so that alike failures count together."""
    first = reason.strip().splitlines()[0] if reason.strip() else "(no reason given)"
    return _NUMBERS.sub("#", first)[:200]


def load_run(folder: Path | str) -> Run:
    """Read `rollouts.jsonl` in `folder` (a `verticals run` or `bench` output folder)."""
    folder = Path(folder)
    path = folder / ROLLOUTS_FILE if folder.is_dir() else folder
    if not path.is_file():
        raise VerticalsError(f"no {ROLLOUTS_FILE} in {folder} (give a `verticals run --out` "
                             "folder or a rollouts file)")
    episodes, skipped = [], 0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                skipped += 1
                continue
            if isinstance(record, dict) and "env" in record:
                episodes.append(Episode.of(record))
            else:
                skipped += 1
    if not episodes:
        raise VerticalsError(f"{path} holds no rollout records")
    return Run(folder=path.parent, episodes=episodes, skipped_lines=skipped)
