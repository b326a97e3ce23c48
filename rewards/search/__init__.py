"""Rewards of the search vertical: typed answers, cited evidence, abstention, tables, ranks."""
