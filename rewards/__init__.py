"""Reward functions of every vertical (`verticals.rewards`): pure, fast, usable on their own.

A reward never imports an env, and a generator never imports a reward.
"""
