"""Task sources of every vertical: seeded generators and dataset loaders (`verticals.tasks`)."""
