"""A pack whose every env breaks the contract in one known way, for the kit to catch."""

BADPACK_MODULE = '''
"""Envs that each break one rule."""

import itertools
import random
import subprocess
import tempfile
import time

from verticals.env import MultiTurnConfig, TextEnv
from verticals.generators import Draft, Generator, SourceConfig, TaskSource
from verticals.tools import Tool
from verticals.types import Score


class WordConfig(SourceConfig):
    length: int = 8


class Words(Generator):
    """A seeded word to repeat."""

    name = "badpack/words"
    version = "1"
    Config = WordConfig

    def generate(self, rng, config):
        word = "".join(rng.choice("abcdefghij") for _ in range(config.length))
        return Draft(prompt=f"Repeat exactly the word shown to you as: {word[::-1]} reversed.",
                     reference={"answer": word}, oracle=[word])


class MetadataLeak(Words):
    """The answer sits in the metadata, which info shows the agent."""

    def generate(self, rng, config):
        draft = super().generate(rng, config)
        draft.metadata = {"hint": draft.reference["answer"]}
        return draft


class HashSeeded(TaskSource):
    """Seeds from hash(): another word under another PYTHONHASHSEED."""

    name = "badpack/hashed"
    version = "1"
    Config = WordConfig

    def draft(self, seed, config):
        rng = random.Random(hash(f"word-{seed}"))
        word = "".join(rng.choice("abcdefghij") for _ in range(config.length))
        return Draft(prompt=f"Repeat exactly the word shown to you as: {word[::-1]} reversed.",
                     reference={"answer": word}, oracle=[word])


def exact(trajectory, task):
    if (trajectory.final_answer or "").strip() == task.reference["answer"]:
        return Score.full("exact")
    return Score.zero("not the word")


def telling(trajectory, task):
    if (trajectory.final_answer or "").strip() == task.reference["answer"]:
        return Score.full("exact")
    return Score.zero(f"wanted {task.reference['answer']}")


def generous(trajectory, task):
    answer = trajectory.final_answer or ""
    if answer == "" or task.reference["answer"] in answer:
        return Score.full("contains the word")
    return Score.zero("no word")


def fragile(trajectory, task):
    if not (trajectory.final_answer or "").strip():
        raise ValueError("empty answer")
    return exact(trajectory, task)


def pays_all(trajectory, task):
    return Score.full("anything goes")


def raises(trajectory, task):
    raise RuntimeError("the verifier is down")


def contains(trajectory, task):
    if task.reference["answer"] in (trajectory.final_answer or ""):
        return Score.full("the word is there")
    return Score.zero("no word")


class QueryEnv(TextEnv):
    """Its answer is a query, not a claim: a second copy contradicts nothing."""

    conformance_exemptions = {"contradiction": "the answer is a search query"}


def last_word(trajectory, task):
    words = (trajectory.final_answer or "").split()
    if words and words[-1] == task.reference["answer"]:
        return Score.full("the last word is the word")
    return Score.zero("the last word is not the word")


class DraftsEnv(TextEnv):
    """By contract its last answer counts, earlier ones are drafts."""

    conformance_exemptions = {"earlier_answers": "the last word is the submission"}


class TypoEnv(TextEnv):
    """Declares an exemption kind that does not exist: it exempts nothing."""

    conformance_exemptions = {"contradictions": "a typo"}


class WorldEnv(TextEnv):
    """Its end state (the agent's world) holds the word, as a database holds an email."""

    def end_state(self):
        return {"shelf": [self.task.reference["answer"]]} if self.task else {}


_calls = itertools.count()


def moody(trajectory, task):
    score = exact(trajectory, task)
    return score if next(_calls) % 2 else Score.zero("every other call")


class NoTool(TextEnv):
    pass


class ToolConfig(MultiTurnConfig):
    pass


class SlowToolEnv(TextEnv):
    """Its tool never answers."""

    Config = ToolConfig

    def tools(self):
        def wait(seconds: int = 0) -> str:
            time.sleep(3600)
            return "done"

        return [Tool(name="wait", description="Waits.", run=wait, parameters={
            "type": "object", "properties": {"seconds": {"type": "integer"}},
            "additionalProperties": False})]


class LookupEnv(TextEnv):
    """Its tool finds the answer's word, as a search tool finds a fact: allowed."""

    Config = ToolConfig

    def tools(self):
        def lookup(query: str = "") -> str:
            return f"Found: {self.task.reference['answer']} (and more)"

        return [Tool(name="lookup", description="Looks the word up.", run=lookup, parameters={
            "type": "object", "properties": {"query": {"type": "string"}},
            "additionalProperties": False})]


class DumpEnv(LookupEnv):
    """Its tool hands out the task's reference as it is: a leak."""

    def tools(self):
        import json

        def lookup(query: str = "") -> str:
            return json.dumps(self.task.reference, sort_keys=True)

        return [Tool(name="lookup", description="Looks the word up.", run=lookup, parameters={
            "type": "object", "properties": {"query": {"type": "string"}},
            "additionalProperties": False})]


class CrashyEnv(TextEnv):
    """Raises on answers that are not strings."""

    def step(self, action):
        if not isinstance(action, str):
            raise TypeError("strings only")
        return super().step(action)


class LitteringEnv(TextEnv):
    """Starts a process and writes a file per episode, and frees neither."""

    def on_reset(self, task):
        self._child = subprocess.Popen(["sleep", "60"])
        handle, _ = tempfile.mkstemp(prefix="litter-")
        self._handle = handle
'''

BADPACK_REGISTRY = """
version: 1
envs:
  badpack/leak-metadata-v0: {env: "badpack:NoTool", tasks: "badpack:MetadataLeak",
                             reward: "badpack:exact"}
  badpack/leak-reason-v0: {env: "badpack:NoTool", tasks: "badpack:Words",
                           reward: "badpack:telling"}
  badpack/hashed-v0: {env: "badpack:NoTool", tasks: "badpack:HashSeeded",
                      reward: "badpack:exact"}
  badpack/generous-v0: {env: "badpack:NoTool", tasks: "badpack:Words",
                        reward: "badpack:generous"}
  badpack/fragile-v0: {env: "badpack:NoTool", tasks: "badpack:Words",
                       reward: "badpack:fragile"}
  badpack/pays-all-v0: {env: "badpack:NoTool", tasks: "badpack:Words",
                       reward: "badpack:pays_all"}
  badpack/raises-v0: {env: "badpack:NoTool", tasks: "badpack:Words", reward: "badpack:raises"}
  badpack/contains-v0: {env: "badpack:NoTool", tasks: "badpack:Words", reward: "badpack:contains"}
  badpack/query-v0: {env: "badpack:QueryEnv", tasks: "badpack:Words", reward: "badpack:contains"}
  badpack/last-word-v0: {env: "badpack:NoTool", tasks: "badpack:Words",
                         reward: "badpack:last_word"}
  badpack/drafts-v0: {env: "badpack:DraftsEnv", tasks: "badpack:Words",
                      reward: "badpack:last_word"}
  badpack/drafts-contains-v0: {env: "badpack:DraftsEnv", tasks: "badpack:Words",
                               reward: "badpack:contains"}
  badpack/typo-v0: {env: "badpack:TypoEnv", tasks: "badpack:Words", reward: "badpack:contains"}
  badpack/world-v0: {env: "badpack:WorldEnv", tasks: "badpack:Words", reward: "badpack:exact"}
  badpack/moody-v0: {env: "badpack:NoTool", tasks: "badpack:Words", reward: "badpack:moody"}
  badpack/slow-tool-v0: {env: "badpack:SlowToolEnv", tasks: "badpack:Words",
                         reward: "badpack:exact"}
  badpack/lookup-v0: {env: "badpack:LookupEnv", tasks: "badpack:Words", reward: "badpack:exact"}
  badpack/dump-v0: {env: "badpack:DumpEnv", tasks: "badpack:Words", reward: "badpack:exact"}
  badpack/crashy-v0: {env: "badpack:CrashyEnv", tasks: "badpack:Words",
                      reward: "badpack:exact"}
  badpack/littering-v0: {env: "badpack:LitteringEnv", tasks: "badpack:Words",
                         reward: "badpack:exact"}
"""
