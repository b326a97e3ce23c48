"""Adapters that let the trainers people use (TRL, verl, SkyRL) train on verticals envs.

Each adapter is its own module behind its own pip extra and is never imported by
`import verticals`: `verticals.integrations.trl`, `.verl`, `.skyrl`. The shared part,
`verticals.integrations.datasets`, turns envs into datasets of prompts that carry no
hidden gold: every reward re-creates its task from (env, config, seed).
"""
