"""Bridges to outside systems: trainers (TRL, verl, SkyRL) and engines (Ray).

Each adapter is its own module behind its own pip extra and is never imported by
`import verticals`: `verticals.integrations.trl`, `.verl`, `.skyrl`, `.ray`. The shared
part, `verticals.integrations.datasets`, turns envs into datasets of prompts that carry no
hidden gold: every reward re-creates its task from (env, config, seed).
"""
