"""The report as one HTML page: inline CSS, inline SVG plots, no script, no outside link."""

from __future__ import annotations

import html
import json
from typing import Any

from verticals.report.data import Episode, Run
from verticals.report.plots import PLOTS

#: Longest message text shown in the worst-episodes table.
MESSAGE_CHARS = 4000

STYLE = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto;
       max-width: 1100px; padding: 0 1rem; color: #1d2330; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { margin-top: 2.2rem; }
.meta { color: #5b6476; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0; }
th, td { border-bottom: 1px solid #dde1e8; padding: .3rem .5rem; text-align: left;
         vertical-align: top; }
th { background: #f3f5f8; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.plots { display: flex; flex-wrap: wrap; gap: 1.5rem; }
figure.plot { margin: 0; } figure.plot svg { max-width: 100%; height: auto; }
figcaption { font-weight: 600; margin-bottom: .3rem; }
details { margin: .2rem 0; } summary { cursor: pointer; color: #34508a; }
pre { white-space: pre-wrap; word-break: break-word; background: #f6f7f9; padding: .5rem;
      margin: .2rem 0; max-height: 24rem; overflow: auto; }
.role { font-weight: 600; color: #5b6476; }
.bad { color: #b42318; } .ok { color: #157f3b; }
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _reward(value: float | None) -> str:
    return '<span class="bad">unscored</span>' if value is None else f"{value:.3f}"


def _summary_table(run: Run) -> str:
    rows = []
    for (env, policy), group in run.by("env", "policy").items():
        rows.append(
            f"<tr><td>{_e(env)}</td><td>{_e(policy)}</td>"
            f"<td class=num>{len(group.episodes)}</td>"
            f"<td class=num>{_reward(group.mean_reward)}</td>"
            f"<td class=num>{group.unscored}</td><td class=num>{group.truncated}</td>"
            f"<td class=num>{group.mean_turns:.1f}</td>"
            f"<td class=num>{group.median_seconds * 1000:.1f}</td></tr>")
    return ("<table><tr><th>env</th><th>policy</th><th>episodes</th><th>mean reward</th>"
            "<th>unscored</th><th>truncated</th><th>mean turns</th>"
            "<th>median ms</th></tr>" + "".join(rows) + "</table>")


def _difficulty_table(run: Run) -> str:
    rows = [f"<tr><td>{_e(env)}</td><td>{_e(policy)}</td><td>{_e(level)}</td>"
            f"<td class=num>{len(group.episodes)}</td>"
            f"<td class=num>{_reward(group.mean_reward)}</td></tr>"
            for (env, policy, level), group in run.by("env", "policy", "difficulty").items()]
    return ("<table><tr><th>env</th><th>policy</th><th>difficulty</th><th>episodes</th>"
            "<th>mean reward</th></tr>" + "".join(rows) + "</table>")


def _reasons_table(run: Run) -> str:
    reasons = run.failure_reasons()
    if not reasons:
        return '<p class="ok">Every episode earned 1.0.</p>'
    rows = "".join(f"<tr><td class=num>{count}</td><td>{_e(reason)}</td></tr>"
                   for reason, count in reasons)
    return f"<table><tr><th>episodes</th><th>reason (numbers as #)</th></tr>{rows}</table>"


def _message(message: dict[str, Any]) -> str:
    content = message.get("content")
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    if message.get("tool_calls"):
        text += "\n" + json.dumps(message["tool_calls"], ensure_ascii=False)
    if len(text) > MESSAGE_CHARS:
        text = text[:MESSAGE_CHARS] + f"\n…[{len(text) - MESSAGE_CHARS} more characters]"
    role = _e(message.get("role", "?"))
    return f'<div><span class="role">{role}</span><pre>{_e(text)}</pre></div>'


def _worst_table(run: Run) -> str:
    rows = []
    for episode in run.worst():
        messages = "".join(_message(m) for m in episode.record.get("messages") or []
                           if isinstance(m, dict))
        rows.append(
            f"<tr><td>{_e(episode.env)}<br><span class=meta>seed {_e(episode.record.get('seed'))}"
            f", {_e(episode.policy)}</span></td><td class=num>{_reward(episode.reward)}</td>"
            f"<td>{_e(episode.reason)}<details><summary>{len(episode.record.get('messages') or [])}"
            f" messages</summary>{messages}</details></td></tr>")
    return ("<table><tr><th>episode</th><th>reward</th><th>reason and messages</th></tr>"
            + "".join(rows) + "</table>")


def _figure(key: str, title: str, svg: str) -> str:
    return (f'<figure class="plot" data-plot="{key}"><figcaption>{_e(title)}</figcaption>'
            f"{svg}</figure>")


def render(run: Run, title: str | None = None) -> str:
    episodes = len(run.episodes)
    unscored = sum(e.reward is None for e in run.episodes)
    envs = sorted({e.env for e in run.episodes})
    versions: dict[str, str] = {}
    for episode in run.episodes:
        versions.update(episode.record.get("versions") or {})
    figures = "".join(_figure(key, name, draw(run)) for key, (name, draw) in PLOTS.items())
    heading = title or f"verticals report: {run.folder.name}"
    skipped = (f", {run.skipped_lines} unreadable lines skipped" if run.skipped_lines else "")
    stamped = ", ".join(f"{k} {v}" for k, v in sorted(versions.items()))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(heading)}</title><style>{STYLE}</style></head>
<body>
<h1>{_e(heading)}</h1>
<p class="meta">{episodes} episodes over {len(envs)} envs from {_e(run.folder)};
{unscored} unscored{skipped}. Versions: {_e(stamped)}.</p>
<h2>Summary</h2>{_summary_table(run)}
<h2>Plots</h2><div class="plots">{figures}</div>
<h2>Reward per difficulty</h2>{_difficulty_table(run)}
<h2>Why episodes fell short</h2>{_reasons_table(run)}
<h2>Worst episodes</h2>{_worst_table(run)}
</body></html>
"""


__all__ = ["Episode", "render"]
