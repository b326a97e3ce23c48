"""The search vertical's tasks: a generated world, its documents and BM25 index, questions."""
