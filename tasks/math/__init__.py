"""Math task families: procedural generators graded by difficulty, and dataset loaders."""
