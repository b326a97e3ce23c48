"""Helpers the search tests share: play actions, answer at once."""

from __future__ import annotations


def play(env, actions):
    """Send `actions` in order; return the last (reward, info)."""
    reward, info = 0.0, {}
    for action in actions:
        _, reward, terminated, truncated, info = env.step(action)
        if terminated or truncated:
            break
    return reward, info


def final(env, text):
    """Answer at once with `text`; return (reward, score dict)."""
    _, reward, _, _, info = env.step(text)
    return reward, info["score"]
