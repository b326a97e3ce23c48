"""Environments of every vertical (`verticals.envs`): how a task is played as an episode."""
