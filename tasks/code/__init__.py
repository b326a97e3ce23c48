"""The code vertical's task sources: procedural function and stdio families, repair tasks
made by AST mutation, and loaders for HumanEval, MBPP, APPS, CodeContests, LiveCodeBench
and Open-R1 files (see docs/code.md)."""
